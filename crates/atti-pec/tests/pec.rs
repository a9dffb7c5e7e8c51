//! The PEC against a real provider (Dovecot over IMAPS, an SMTP server over TLS that writes
//! signed receipts): a message sent, its receipts read back and checked, the message in the
//! recipient's mailbox with its attachment; the failures a clerk meets said in Italian.

use std::time::{Duration, UNIX_EPOCH};

use atti_pec::testkit::{Mailbox, Provider, TlsFiles};
use atti_pec::{Allegato, Messaggio, PecConfig, PecError, TipoRicevuta};
use jiff::Timestamp;

struct World {
    _tmp: tempfile::TempDir,
    tls: TlsFiles,
    other: TlsFiles,
    provider: Provider,
    comune: Mailbox,
    anchors: Vec<Vec<u8>>,
}

fn world() -> World {
    let tmp = tempfile::tempdir().expect("tmp");
    let tls = TlsFiles::create(tmp.path());
    let other_dir = tmp.path().join("altra");
    std::fs::create_dir_all(&other_dir).expect("dir");
    let other = TlsFiles::create(&other_dir);
    let comune = Mailbox::new("comune", "protocollo@pec.comune.prova.it");
    let cittadino = Mailbox::new("cittadino", "mario.rossi@pec.prova.it");
    let provider = Provider::start(
        &tls,
        "2028-02-29T23:30:00+01:00",
        &[comune.clone(), cittadino],
    );
    let anchors =
        atti_sign::pem_to_der_certs(&std::fs::read(&tls.ca_pem).expect("ca")).expect("ca der");
    World {
        _tmp: tmp,
        tls,
        other,
        provider,
        comune,
        anchors,
    }
}

fn config(w: &World) -> PecConfig {
    PecConfig {
        indirizzo: w.comune.address.clone(),
        utente: w.comune.name.clone(),
        smtp_host: "localhost".into(),
        smtp_port: w.provider.smtp_port,
        imap_host: "localhost".into(),
        imap_port: w.provider.imap_port,
        ca_pem: Some(std::fs::read(&w.tls.ca_pem).expect("ca")),
    }
}

fn messaggio(to: &str, id: &str) -> Messaggio {
    Messaggio {
        destinatario: to.into(),
        oggetto: "Notifica verbale n. 7/2028".into(),
        testo: "Si notifica il verbale in allegato.".into(),
        allegati: vec![Allegato {
            nome: "verbale-7-2028.pdf".into(),
            mime: "application/pdf".into(),
            bytes: b"%PDF-1.7 verbale".to_vec(),
        }],
        message_id: id.into(),
        data: UNIX_EPOCH + Duration::from_secs(1_835_000_000),
    }
}

/// Verification time: the provider's certificate is valid now and for twenty years.
fn at() -> Timestamp {
    Timestamp::from_second(1_900_000_000).expect("time")
}

#[test]
fn a_message_and_its_receipts() {
    let w = world();
    let cfg = config(&w);
    let pw = &w.comune.password;
    atti_pec::send(
        &cfg,
        pw,
        &messaggio("mario.rossi@pec.prova.it", "<v7@atti.prova>"),
    )
    .expect("sent");
    atti_pec::send(
        &cfg,
        pw,
        &messaggio("nessuno@pec.prova.it", "<v8@atti.prova>"),
    )
    .expect("sent");
    // Receipts for the comune: 2 accettazioni, 1 consegna, 1 mancata consegna.
    assert_eq!(w.provider.wait_messages("comune", 4).len(), 4);
    let (validity, read) = atti_pec::receipts(&cfg, pw, None).expect("imap");
    assert_eq!(read.len(), 4);
    let ricevute: Vec<_> = read
        .iter()
        .map(|l| atti_pec::ricevuta::read(&l.bytes, &w.anchors, at()).expect("valid receipt"))
        .collect();
    let of = |id: &str, tipo| {
        ricevute
            .iter()
            .find(|r| r.riferimento == id && r.tipo == tipo)
    };
    let consegna = of("<v7@atti.prova>", TipoRicevuta::AvvenutaConsegna).expect("consegna");
    assert_eq!(
        consegna.consegna.as_deref(),
        Some("mario.rossi@pec.prova.it")
    );
    assert!(
        consegna.firmatario.contains("Gestore PEC"),
        "{}",
        consegna.firmatario
    );
    // The provider's clock started at 23:30 on 29 February 2028 (Rome): the same day.
    let day = consegna
        .data
        .to_zoned(jiff::tz::TimeZone::get("Europe/Rome").expect("tz"))
        .date();
    assert_eq!(day, jiff::civil::date(2028, 2, 29));
    assert!(of("<v7@atti.prova>", TipoRicevuta::Accettazione).is_some());
    assert!(of("<v8@atti.prova>", TipoRicevuta::ErroreConsegna).is_some());
    // Read from the mark: nothing new; the mark of another UIDVALIDITY reads everything.
    let last = read.last().expect("last").segno(validity);
    assert!(
        atti_pec::receipts(&cfg, pw, Some(last))
            .expect("imap")
            .1
            .is_empty()
    );
    let stale = atti_pec::Segno {
        uid_validity: validity.wrapping_add(1),
        uid: last.uid,
    };
    assert_eq!(
        atti_pec::receipts(&cfg, pw, Some(stale))
            .expect("imap")
            .1
            .len(),
        4
    );

    // The recipient has the busta di trasporto, with the message and its attachment inside.
    let busta = w.provider.wait_messages("cittadino", 1);
    assert_eq!(busta.len(), 1);
    let text = String::from_utf8_lossy(&busta[0]);
    assert!(text.contains("X-Trasporto: posta-certificata"));
    assert!(text.contains("verbale-7-2028.pdf"));

    // A receipt changed after the provider signed it is refused.
    let tampered = String::from_utf8_lossy(&read[0].bytes).replace("2028", "2027");
    let err =
        atti_pec::ricevuta::read(tampered.as_bytes(), &w.anchors, at()).expect_err("tampered");
    assert!(err.to_string().contains("firma del gestore"), "{err}");
    // Signed by a certificate nobody trusts: refused.
    let other =
        atti_sign::pem_to_der_certs(&std::fs::read(&w.other.ca_pem).expect("ca")).expect("der");
    let err = atti_pec::ricevuta::read(&read[0].bytes, &other, at()).expect_err("untrusted");
    assert!(err.to_string().contains("firma del gestore"), "{err}");
}

#[test]
fn what_goes_wrong_is_said() {
    let w = world();
    let cfg = config(&w);
    let wrong = atti_pec::send(
        &cfg,
        "sbagliata",
        &messaggio("mario.rossi@pec.prova.it", "<a@b>"),
    );
    assert!(matches!(wrong, Err(PecError::Auth)), "{wrong:?}");
    assert!(matches!(
        atti_pec::receipts(&cfg, "sbagliata", None),
        Err(PecError::Auth)
    ));
    let untrusted = PecConfig {
        ca_pem: Some(std::fs::read(&w.other.ca_pem).expect("ca")),
        ..cfg.clone()
    };
    let e = atti_pec::receipts(&untrusted, &w.comune.password, None).expect_err("tls");
    assert!(matches!(e, PecError::Tls(_)), "{e:?}");
    let e = atti_pec::send(
        &untrusted,
        &w.comune.password,
        &messaggio("x@y.it", "<c@d>"),
    )
    .expect_err("tls");
    assert!(
        matches!(e, PecError::Tls(_) | PecError::Network(_)),
        "{e:?}"
    );
    // Sending as somebody else's address: the provider refuses it.
    let spoof = PecConfig {
        indirizzo: "sindaco@pec.comune.prova.it".into(),
        ..cfg.clone()
    };
    let e = atti_pec::send(&spoof, &w.comune.password, &messaggio("x@y.it", "<e@f>"))
        .expect_err("refused");
    assert!(matches!(e, PecError::Refused(_)), "{e:?}");
    // A server that is not there.
    let closed = PecConfig {
        imap_port: 1,
        smtp_port: 1,
        ..cfg
    };
    assert!(matches!(
        atti_pec::receipts(&closed, "x", None),
        Err(PecError::Network(_))
    ));
    for e in [wrong.expect_err("auth"), e] {
        assert!(!e.to_string().is_empty());
    }
}
