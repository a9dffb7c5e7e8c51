//! The contrassegno (CAD art. 23 c.2-bis; Circolare AgID 62/2013): a compact text, printed as a
//! QR code on every page of a certified paper copy, that names the original and the copy itself,
//! and is signed with the Comune's seal key (ECDSA P-256, SHA-256), so that anyone holding the
//! public key can check it offline, and against the original's bytes when they are at hand.
//!
//! The token is human-readable, fields separated by `|`, the signature last:
//!
//! ```text
//! ATTI2|42|determinazione|12/2026|2026-11-26|<sha-256 hex of the original>|<verification url>|
//!   7|2026-11-30|Giulia Bianchi|3|<sha-256 hex of the «per» text, or ->|<signature>
//! ```
//!
//! The second line binds the token to one paper copy: its number in the register of copies, the
//! day it was issued, the official who attested it, its pages and whom it was issued to. A QR cut
//! from one copy and pasted on another paper then states a number, a date, an official or a page
//! count that the paper does not show. Tokens of the first format (`ATTI1`, the first seven
//! fields only) still verify, and say nothing of the copy.
//!
//! The signature is ECDSA P-256 over SHA-256 of every byte before the last `|`, as the fixed
//! 64-byte r‖s, in base64url without padding. Signing is deterministic (RFC 6979): the same
//! claims and key give the same token, so the same copy gives the same bytes.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jiff::civil::Date;
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Error;

/// The first field of every token Atti issues: the format and its version.
pub const TOKEN_PREFIX: &str = "ATTI2";

/// The first format, which named the act only (its tokens are still verified).
pub const TOKEN_PREFIX_V1: &str = "ATTI1";

/// What a contrassegno states about the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TokenClaims {
    /// The act's id in the Comune's store.
    pub act_id: i64,
    /// The register: the act kind's slug ("determinazione", "delibera-giunta", ...).
    pub registro: String,
    /// The number in that register ("12/2026").
    pub numero: String,
    /// The registration (adoption) date.
    #[ts(type = "string")]
    pub data: Date,
    /// SHA-256 of the original PDF's bytes, lowercase hex.
    pub sha256: String,
    /// Where the Comune offers the verification (Circolare AgID 62/2013).
    pub url: String,
    /// The paper copy the token is printed on (none in a token of the first format).
    pub copia: Option<CopiaClaims>,
}

/// What a contrassegno states about the paper copy it is printed on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CopiaClaims {
    /// The copy's number in the Comune's register of certified copies.
    #[ts(type = "number")]
    pub numero: i64,
    /// The day it was issued.
    #[ts(type = "string")]
    pub rilasciata: Date,
    /// The official who attested its conformity.
    pub funzionario: String,
    /// Its pages, the attestation included.
    pub pagine: u32,
    /// SHA-256 (lowercase hex) of the «Copia rilasciata a» text printed on it; none when the
    /// copy names nobody.
    pub per_sha256: Option<String>,
}

/// The Comune's seal key (private). Its `Debug` never prints the key.
#[derive(Clone)]
pub struct SealKey(SigningKey);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(<redacted>)")
    }
}

impl SealKey {
    /// A key from its 32-byte secret scalar (big-endian).
    pub fn from_secret_bytes(bytes: &[u8]) -> Result<SealKey, Error> {
        SigningKey::from_slice(bytes)
            .map(SealKey)
            .map_err(|_| Error::BadKey("la chiave privata non è uno scalare P-256 valido".into()))
    }

    /// The 32-byte secret scalar, to store it (wrap it in the app's secret type at once).
    pub fn secret_bytes(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        out.copy_from_slice(&self.0.to_bytes());
        out
    }

    /// A new key from the operating system's random source.
    pub fn generate() -> Result<SealKey, Error> {
        loop {
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret)
                .map_err(|e| Error::BadKey(format!("nessuna sorgente casuale nel sistema: {e}")))?;
            // A scalar outside 1..n-1 (probability about 2^-32) is drawn again.
            if let Ok(key) = SealKey::from_secret_bytes(&secret) {
                return Ok(key);
            }
        }
    }

    /// A key from PEM text: PKCS#8 ("PRIVATE KEY", as `openssl genpkey` writes it) or SEC1
    /// ("EC PRIVATE KEY"), on the P-256 curve, unencrypted.
    pub fn from_pem(pem: &str) -> Result<SealKey, Error> {
        use p256::pkcs8::DecodePrivateKey as _;
        if let Ok(key) = SigningKey::from_pkcs8_pem(pem) {
            return Ok(SealKey(key));
        }
        p256::SecretKey::from_sec1_pem(pem)
            .map(|secret| SealKey(SigningKey::from(secret)))
            .map_err(|_| {
                Error::BadKey(
                    "il file non contiene una chiave privata P-256 in PEM non cifrato (PKCS#8 «PRIVATE KEY» o «EC PRIVATE KEY»)".into(),
                )
            })
    }

    /// The demo Comune's key: derived from a public phrase, so it protects nothing. Never use
    /// it for a real Comune.
    pub fn demo() -> SealKey {
        let mut seed: [u8; 32] =
            Sha256::digest(b"Atti - chiave di sigillo dimostrativa del Comune di Esempio").into();
        loop {
            if let Ok(k) = SigningKey::from_slice(&seed) {
                return SealKey(k);
            }
            seed = Sha256::digest(seed).into();
        }
    }

    /// The public half, which verifiers need.
    pub fn public_key(&self) -> SealPublicKey {
        SealPublicKey(*self.0.verifying_key())
    }
}

/// The public half of a seal key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealPublicKey(VerifyingKey);

impl SealPublicKey {
    /// Reads a SEC1-encoded point (compressed or uncompressed).
    pub fn from_sec1_bytes(bytes: &[u8]) -> Result<SealPublicKey, Error> {
        VerifyingKey::from_sec1_bytes(bytes)
            .map(SealPublicKey)
            .map_err(|_| Error::BadKey("la chiave pubblica non è un punto P-256 valido".into()))
    }

    /// The uncompressed SEC1 encoding (65 bytes).
    pub fn to_sec1_bytes(&self) -> Vec<u8> {
        self.0.to_sec1_point(false).as_bytes().to_vec()
    }

    /// The key as PEM SubjectPublicKeyInfo ("PUBLIC KEY"), for whoever verifies contrassegni
    /// outside Atti (e.g. the Comune's verification web page).
    pub fn to_pem(&self) -> Result<String, Error> {
        use p256::pkcs8::EncodePublicKey as _;
        self.0
            .to_public_key_pem(Default::default())
            .map_err(|e| Error::BadKey(e.to_string()))
    }

    /// A short name of the key: the first 16 hex digits of SHA-256 of its SEC1 encoding.
    pub fn fingerprint(&self) -> String {
        sha256_hex(&self.to_sec1_bytes())[..16].to_string()
    }
}

/// SHA-256 of some bytes, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn check_field(name: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() || value.contains('|') || value.chars().any(char::is_control) {
        return Err(Error::BadClaims(format!(
            "il campo {name} del contrassegno è vuoto o contiene '|' o caratteri di controllo"
        )));
    }
    Ok(())
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
}

/// The signed token for these claims: always of the current format, bound to its copy.
pub fn issue_token(claims: &TokenClaims, key: &SealKey) -> Result<String, Error> {
    check_field("registro", &claims.registro)?;
    check_field("numero", &claims.numero)?;
    check_field("url", &claims.url)?;
    if !is_sha256_hex(&claims.sha256) {
        return Err(Error::BadClaims(
            "l'impronta SHA-256 deve essere di 64 cifre esadecimali minuscole".into(),
        ));
    }
    let copia = claims.copia.as_ref().ok_or_else(|| {
        Error::BadClaims("il contrassegno deve indicare la copia su cui è stampato".into())
    })?;
    check_field("funzionario", &copia.funzionario)?;
    if copia.numero < 1 || copia.pagine < 1 {
        return Err(Error::BadClaims(
            "numero della copia e pagine devono essere positivi".into(),
        ));
    }
    let per = match &copia.per_sha256 {
        Some(hash) if is_sha256_hex(hash) => hash.as_str(),
        Some(_) => {
            return Err(Error::BadClaims(
                "l'impronta del destinatario deve essere di 64 cifre esadecimali minuscole".into(),
            ));
        }
        None => "-",
    };
    let body = format!(
        "{TOKEN_PREFIX}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{per}",
        claims.act_id,
        claims.registro,
        claims.numero,
        claims.data,
        claims.sha256,
        claims.url,
        copia.numero,
        copia.rilasciata,
        copia.funzionario,
        copia.pagine,
    );
    let signature: Signature = key.0.sign(body.as_bytes());
    Ok(format!(
        "{body}|{}",
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    ))
}

/// Crockford's base 32: no I, L, O, U, which read as 1, 1, 0 or nothing.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The code printed under the QR of a copy, for who types instead of scanning: 60 bits of the
/// SHA-256 of the contrassegno, as 12 characters of Crockford's base 32 in groups of four
/// ("7KQ2-M9XD-4TPA"). It names the copy in the register of copies; the contrassegno it names
/// is then verified as if read from the QR.
pub fn short_code(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    let mut bits = u64::from_be_bytes(digest[..8].try_into().unwrap_or([0; 8])) >> 4;
    let mut chars = [0u8; 12];
    for c in chars.iter_mut().rev() {
        *c = CROCKFORD[(bits & 31) as usize];
        bits >>= 5;
    }
    let chars = String::from_utf8_lossy(&chars).into_owned();
    format!("{}-{}-{}", &chars[..4], &chars[4..8], &chars[8..])
}

/// A short code as typed (any case, with or without spaces and dashes; O for 0, I and L for
/// 1), written as [`short_code`] writes it; `None` when the text is not one.
pub fn parse_short_code(text: &str) -> Option<String> {
    let mut chars = String::with_capacity(12);
    for c in text.trim().chars() {
        match c.to_ascii_uppercase() {
            ' ' | '-' => {}
            'O' => chars.push('0'),
            'I' | 'L' => chars.push('1'),
            c if c.is_ascii() && CROCKFORD.contains(&(c as u8)) => chars.push(c),
            _ => return None,
        }
    }
    (chars.len() == 12).then(|| format!("{}-{}-{}", &chars[..4], &chars[4..8], &chars[8..]))
}

/// What the QR code of a copy holds: a link to the Comune's verification page with the token
/// after "#" (its "|" written "%7C"), so that a phone's camera opens the page, which checks
/// the token on the phone: a fragment is never sent to the server.
pub fn qr_payload(token: &str, url: &str) -> String {
    format!("{url}#{}", token.replace('%', "%25").replace('|', "%7C"))
}

/// The token in what a QR code reader or a clerk gives: the token itself, or a verification
/// link made by [`qr_payload`] (percent-escapes decoded).
pub fn token_from_qr(text: &str) -> String {
    let text = text.trim();
    let token = match text.split_once('#') {
        Some((_, fragment)) if !is_bare_token(text) => fragment,
        // A bare token is taken as it is.
        _ => return text.to_string(),
    };
    let bytes = token.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| token.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether `text` starts as a token does (either format), not as a link.
fn is_bare_token(text: &str) -> bool {
    [TOKEN_PREFIX, TOKEN_PREFIX_V1].iter().any(|p| {
        text.strip_prefix(p)
            .is_some_and(|rest| rest.starts_with('|'))
    })
}

/// Checks a token's form and signature; returns what it states. Any change to any character
/// makes it fail.
pub fn verify_token(token: &str, key: &SealPublicKey) -> Result<TokenClaims, Error> {
    let malformed = |why: &str| Error::TokenMalformed(why.to_string());
    let (body, sig) = token
        .rsplit_once('|')
        .ok_or_else(|| malformed("manca la firma"))?;
    let sig_bytes = URL_SAFE_NO_PAD
        .decode(sig)
        .map_err(|_| malformed("la firma non è in base64url"))?;
    // Only the canonical encoding is accepted (no spare bits that decode the same).
    if URL_SAFE_NO_PAD.encode(&sig_bytes) != sig {
        return Err(malformed("la firma non è in forma canonica"));
    }
    let signature = Signature::from_slice(&sig_bytes)
        .map_err(|_| malformed("la firma non è una firma P-256"))?;
    key.0
        .verify(body.as_bytes(), &signature)
        .map_err(|_| Error::TokenSignature)?;
    let fields: Vec<&str> = body.split('|').collect();
    // The act's six fields after the prefix; in the current format the copy's five after them.
    let (act, copy) = match (fields[0], fields.len()) {
        (TOKEN_PREFIX, 12) => (&fields[1..7], Some(&fields[7..])),
        (TOKEN_PREFIX_V1, 7) => (&fields[1..7], None),
        (TOKEN_PREFIX | TOKEN_PREFIX_V1, _) => return Err(malformed("numero di campi errato")),
        _ => return Err(malformed("formato sconosciuto")),
    };
    let [id, registro, numero, data, sha256, url] = act[..] else {
        return Err(malformed("numero di campi errato"));
    };
    let copia = match copy {
        Some(&[numero, rilasciata, funzionario, pagine, per]) => Some(CopiaClaims {
            numero: numero
                .parse()
                .map_err(|_| malformed("numero della copia non numerico"))?,
            rilasciata: rilasciata
                .parse()
                .map_err(|_| malformed("data di rilascio non valida"))?,
            funzionario: funzionario.to_string(),
            pagine: pagine
                .parse()
                .map_err(|_| malformed("numero di pagine non valido"))?,
            per_sha256: (per != "-").then(|| per.to_string()),
        }),
        Some(_) => return Err(malformed("numero di campi errato")),
        None => None,
    };
    Ok(TokenClaims {
        act_id: id
            .parse()
            .map_err(|_| malformed("id dell'atto non numerico"))?,
        registro: registro.to_string(),
        numero: numero.to_string(),
        data: data.parse().map_err(|_| malformed("data non valida"))?,
        sha256: sha256.to_string(),
        url: url.to_string(),
        copia,
    })
}

/// A seal key retired from a day (lost, stolen, replaced for cause) no longer vouches for what it
/// seals from that day on: a token it verifies is refused if the copy says it was issued on or
/// after `retired_from`, or does not say when (first format). A forger holding the key could
/// still backdate a copy: the register of copies (and the act's date) is the check for that.
pub fn check_not_retired(claims: &TokenClaims, retired_from: Option<Date>) -> Result<(), Error> {
    let Some(from) = retired_from else {
        return Ok(());
    };
    match &claims.copia {
        Some(copia) if copia.rilasciata < from => Ok(()),
        Some(copia) => Err(Error::RetiredKey(format!(
            "è sigillato con una chiave che il Comune ha ritirato dal {from}, e la copia risulta rilasciata il {}",
            copia.rilasciata
        ))),
        None => Err(Error::RetiredKey(format!(
            "è sigillato con una chiave che il Comune ha ritirato dal {from} e non indica quando la copia fu rilasciata"
        ))),
    }
}

/// Whether the claims name exactly these bytes as the original.
pub fn matches_original(claims: &TokenClaims, original_pdf: &[u8]) -> bool {
    claims.sha256 == sha256_hex(original_pdf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> TokenClaims {
        TokenClaims {
            act_id: 42,
            registro: "determinazione".into(),
            numero: "12/2026".into(),
            data: jiff::civil::date(2026, 11, 26),
            sha256: sha256_hex(b"original"),
            url: "https://atti.comune.esempio.it/verifica".into(),
            copia: Some(CopiaClaims {
                numero: 7,
                rilasciata: jiff::civil::date(2026, 11, 30),
                funzionario: "Giulia Bianchi".into(),
                pagine: 3,
                per_sha256: Some(sha256_hex("Mario Rossi, istanza prot. 1234".as_bytes())),
            }),
        }
    }

    #[test]
    fn round_trip_and_determinism() {
        let key = SealKey::demo();
        let t = issue_token(&claims(), &key).expect("token");
        assert_eq!(t, issue_token(&claims(), &key).expect("token"));
        assert!(t.starts_with("ATTI2|42|determinazione|12/2026|2026-11-26|"));
        let copy = format!(
            "|https://atti.comune.esempio.it/verifica|7|2026-11-30|Giulia Bianchi|3|{}|",
            sha256_hex("Mario Rossi, istanza prot. 1234".as_bytes())
        );
        assert!(t.contains(&copy), "{t}");
        assert_eq!(
            verify_token(&t, &key.public_key()).expect("valid"),
            claims()
        );
        assert!(matches_original(&claims(), b"original"));
        assert!(!matches_original(&claims(), b"originale"));
    }

    /// A retired key vouches only for the copies it sealed before the day it was retired.
    #[test]
    fn a_retired_key_vouches_only_for_copies_issued_before() {
        let c = claims(); // issued on 30 November 2026
        assert!(check_not_retired(&c, None).is_ok());
        assert!(check_not_retired(&c, Some(jiff::civil::date(2026, 12, 1))).is_ok());
        for from in [
            jiff::civil::date(2026, 11, 30),
            jiff::civil::date(2026, 11, 1),
        ] {
            let err = check_not_retired(&c, Some(from)).expect_err("refused");
            assert!(err.to_string().contains("ritirato dal"), "{err}");
        }
        let mut v1 = claims();
        v1.copia = None;
        assert!(matches!(
            check_not_retired(&v1, Some(jiff::civil::date(2030, 1, 1))),
            Err(Error::RetiredKey(_))
        ));
    }

    /// The copies of the first format (the act only) still verify, and say nothing of the
    /// copy; a token must name its copy to be issued.
    #[test]
    fn first_format_tokens_verify_and_new_ones_name_their_copy() {
        let key = SealKey::demo();
        let mut v1 = claims();
        v1.copia = None;
        assert!(matches!(issue_token(&v1, &key), Err(Error::BadClaims(_))));
        let body = format!(
            "ATTI1|42|determinazione|12/2026|2026-11-26|{}|https://atti.comune.esempio.it/verifica",
            sha256_hex(b"original")
        );
        let signature: Signature = key.0.sign(body.as_bytes());
        let token = format!("{body}|{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()));
        assert_eq!(verify_token(&token, &key.public_key()).expect("v1"), v1);
        assert_eq!(token_from_qr(&format!(" {token} ")), token);
        // A body of the new format with the fields of the old one is refused, and the other way.
        let short = body.replacen("ATTI1", "ATTI2", 1);
        let signature: Signature = key.0.sign(short.as_bytes());
        let token = format!("{short}|{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()));
        assert!(matches!(
            verify_token(&token, &key.public_key()),
            Err(Error::TokenMalformed(_))
        ));
        // A copy that names nobody.
        let mut nobody = claims();
        if let Some(c) = nobody.copia.as_mut() {
            c.per_sha256 = None;
        }
        let t = issue_token(&nobody, &key).expect("token");
        assert!(t.contains("|Giulia Bianchi|3|-|"), "{t}");
        assert_eq!(verify_token(&t, &key.public_key()).expect("valid"), nobody);
    }

    #[test]
    fn every_single_character_change_is_refused() {
        let key = SealKey::demo();
        let pk = key.public_key();
        let t = issue_token(&claims(), &key).expect("token");
        for (i, c) in t.char_indices() {
            for replacement in ['0', 'A', 'z', '|', '-'] {
                if replacement == c {
                    continue;
                }
                let mut changed = t.clone();
                changed.replace_range(i..i + c.len_utf8(), &replacement.to_string());
                assert!(
                    verify_token(&changed, &pk).is_err(),
                    "accepted change at {i}: {changed}"
                );
            }
        }
        let other = SealKey::from_secret_bytes(&[7u8; 32]).expect("key");
        assert!(matches!(
            verify_token(&t, &other.public_key()),
            Err(Error::TokenSignature)
        ));
    }

    #[test]
    fn keys_round_trip_and_fields_are_checked() {
        let key = SealKey::demo();
        let again = SealKey::from_secret_bytes(&key.secret_bytes()).expect("key");
        assert_eq!(again.public_key(), key.public_key());
        let pk = SealPublicKey::from_sec1_bytes(&key.public_key().to_sec1_bytes()).expect("pk");
        assert_eq!(pk, key.public_key());
        assert_eq!(format!("{key:?}"), "SealKey(<redacted>)");
        let mut bad = claims();
        bad.numero = "12|2026".into();
        assert!(issue_token(&bad, &key).is_err());
        let mut bad = claims();
        if let Some(c) = bad.copia.as_mut() {
            c.funzionario = "Giulia|Bianchi".into();
        }
        assert!(issue_token(&bad, &key).is_err());
        assert!(SealKey::from_secret_bytes(&[0u8; 32]).is_err());
    }

    fn openssl(args: &[&str], input: &[u8]) -> Vec<u8> {
        use std::io::Write as _;
        let mut child = std::process::Command::new("openssl")
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("openssl");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("write");
        let out = child.wait_with_output().expect("openssl");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    #[test]
    fn keys_are_generated_and_read_from_openssl_pem() {
        let a = SealKey::generate().expect("key");
        let b = SealKey::generate().expect("key");
        assert_ne!(a.public_key(), b.public_key());
        assert_eq!(a.public_key().fingerprint().len(), 16);

        // PKCS#8 and SEC1, as openssl writes them; the public key openssl derives is ours.
        let pkcs8 = openssl(
            &[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
            ],
            b"",
        );
        let sec1 = openssl(&["ec", "-outform", "PEM"], &pkcs8);
        let from_pkcs8 =
            SealKey::from_pem(std::str::from_utf8(&pkcs8).expect("pem")).expect("pkcs8");
        let from_sec1 = SealKey::from_pem(std::str::from_utf8(&sec1).expect("pem")).expect("sec1");
        assert_eq!(from_pkcs8.public_key(), from_sec1.public_key());
        let openssl_public = openssl(&["pkey", "-pubout"], &pkcs8);
        assert_eq!(
            from_pkcs8.public_key().to_pem().expect("pem"),
            String::from_utf8(openssl_public).expect("pem")
        );

        let rsa = openssl(
            &[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:1024",
            ],
            b"",
        );
        let err = SealKey::from_pem(std::str::from_utf8(&rsa).expect("pem")).expect_err("rsa");
        assert!(err.to_string().contains("P-256"), "{err}");
        assert!(SealKey::from_pem("non una chiave").is_err());
    }

    #[test]
    fn the_qr_link_carries_the_token_back() {
        let token = issue_token(&claims(), &SealKey::demo()).expect("token");
        let link = qr_payload(&token, "https://www.comune.esempio.it/verifica");
        assert!(
            link.starts_with("https://www.comune.esempio.it/verifica#ATTI2%7C"),
            "{link}"
        );
        assert!(!link.contains('|'));
        assert_eq!(token_from_qr(&link), token);
        assert_eq!(token_from_qr(&format!("  {token}\n")), token);
        assert!(verify_token(&token_from_qr(&link), &SealKey::demo().public_key()).is_ok());
        // A stray "%" is kept as it is, and the signature still decides.
        assert_eq!(token_from_qr("https://x.it/v#ATTI2%7C%zz"), "ATTI2|%zz");
        // A "%" in the token survives the link.
        let with_percent = "ATTI1|1|decreto|1/2026|2026-01-02|ab|https://x.it/a%20b|sig";
        assert_eq!(
            token_from_qr(&qr_payload(with_percent, "https://x.it/a%20b")),
            with_percent
        );
        assert_eq!(token_from_qr(with_percent), with_percent);
    }

    #[test]
    fn a_short_code_reads_back_however_it_is_typed() {
        let code = short_code("ATTI2|prova");
        assert_eq!(code.len(), 14);
        assert!(
            code.chars()
                .all(|c| c == '-' || CROCKFORD.contains(&(c as u8))),
            "{code}"
        );
        assert_eq!(parse_short_code(&code).as_deref(), Some(code.as_str()));
        let typed = code
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(parse_short_code(&typed).as_deref(), Some(code.as_str()));
        assert_ne!(short_code("ATTI2|provb"), code);
        for not_one in [
            "",
            "ATTI2|8|determinazione",
            "7KQ2-M9XD-4TP",
            "7KQ2-M9XD-4TPA-X",
            "7KQ2-M9XD-4TPU",
        ] {
            assert_eq!(parse_short_code(not_one), None, "{not_one}");
        }
    }
}
