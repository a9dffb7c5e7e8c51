//! Digital signatures through the CLI, checked by independent verifiers (pyHanko, pdfsig,
//! openssl cms, qpdf) and not only by our own: the demo's signed acts, tampering, a wrong
//! PIN, a smart card (SoftHSM2 through PKCS#11), the CAdES format.

use crate::support::DataDir;
use atti_sign::testkit::{
    self, SoftHsm, TestPki, openssl_cms_print, openssl_cms_verify, pdfsig, pyhanko_validate,
    qpdf_check,
};
use std::path::{Path, PathBuf};

/// An NSS database (for pdfsig) trusting `ca_pem`.
fn nss_trusting(dir: &Path, ca_pem: &Path) -> String {
    crate::support::nss_trusting(&dir.join("nss"), ca_pem)
}

fn assert_pdf_signed_and_valid(pdf: &Path, ca_pem: &Path, nss: &str, signatures: usize) {
    let (ok, out) = qpdf_check(pdf);
    assert!(ok, "qpdf --check {}: {out}", pdf.display());
    let py = pyhanko_validate(pdf, ca_pem);
    assert!(
        py.contains("The signature is judged VALID"),
        "pyHanko on {}:\n{py}",
        pdf.display()
    );
    assert!(
        py.contains("The signature covers the entire file"),
        "pyHanko on {}:\n{py}",
        pdf.display()
    );
    let sig = pdfsig(pdf, nss);
    assert_eq!(
        sig.matches("Signature is Valid.").count(),
        signatures,
        "pdfsig on {}:\n{sig}",
        pdf.display()
    );
    assert_eq!(
        sig.matches("Certificate is Trusted.").count(),
        signatures,
        "{sig}"
    );
    assert!(sig.contains("Total document signed"), "{sig}");
}

fn flip_byte_in_the_middle(from: &Path, to: &Path) {
    let mut bytes = std::fs::read(from).expect("read");
    let i = bytes.len() / 3;
    bytes[i] ^= 0x20;
    std::fs::write(to, bytes).expect("write");
}

#[test]
fn the_demo_signs_and_independent_verifiers_accept_every_signature_and_catch_tampering() {
    let d = DataDir::new();
    let out = d.path().join("out");
    d.ok(&["demo", "--out", out.to_str().expect("utf-8")]);
    // The demo CA certificate is exported to the data dir, for verifiers outside Atti.
    let ca = d.path().join(atti_app::DEMO_CA_FILE);
    assert!(
        ca.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.contains("ca"))
    );
    let pem = std::fs::read_to_string(&ca).expect("ca pem");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
    let nss = nss_trusting(d.path(), &ca);

    // The delibera is signed by the sindaco and the segretario, the others by one; the
    // pareri of the delibera and the visto of the determinazione, each in its own document,
    // by who gave it.
    let document_of = |prefix: &str| {
        std::fs::read_dir(&out)
            .expect("out")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.starts_with(prefix) && n.ends_with(".pdf"))
            .unwrap_or_else(|| panic!("no {prefix}*.pdf in the demo's output"))
    };
    for (file, signatures) in [
        ("1-determinazione.pdf".to_string(), 1),
        (document_of("1-visto-contabile-v"), 1),
        ("2-delibera-giunta.pdf".to_string(), 2),
        (document_of("2-parere-tecnico-v"), 1),
        (document_of("2-parere-contabile-v"), 1),
        ("3-ordinanza.pdf".to_string(), 1),
        ("4-decreto.pdf".to_string(), 1),
        ("5-verbale-pl.pdf".to_string(), 1),
        // The Giunta's avviso by the sindaco, its minutes by the sindaco and the segretario.
        ("seduta-1-avviso.pdf".to_string(), 1),
        ("seduta-1-verbale.pdf".to_string(), 2),
    ] {
        let pdf = out.join(&file);
        assert_pdf_signed_and_valid(&pdf, &ca, &nss, signatures);
        let report = d.json(&["verify", pdf.to_str().expect("utf-8")]);
        assert_eq!(report["valid"], true, "{report}");
        assert_eq!(report["format"], "PAdES");
        assert_eq!(
            report["signatures"].as_array().map(Vec::len),
            Some(signatures)
        );
    }
    let delibera = d.json(&[
        "verify",
        out.join("2-delibera-giunta.pdf").to_str().expect("utf-8"),
    ]);
    let signers: Vec<&str> = delibera["signatures"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["codice_fiscale"].as_str())
        .collect();
    assert_eq!(d.json(&["act", "show", "2"])["kind"], "delibera-giunta");
    assert_eq!(signers.len(), 2);
    assert_ne!(signers[0], signers[1], "two different signers");

    // The non-PDF attachment is a CAdES .p7m that openssl verifies, with its content intact
    // and signingCertificateV2 among the signed attributes.
    let p7m = out.join("computo-metrico.csv.p7m");
    let content = d.path().join("content.csv");
    let (code, msg) = openssl_cms_verify(&p7m, &ca, &content);
    assert_eq!(code, 0, "openssl cms -verify: {msg}");
    assert!(
        std::fs::read_to_string(&content)
            .expect("content")
            .starts_with("voce;quantità;prezzo")
    );
    let print = openssl_cms_print(&p7m);
    assert!(
        print.contains("id-smime-aa-signingCertificateV2"),
        "{print}"
    );
    assert_eq!(
        d.json(&["verify", p7m.to_str().expect("utf-8")])["valid"],
        true
    );

    // One byte changed: every verifier says no, ours with a reason.
    let bad_pdf = d.path().join("bad.pdf");
    flip_byte_in_the_middle(&out.join("2-delibera-giunta.pdf"), &bad_pdf);
    let py = pyhanko_validate(&bad_pdf, &ca);
    assert!(!py.contains("The signature is judged VALID"), "{py}");
    let sig = pdfsig(&bad_pdf, &nss);
    assert!(!sig.contains("Signature is Valid."), "{sig}");
    let r = d.run(&["verify", bad_pdf.to_str().expect("utf-8")]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("NON VALIDA"), "{}", r.stdout);

    // The enveloped content changed ("sfalcio" becomes "sfalcia").
    let bad_p7m = d.path().join("bad.p7m");
    let mut bytes = std::fs::read(&p7m).expect("read");
    let at = bytes
        .windows(7)
        .position(|w| w == b"sfalcio")
        .expect("content inside the p7m");
    bytes[at + 6] = b'a';
    std::fs::write(&bad_p7m, bytes).expect("write");
    let (code, _) = openssl_cms_verify(&bad_p7m, &ca, &d.path().join("x"));
    assert_ne!(code, 0, "openssl accepted a tampered .p7m");
    assert_eq!(d.run(&["verify", bad_p7m.to_str().expect("utf-8")]).code, 1);

    // Truncated: refused with a reason, not a crash.
    let whole = std::fs::read(out.join("4-decreto.pdf")).expect("read");
    let cut = d.path().join("cut.pdf");
    std::fs::write(&cut, &whole[..whole.len() - 500]).expect("write");
    let r = d.run(&["verify", cut.to_str().expect("utf-8")]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);

    // Several files at once: each is verified and reported, and the failures are named.
    let good = out.join("4-decreto.pdf");
    let path = |p: &std::path::Path| p.to_str().expect("utf-8").to_string();
    let r = d.run(&["verify", &path(&good), &path(&bad_pdf), &path(&cut)]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(&format!("{}:", good.display())),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Tutte le firme sono valide."),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("NON VALIDA"), "{}", r.stdout);
    assert!(
        r.stderr.contains("per 2 file su 3")
            && r.stderr.contains("bad.pdf")
            && r.stderr.contains("cut.pdf"),
        "{}",
        r.stderr
    );
    let both = d.json(&["verify", &path(&good), &path(&p7m)]);
    let both = both.as_array().expect("one report per file");
    assert_eq!(both.len(), 2);
    assert!(
        both.iter().all(|r| r["report"]["valid"] == true),
        "{both:?}"
    );
    assert_eq!(both[1]["file"], path(&p7m));

    // What `render` gives for a signed act is the signed PDF; export writes the same bytes.
    let rendered = d.path().join("r.pdf");
    d.ok(&["render", "4", "--out", rendered.to_str().expect("utf-8")]);
    assert_eq!(std::fs::read(&rendered).expect("read"), whole);
    let exported = d.path().join("export");
    d.ok(&["export", "4", "--out", exported.to_str().expect("utf-8")]);
    assert_eq!(
        std::fs::read(exported.join("4-decreto.pdf")).expect("exported"),
        whole
    );
    // And the audit chain covers the signatures.
    d.ok(&["audit", "verify"]);
}

fn decreto_ready(d: &DataDir) -> i64 {
    let id = d.new_act("decreto", "Nomina del responsabile del servizio", "sindaco");
    d.fill(
        id,
        "sindaco",
        serde_json::json!({"dispositivo": [{"text": "di nominare"}]}),
    );
    id
}

fn signature_tables(d: &DataDir) -> String {
    let conn = rusqlite::Connection::open(d.db()).expect("open");
    let mut out = String::new();
    for q in [
        "SELECT count(*) FROM registro",
        "SELECT count(*) FROM signature",
        "SELECT count(*) FROM signed_file",
        "SELECT count(*) FROM document",
        "SELECT count(*) FROM audit",
        "SELECT group_concat(state) FROM act",
    ] {
        let v: rusqlite::types::Value = conn.query_row(q, [], |r| r.get(0)).expect("query");
        out.push_str(&format!("{q}: {v:?}\n"));
    }
    out
}

#[test]
fn a_wrong_pin_signs_nothing_and_says_so() {
    let d = DataDir::demo();
    let id = decreto_ready(&d);
    let before = signature_tables(&d);
    let idt = id.to_string();
    let r = d.run_with_stdin(
        None,
        &["iter", &idt, "adotta", "--as", "sindaco", "--pin-stdin"],
        "000000\n",
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("PIN"), "{}", r.stderr);
    assert!(!r.stderr.contains("000000"), "the PIN is never echoed");
    assert_eq!(signature_tables(&d), before, "nothing was written");
    // Someone who may not adopt is refused before any PIN is asked.
    let msg = d.fails(&["sign", &idt, "--as", "istruttore"]);
    assert!(
        msg.contains("non c'è nulla da firmare") || msg.contains("non può"),
        "{msg}"
    );
    // With the right PIN it is adopted, numbered and signed.
    let status = d.sign(id, "adotta", "sindaco");
    assert_eq!(status["state"], "firmata");
    assert!(
        status["numero"]
            .as_str()
            .is_some_and(|n| n.starts_with("1/"))
    );
    // And the signed version is frozen: no further edit.
    let msg = d.fails(&["sign", &idt, "--as", "sindaco", "--pin-stdin"]);
    assert!(!msg.is_empty());
}

/// A SoftHSM2 token directory with its configuration (SoftHSM reads SOFTHSM2_CONF in the
/// process that loads it: here the atti CLI, given the variable).
fn softhsm(dir: &Path) -> SoftHsm {
    let tokens = dir.join("tokens");
    std::fs::create_dir_all(&tokens).expect("tokens");
    let conf = dir.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            tokens.display()
        ),
    )
    .expect("conf");
    SoftHsm {
        dir: dir.to_path_buf(),
        conf,
    }
}

#[test]
fn a_smart_card_signs_through_pkcs11_and_cades_is_the_alternative_format() {
    let d = DataDir::demo();
    let hsm_dir = d.path().join("hsm");
    let hsm = softhsm(&hsm_dir);
    let now = jiff::Timestamp::now();
    let pki = TestPki::new(now);
    // The sindaco's card: an EC P-256 key on the token, a certificate with the sindaco's
    // codice fiscale, issued by the test CA, which the Comune then trusts.
    let cf = sindaco_cf(&d);
    let spec = atti_sign::demo::UserCertSpec::new("Anna", "Verdi", &cf, now);
    hsm.token_with_identity("carta-sindaco", "EC:prime256v1", &pki.ca, &spec);
    let env = [("SOFTHSM2_CONF", hsm.conf.to_str().expect("utf-8"))];
    let module = testkit::SOFTHSM_MODULE;
    let add = [
        "identity",
        "add",
        "--as",
        "sindaco",
        "--user",
        "sindaco",
        "--pkcs11",
        module,
        "--token",
        "carta-sindaco",
        "--key-id",
        "01",
    ];
    // The card's CA is one the Comune trusts (its amministratore's list).
    d.ok(&[
        "comune",
        "fiducia",
        pki.ca_pem.to_str().expect("utf-8"),
        "--as",
        "amministratore",
    ]);
    // A driver the Comune does not allow is never loaded; its amministratore allows it.
    let r = d.run_env(&add, "", &env);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("non è tra quelli ammessi dal Comune"),
        "{}",
        r.stderr
    );
    let msg = d.fails(&[
        "comune",
        "moduli-pkcs11",
        "--aggiungi",
        module,
        "--as",
        "sindaco",
    ]);
    assert!(msg.contains("solo l'amministratore di sistema"), "{msg}");
    let allowed = d.ok(&[
        "comune",
        "moduli-pkcs11",
        "--aggiungi",
        module,
        "--as",
        "amministratore",
    ]);
    assert!(
        allowed.contains(module) && allowed.contains("opensc-pkcs11.so"),
        "{allowed}"
    );
    let r = d.run_env(&add, "", &env);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // A wrong PIN on the card: refused by the token.
    let id = decreto_ready(&d);
    let idt = id.to_string();
    let r = d.run_env(
        &["sign", &idt, "--as", "sindaco", "--pin-stdin"],
        "999999\n",
        &env,
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("PIN errato. Attenzione: il dispositivo segnala che restano pochi tentativi"),
        "{}",
        r.stderr
    );
    let r = d.run_env(
        &["sign", &idt, "--as", "sindaco", "--pin-stdin"],
        &format!("{}\n", testkit::PIN),
        &env,
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let pdf = d.path().join("decreto.pdf");
    d.ok(&["render", &idt, "--out", pdf.to_str().expect("utf-8")]);
    let nss = nss_trusting(&hsm_dir, &pki.ca_pem);
    assert_pdf_signed_and_valid(&pdf, &pki.ca_pem, &nss, 1);
    let report = d.json(&["verify", pdf.to_str().expect("utf-8")]);
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["signatures"][0]["codice_fiscale"], cf.as_str());

    // CAdES as the Comune's format: the act comes out as a .p7m that openssl verifies.
    d.ok(&["comune", "formato-firma", "cades", "--as", "amministratore"]);
    let id2 = decreto_ready(&d);
    let r = d.run_env(
        &["sign", &id2.to_string(), "--as", "sindaco", "--pin-stdin"],
        &format!("{}\n", testkit::PIN),
        &env,
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let dir = d.path().join("export");
    d.ok(&[
        "export",
        &id2.to_string(),
        "--out",
        dir.to_str().expect("utf-8"),
    ]);
    let p7m: PathBuf = dir.join(format!("{id2}-decreto.pdf.p7m"));
    let content = d.path().join("content.pdf");
    let (code, msg) = openssl_cms_verify(&p7m, &pki.ca_pem, &content);
    assert_eq!(code, 0, "{msg}");
    assert!(
        std::fs::read(&content)
            .expect("content")
            .starts_with(b"%PDF-")
    );
    assert!(openssl_cms_print(&p7m).contains("signingTime"));
    // Our verifier reads the envelope as an envelope (it holds «%PDF-» near its start).
    let report = d.json(&["verify", p7m.to_str().expect("utf-8")]);
    assert_eq!(report["format"], "CAdES", "{report}");
    assert_eq!(report["valid"], true, "{report}");
}

fn sindaco_cf(d: &DataDir) -> String {
    let conn = rusqlite::Connection::open(d.db()).expect("open");
    conn.query_row(
        "SELECT codice_fiscale FROM user WHERE username = 'sindaco'",
        [],
        |r| r.get(0),
    )
    .expect("cf")
}

/// Attachments named like the package's own files (the act's PDF, the metadata sidecar) or
/// like each other do not stop an adopted act from being queued for the archive or exported:
/// each file gets a name of its own.
#[test]
fn attachments_whose_names_clash_with_the_package_are_renamed_in_it() {
    let d = DataDir::demo();
    let id = d.new_act("determinazione", "Acquisto di cancelleria", "istruttore");
    d.fill(
        id,
        "istruttore",
        serde_json::json!({"dispositivo": [{"text": "di acquistare"}]}),
    );
    let dir = d.path().join("allegati");
    std::fs::create_dir_all(dir.join("altro")).expect("dirs");
    let act_pdf = format!("{id}-determinazione.pdf");
    for (path, content) in [
        (
            dir.join("metadati.xml"),
            "<nota>non è il sidecar</nota>".as_bytes(),
        ),
        (
            dir.join(&act_pdf),
            b"%PDF-1.7\n% un allegato, non l'atto\n".as_slice(),
        ),
        (
            dir.join("altro").join("metadati.xml"),
            b"<nota>un altro</nota>".as_slice(),
        ),
    ] {
        std::fs::write(&path, content).expect("write");
        d.ok(&[
            "act",
            "attach",
            &id.to_string(),
            path.to_str().expect("utf-8"),
            "--as",
            "istruttore",
        ]);
    }
    d.ok(&["iter", &id.to_string(), "invia", "--as", "istruttore"]);
    d.sign(id, "adotta", "dirigente");
    let queued = d.json(&["outbox"]);
    let names: Vec<String> = queued
        .as_array()
        .expect("outbox")
        .iter()
        .filter_map(|f| f["remote_path"].as_str())
        .filter_map(|p| p.rsplit('/').next().map(String::from))
        .collect();
    let mut distinct = names.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), names.len(), "{names:?}");
    // The XML attachments are signed in .p7m envelopes; the sidecar keeps its name.
    let act_pdf_again = format!("{id}-determinazione (2).pdf");
    for expected in [
        "metadati.xml",
        "metadati.xml.p7m",
        "metadati (2).xml.p7m",
        act_pdf_again.as_str(),
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected}: {names:?}");
    }
    let out = d.path().join("export");
    d.ok(&[
        "export",
        &id.to_string(),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    let written = std::fs::read_dir(&out).expect("export").count();
    assert_eq!(
        written,
        names.len() - 1,
        "the sidecar is the archive's only"
    );
}
