//! A throw-away PKI made with the openssl CLI: the municipal CA, a server certificate for
//! `localhost`/`127.0.0.1`, an unrelated CA, an expired server certificate.

use std::path::{Path, PathBuf};

use super::{run_tool, write};

/// The files of the test PKI (all PEM).
#[derive(Debug, Clone)]
pub struct Pki {
    /// Folder holding everything.
    pub dir: PathBuf,
    /// The municipal CA.
    pub ca_pem: PathBuf,
    /// Server certificate (SAN DNS:localhost, IP:127.0.0.1; EKU serverAuth), signed by the CA.
    pub server_pem: PathBuf,
    /// Its key.
    pub server_key: PathBuf,
    /// A server certificate signed by the CA whose validity ended in 2021.
    pub expired_pem: PathBuf,
    /// A second CA that signed nothing of ours (the wrong-CA test).
    pub other_ca_pem: PathBuf,
}

impl Pki {
    /// Makes the PKI in `dir` (created if missing). Panics if openssl is missing or fails.
    pub fn create(dir: &Path) -> Pki {
        std::fs::create_dir_all(dir).expect("pki dir");
        let p = |name: &str| dir.join(name);
        let s = |path: &PathBuf| path.to_string_lossy().into_owned();
        let ca_key = p("ca.key");
        let ca_pem = p("ca.pem");
        run_tool(
            "openssl",
            &[
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                &s(&ca_key),
                "-out",
                &s(&ca_pem),
                "-days",
                "3650",
                "-subj",
                "/CN=CA di test del Comune/O=Comune di Prova",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        let other_key = p("other-ca.key");
        let other_ca_pem = p("other-ca.pem");
        run_tool(
            "openssl",
            &[
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                &s(&other_key),
                "-out",
                &s(&other_ca_pem),
                "-days",
                "3650",
                "-subj",
                "/CN=Altra CA/O=Estranei",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        let server_key = p("server.key");
        let csr = p("server.csr");
        run_tool(
            "openssl",
            &[
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                &s(&server_key),
                "-out",
                &s(&csr),
                "-subj",
                "/CN=localhost/O=Comune di Prova",
            ],
        );
        let ext = p("server.ext");
        write(
            &ext,
            "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n\
             extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n",
        );
        let server_pem = p("server.pem");
        run_tool(
            "openssl",
            &[
                "x509",
                "-req",
                "-in",
                &s(&csr),
                "-CA",
                &s(&ca_pem),
                "-CAkey",
                &s(&ca_key),
                "-CAcreateserial",
                "-out",
                &s(&server_pem),
                "-days",
                "825",
                "-sha256",
                "-extfile",
                &s(&ext),
            ],
        );
        // Expired: `openssl ca` is the one that takes explicit dates on OpenSSL 3.0.
        let db = p("ca-db");
        std::fs::create_dir_all(&db).expect("ca db");
        write(&db.join("index.txt"), "");
        write(&db.join("serial"), "1000\n");
        let cnf = p("ca.cnf");
        write(
            &cnf,
            &format!(
                "[ca]\ndefault_ca = test\n[test]\ndatabase = {db}/index.txt\nnew_certs_dir = {db}\n\
                 serial = {db}/serial\ndefault_md = sha256\npolicy = any\nunique_subject = no\n\
                 copy_extensions = none\n[any]\ncommonName = supplied\norganizationName = optional\n",
                db = s(&db)
            ),
        );
        let expired_pem = p("expired.pem");
        run_tool(
            "openssl",
            &[
                "ca",
                "-batch",
                "-config",
                &s(&cnf),
                "-cert",
                &s(&ca_pem),
                "-keyfile",
                &s(&ca_key),
                "-in",
                &s(&csr),
                "-out",
                &s(&expired_pem),
                "-notext",
                "-startdate",
                "20200101000000Z",
                "-enddate",
                "20210101000000Z",
                "-extfile",
                &s(&ext),
            ],
        );
        Pki {
            dir: dir.to_path_buf(),
            ca_pem,
            server_pem,
            server_key,
            expired_pem,
            other_ca_pem,
        }
    }

    /// The CA certificate's bytes (for [`crate::ServerConfig::ca_pem`]).
    pub fn ca_bytes(&self) -> Vec<u8> {
        std::fs::read(&self.ca_pem).expect("read ca.pem")
    }
}
