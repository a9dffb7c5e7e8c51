// Generated from atti-core's FORMATI by `cargo test -p atti-app`. Do not edit: change
// the list in crates/atti-core/src/act.rs and run `UPDATE_EXPECT=1 cargo test -p atti-app`.

/** The name a clerk reads for each media type (the act's PDF says the same). */
export const FORMATI: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/pkcs7-mime': 'Documento firmato (p7m)',
  'application/pkcs7-signature': 'Firma (p7s)',
  'application/xml': 'XML',
  'text/xml': 'XML',
  'text/plain': 'Testo',
  'text/csv': 'Tabella CSV',
  'image/jpeg': 'Immagine JPEG',
  'image/png': 'Immagine PNG',
  'image/tiff': 'Immagine TIFF',
  'application/vnd.oasis.opendocument.text': 'Documento ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'Foglio ODS',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Documento Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Foglio Excel',
  'application/zip': 'Archivio ZIP',
};
