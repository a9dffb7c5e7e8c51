//! The smallest typst `World` that renders our templates: embedded fonts, embedded templates,
//! and a handful of in-memory files (the act data as JSON, images). No file system, no network,
//! no packages, no clock: `today()` answers `None`, so a template that asks for the current
//! date fails instead of making the output depend on the day it was rendered.

use std::collections::HashMap;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use crate::Error;

/// The fonts every document may use (see `fonts/README.md`).
static FONT_FILES: [&[u8]; 6] = [
    include_bytes!("../fonts/TitilliumWeb-Regular.ttf"),
    include_bytes!("../fonts/TitilliumWeb-Italic.ttf"),
    include_bytes!("../fonts/TitilliumWeb-SemiBold.ttf"),
    include_bytes!("../fonts/TitilliumWeb-Bold.ttf"),
    include_bytes!("../fonts/RobotoMono-Regular.ttf"),
    include_bytes!("../fonts/DejaVuSans.ttf"),
];

/// The templates, by their virtual path.
pub(crate) static TEMPLATES: [(&str, &str); 14] = [
    ("/base.typ", include_str!("../templates/base.typ")),
    (
        "/delibera-giunta.typ",
        include_str!("../templates/delibera-giunta.typ"),
    ),
    (
        "/delibera-consiglio.typ",
        include_str!("../templates/delibera-consiglio.typ"),
    ),
    (
        "/determinazione.typ",
        include_str!("../templates/determinazione.typ"),
    ),
    ("/ordinanza.typ", include_str!("../templates/ordinanza.typ")),
    ("/decreto.typ", include_str!("../templates/decreto.typ")),
    (
        "/verbale-pl.typ",
        include_str!("../templates/verbale-pl.typ"),
    ),
    ("/copia.typ", include_str!("../templates/copia.typ")),
    ("/parere.typ", include_str!("../templates/parere.typ")),
    (
        "/attestazione.typ",
        include_str!("../templates/attestazione.typ"),
    ),
    (
        "/archiviazione.typ",
        include_str!("../templates/archiviazione.typ"),
    ),
    (
        "/avviso-pagopa.typ",
        include_str!("../templates/avviso-pagopa.typ"),
    ),
    ("/seduta.typ", include_str!("../templates/seduta.typ")),
    ("/registro.typ", include_str!("../templates/registro.typ")),
];

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// Whether some bundled font can print `c` (whitespace always can).
pub(crate) fn printable(c: char) -> bool {
    c.is_whitespace()
        || SHARED
            .fonts
            .iter()
            .any(|f| f.info().coverage.contains(c as u32))
}

/// The templates, parsed once for the life of the process (each rendering used to parse
/// all of them again: a fifth of the time of a signature).
static SOURCES: LazyLock<Result<HashMap<FileId, Source>, String>> = LazyLock::new(|| {
    TEMPLATES
        .iter()
        .map(|(path, text)| {
            let id = file_id(path).map_err(|e| e.to_string())?;
            Ok((id, Source::new(id, text.to_string())))
        })
        .collect()
});

/// One compilation: a main template and the in-memory files it reads.
pub(crate) struct DocWorld {
    main: FileId,
    sources: &'static HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
}

fn file_id(path: &str) -> Result<FileId, Error> {
    let vpath = VirtualPath::new(path).map_err(|e| Error::Template(format!("{path}: {e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl DocWorld {
    /// A world whose main file is the template at `main` (one of [`TEMPLATES`]), with the
    /// extra in-memory `files` (path, bytes).
    pub(crate) fn new(main: &str, files: Vec<(&str, Vec<u8>)>) -> Result<DocWorld, Error> {
        let sources = SOURCES.as_ref().map_err(|e| Error::Template(e.clone()))?;
        let main = file_id(main)?;
        if !sources.contains_key(&main) {
            return Err(Error::Template(format!("no template {main:?}")));
        }
        let mut map = HashMap::new();
        for (path, bytes) in files {
            map.insert(file_id(path)?, Bytes::new(bytes));
        }
        Ok(DocWorld {
            main,
            sources,
            files: map,
        })
    }

    /// Lays the document out.
    pub(crate) fn compile(&self) -> Result<PagedDocument, Error> {
        let result = typst::compile::<PagedDocument>(self).output;
        // Typst memoizes across compilations; drop what no recent compilation used, so a
        // long-running app does not grow without bound.
        typst::comemo::evict(10);
        result.map_err(|diags| Error::Template(describe(self, &diags)))
    }
}

/// Turns typst diagnostics into one readable message (with the template line, when known).
pub(crate) fn describe(world: &dyn World, diags: &[SourceDiagnostic]) -> String {
    let mut out = Vec::new();
    for d in diags {
        let mut msg = d.message.to_string();
        if let Some(id) = d.span.id()
            && let Ok(source) = world.source(id)
            && let Some(range) = world.range(d.span)
        {
            let line = source.text()[..range.start].lines().count();
            msg = format!("{:?}:{line}: {msg}", id.vpath());
        }
        for hint in &d.hints {
            msg.push_str(&format!(" (hint: {})", hint.v));
        }
        out.push(msg);
    }
    out.join("; ")
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        if let Some(source) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.clone()));
        }
        Err(not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
