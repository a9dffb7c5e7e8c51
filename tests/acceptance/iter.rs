//! The iter through the CLI: every kind from bozza to its end, with the demo users, and the
//! refusals that name their rule.

use crate::support::DataDir;
use serde_json::json;

fn take(d: &DataDir, id: i64, action: &str, user: &str, extra: &[&str]) -> serde_json::Value {
    // The actions that are signatures go through `atti sign` with the PIN.
    let is_signature = atti_core::iter::Action::from_slug(action).is_some_and(|a| a.is_signature());
    if is_signature {
        assert!(extra.is_empty());
        return d.sign(id, action, user);
    }
    let id = id.to_string();
    let mut args = vec!["iter", id.as_str(), action, "--as", user];
    args.extend_from_slice(extra);
    d.json(&args)
}

fn refuse(d: &DataDir, id: i64, action: &str, user: &str, extra: &[&str]) -> String {
    let id = id.to_string();
    let mut args = vec!["iter", id.as_str(), action, "--as", user];
    args.extend_from_slice(extra);
    d.fails(&args)
}

fn state(d: &DataDir, id: i64) -> String {
    d.json(&["act", "show", &id.to_string()])["state"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn determinazione_with_spending_from_bozza_to_pubblicata() {
    let d = DataDir::demo();
    let id = d.new_act(
        "determinazione",
        "Acquisto di arredi per la biblioteca",
        "istruttore",
    );
    // Incomplete: the core says what is missing.
    let msg = refuse(&d, id, "invia", "istruttore", &[]);
    assert!(msg.contains("il dispositivo non ha punti"), "{msg}");
    d.fill(
        id,
        "istruttore",
        json!({
            "dispositivo": [{"text": "di acquistare gli arredi"}],
            "impegni": [{"esercizio": 2026, "capitolo": "1010", "importo_centesimi": 350000,
                         "beneficiario": "Arredi Spa", "cig": "B9876ZYXW1", "cup": null}]
        }),
    );
    let s = take(&d, id, "invia", "istruttore", &[]);
    assert_eq!(s["state"], "istruttoria");
    // The options of the dirigente, listed by the core.
    let opts = d.json(&["iter", &id.to_string(), "--as", "dirigente"]);
    let names: Vec<&str> = opts["options"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["action"].as_str())
        .collect();
    assert_eq!(names, ["restituisci", "adotta", "ritira"]);
    // The istruttore may not adopt: the rule is named.
    assert!(
        refuse(&d, id, "adotta", "istruttore", &[])
            .contains("l'utente istruttore (istruttore) non può adottare una determinazione")
    );
    // Returned with a reason and a comment on a section; fixed; sent again.
    assert!(refuse(&d, id, "restituisci", "dirigente", &[]).contains("serve una motivazione"));
    take(
        &d,
        id,
        "restituisci",
        "dirigente",
        &[
            "--note",
            "Manca la durata",
            "--commento",
            "dispositivo[0].text=Indicare la durata",
        ],
    );
    assert_eq!(state(&d, id), "bozza");
    // The list says it came back, not only «Bozza»; until it is sent again.
    let returned = |d: &DataDir| {
        d.json(&["act", "list"])
            .as_array()
            .into_iter()
            .flatten()
            .find(|a| a["id"] == id)
            .map(|a| a["restituita"].clone())
    };
    assert_eq!(returned(&d), Some(json!(true)));
    d.fill(
        id,
        "istruttore",
        json!({"dispositivo": [{"text": "di acquistare gli arredi entro 30 giorni"}]}),
    );
    assert_eq!(
        returned(&d),
        Some(json!(true)),
        "a save is no step of the iter"
    );
    take(&d, id, "invia", "istruttore", &[]);
    assert_eq!(returned(&d), Some(json!(false)));
    let s = take(&d, id, "adotta", "dirigente", &[]);
    assert_eq!(s["state"], "visto");
    assert_eq!(
        s["numero"].as_str().map(|n| n.starts_with("1/")),
        Some(true)
    );
    // Frozen: no edit, no attachment.
    let file = d.path().join(format!("act-{id}.json"));
    let msg = d.fails(&[
        "act",
        "edit",
        &id.to_string(),
        "--file",
        file.to_str().unwrap_or_default(),
        "--as",
        "dirigente",
    ]);
    assert!(msg.contains("adottato"), "{msg}");
    // Without the visto it is not executive.
    assert!(
        refuse(&d, id, "rendi-esecutiva", "ragioniere", &[])
            .contains("manca il visto di regolarità contabile")
    );
    assert!(
        d.fails(&[
            "parere",
            &id.to_string(),
            "--tipo",
            "visto-contabile",
            "--esito",
            "favorevole",
            "--as",
            "dirigente"
        ])
        .contains("spetta al responsabile del servizio finanziario")
    );
    assert!(
        d.fails(&[
            "parere",
            &id.to_string(),
            "--tipo",
            "visto-contabile",
            "--esito",
            "non-favorevole",
            "--as",
            "ragioniere"
        ])
        .contains("deve essere motivato")
    );
    d.ok_with_pin(&[
        "parere",
        &id.to_string(),
        "--tipo",
        "visto-contabile",
        "--esito",
        "favorevole",
        "--as",
        "ragioniere",
    ]);
    // The favourable visto made it executive by itself (art. 183 c.7 TUEL): nobody presses
    // «Rendi esecutiva» after it.
    assert_eq!(state(&d, id), "esecutiva");
    let s = take(&d, id, "pubblica", "messo", &[]);
    assert_eq!(s["state"], "pubblicata");
    assert!(s["dates"]["publication_end"].is_string());
    // The timeline has every step, the comment included.
    let history = d.json(&["act", "history", &id.to_string()]);
    let actions: Vec<&str> = history
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "crea",
            "salva",
            "invia",
            "restituisci",
            "salva",
            "invia",
            "numero",
            "firma",
            "documento",
            "documento",
            // The act and its publication version (the albo's PDF), signed together.
            "firma digitale",
            "firma digitale",
            "adotta",
            "parere",
            "firma digitale",
            "in coda per l'archivio",
            "rendi-esecutiva",
            "albo",
            "pubblica"
        ]
    );
    assert_eq!(history[3]["comments"][0]["field"], "dispositivo[0].text");
    // Diff between the versions the dirigente saw and the fixed one.
    let diff = d.json(&["act", "diff", &id.to_string(), "2", "3"]);
    assert_eq!(diff["changes"][0]["part"], "Dispositivo, punto 1");
    d.ok(&["audit", "verify"]);
}

#[test]
fn delibera_di_consiglio_needs_pareri_votes_and_two_signatures() {
    let d = DataDir::demo_at("2031-03-02 09:00:00");
    let id = d.new_act(
        "delibera-consiglio",
        "Approvazione del regolamento del verde",
        "istruttore",
    );
    d.fill(
        id,
        "istruttore",
        json!({"dispositivo": [{"text": "di approvare il regolamento"}]}),
    );
    take(&d, id, "invia", "istruttore", &[]);
    take(&d, id, "proponi", "dirigente", &[]);
    assert!(
        refuse(&d, id, "iscrivi", "segretario", &[])
            .contains("manca il parere di regolarità tecnica")
    );
    d.ok_with_pin(&[
        "parere",
        &id.to_string(),
        "--tipo",
        "tecnico",
        "--esito",
        "favorevole",
        "--as",
        "dirigente",
    ]);
    // A change after the parere makes it stale.
    d.fill(
        id,
        "dirigente",
        json!({"dispositivo": [{"text": "di approvare il regolamento del verde urbano"}]}),
    );
    assert!(refuse(&d, id, "iscrivi", "segretario", &[]).contains("da rinnovare"));
    d.ok_with_pin(&[
        "parere",
        &id.to_string(),
        "--tipo",
        "tecnico",
        "--esito",
        "favorevole",
        "--as",
        "dirigente",
    ]);
    // The proposal goes to a session of the Consiglio: nobody types a vote.
    let seduta = |args: &[&str]| {
        let mut all = vec!["seduta"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--as", "segretario"]);
        d.json(&all)
    };
    // The Consiglio is convened with five days' notice (the demo's regolamento): the avviso on
    // the 2nd, the session on the 10th.
    let (day, numero) = ("2031-03-10", "1/2031");
    let s = seduta(&[
        "new",
        "--organo",
        "consiglio",
        "--data",
        day,
        "--ora",
        "18:00",
        "--luogo",
        "Sala consiliare",
    ]);
    let sid = s["id"].as_i64().expect("seduta id").to_string();
    assert!(
        d.fails(&[
            "seduta",
            "iscrivi",
            &sid,
            &id.to_string(),
            "--as",
            "dirigente"
        ])
        .contains("segretario")
    );
    seduta(&["iscrivi", &sid, &id.to_string()]);
    // Opened on its day, not before; after the avviso, signed by who presides the Consiglio.
    assert!(
        d.fails(&[
            "seduta",
            "apri",
            &sid,
            "--presenti",
            "ferrari,romano",
            "--as",
            "segretario"
        ])
        .contains("si apre quel giorno")
    );
    let r = d.run_with_stdin(
        None,
        &["seduta", "avviso", &sid, "--as", "sindaco", "--pin-stdin"],
        "123456\n",
    );
    assert!(r.stderr.contains("non ne ha titolo"), "{}", r.stderr);
    d.ok_with_pin(&["seduta", "avviso", &sid, "--as", "presidente"]);
    d.set_clock("2031-03-10 18:05:00");
    assert_eq!(state(&d, id), "iscritta");
    let typed = refuse(&d, id, "approva", "segretario", &[]);
    assert!(typed.contains("atti seduta voto"), "{typed}");
    let present =
        "ferrari,romano,bruno,fontana,moretti,barbieri,lombardi,rinaldi,caruso,ferri,galli,leone";
    seduta(&[
        "apri",
        &sid,
        "--presenti",
        present,
        "--giustificati",
        "longo",
    ]);
    // A vote naming an absent member is refused, and nothing is recorded.
    assert!(
        d.fails(&[
            "seduta",
            "voto",
            &sid,
            "1",
            "--contrari",
            "longo",
            "--as",
            "segretario"
        ])
        .contains("«longo» non è presente")
    );
    // 9 in favour, 2 against, 1 abstaining; the separate vote won by 10 of 13 members.
    let s = seduta(&[
        "voto",
        &sid,
        "1",
        "--contrari",
        "galli,leone",
        "--astenuti",
        "ferri",
        "--immediata",
        "--immediata-contrari",
        "galli,leone",
    ]);
    assert_eq!(s["avvisi"], json!([]));
    assert_eq!(s["punti"][0]["act_state"], "approvata");
    // Closed, and its minutes signed by who presided (the presidente del consiglio), then
    // the segretario.
    let s = seduta(&["chiudi", &sid]);
    assert_eq!(s["stato"]["presiede"], "romano");
    d.ok_with_pin(&["seduta", "verbale", &sid, "--as", "presidente"]);
    d.ok_with_pin(&["seduta", "verbale", &sid, "--as", "segretario"]);
    let s = seduta(&["show", &sid]);
    assert_eq!(
        s["stato"]["verbale"].as_array().map(Vec::len),
        Some(2),
        "{s}"
    );
    let s = d.json(&["iter", &id.to_string()]);
    assert_eq!(s["numero"], numero);
    assert_eq!(s["dates"]["adoption"], day);
    assert!(refuse(&d, id, "firma", "sindaco", &[]).contains("non può firmare"));
    assert_eq!(
        take(&d, id, "firma", "presidente", &[])["state"],
        "approvata"
    );
    assert!(refuse(&d, id, "firma", "presidente", &[]).contains("già firmato"));
    assert_eq!(take(&d, id, "firma", "segretario", &[])["state"], "firmata");
    // Immediately executable: executive on publication, from the session day.
    let s = take(&d, id, "pubblica", "segretario", &[]);
    assert_eq!(s["state"], "esecutiva");
    assert_eq!(s["dates"]["esecutivita"], day);
    let reg = d.json(&["registro", "delibera-consiglio", "--year", "2031"]);
    assert_eq!(reg[0]["number"], 1);
}

#[test]
fn ordinanza_dirigenziale_decreto_and_verbale() {
    let d = DataDir::demo();
    let ord = d.new_act(
        "ordinanza",
        "Divieto di sosta per lavori in via Dante",
        "istruttore",
    );
    d.fill(
        ord,
        "istruttore",
        json!({"dispositivo": [{"text": "il divieto di sosta"}], "tipo_ordinanza": "dirigenziale"}),
    );
    take(&d, ord, "invia", "istruttore", &[]);
    assert!(refuse(&d, ord, "adotta", "sindaco", &[]).contains("non può adottare un'ordinanza"));
    take(&d, ord, "adotta", "dirigente", &[]);
    assert!(
        refuse(&d, ord, "comunica-prefetto", "istruttore", &[])
            .contains("solo le ordinanze contingibili")
    );
    assert_eq!(
        take(&d, ord, "notifica", "istruttore", &[])["state"],
        "notificata"
    );

    let dec = d.new_act("decreto", "Nomina del vicesindaco", "sindaco");
    d.fill(
        dec,
        "sindaco",
        json!({"dispositivo": [{"text": "di nominare vicesindaco"}]}),
    );
    take(&d, dec, "adotta", "sindaco", &[]);
    assert_eq!(
        take(&d, dec, "comunica", "segretario", &[])["state"],
        "comunicata"
    );
    // Communicated, it may still go on the albo (once); then nothing more is possible.
    let msg = refuse(&d, dec, "comunica", "segretario", &[]);
    assert!(msg.contains("azioni possibili: pubblica"), "{msg}");
    assert_eq!(
        take(&d, dec, "pubblica", "messo", &[])["state"],
        "comunicata"
    );
    let msg = refuse(&d, dec, "pubblica", "messo", &[]);
    assert!(msg.contains("già stato pubblicato all'albo"), "{msg}");

    let ver = d.new_act("verbale-pl", "Sosta su marciapiede", "agente");
    assert!(refuse(&d, ver, "redigi", "agente", &[]).contains("manca la targa del veicolo"));
    d.fill(
        ver,
        "agente",
        json!({"verbale": {
        "data": "2026-01-05", "ora": "08:30", "luogo": "Corso Italia 3", "veicolo": "autovettura",
        "targa": "EF456GH", "trasgressore": {"nome": "Luca Bianchi", "codice_fiscale": null, "indirizzo": ""},
        "obbligato_solidale": null, "norma_violata": "art. 158 c.2 lett. h) CdS",
        "sanzione_centesimi": 4200, "sanzione_ridotta_centesimi": 2940, "punti": 0, "agente_matricola": "PL-017",
        "fatto": "Veicolo in sosta sul marciapiede, conducente presente."}}),
    );
    take(&d, ver, "redigi", "agente", &[]);
    let s = take(&d, ver, "adotta", "agente", &[]);
    // Contested on the spot: nothing to notify (tests/acceptance/verbali.rs: the others).
    assert_eq!(s["dates"]["notifica_deadline"], serde_json::Value::Null);
    assert!(s["numero"].is_string());
    assert!(refuse(&d, ver, "notifica", "agente", &[]).contains("contestata sul posto"));
    assert_eq!(
        take(&d, ver, "contesta", "agente", &[])["state"],
        "contestato"
    );
}

#[test]
fn the_demo_runs_every_kind_and_a_correction_links_both_acts() {
    let d = DataDir::new();
    let out = d.path().join("out");
    let r = d.run(&["demo", "--out", out.to_str().unwrap_or_default()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for kind in [
        "Determinazione",
        "Deliberazione di Giunta",
        "Ordinanza",
        "Decreto",
        "Verbale",
    ] {
        assert!(r.stdout.contains(kind), "{kind} missing from the tour");
    }
    assert!(r.stdout.contains("Registro delle operazioni integro"));
    // The verbale contested on the spot is paid at the reduced amount, and the flusso of
    // pagoPA that reports it is read back.
    assert!(
        r.stdout.contains("in misura ridotta: obbligazione estinta"),
        "{}",
        r.stdout
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("demo.json")).unwrap_or_default())
            .expect("demo.json");
    let states: Vec<&str> = summary
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["state"].as_str())
        .collect();
    assert_eq!(
        states,
        [
            "pubblicata",
            "esecutiva",
            "notificata",
            "comunicata",
            "contestato"
        ]
    );
    // A second run on the same data dir is refused: the tour starts fresh.
    let again = d.run(&["demo", "--out", out.to_str().unwrap_or_default()]);
    assert_eq!(again.code, 1);
    // The ragioniere drafts determinazioni, but does not correct another office's: neither the
    // status offers it nor the command takes it.
    assert_eq!(
        d.json(&["iter", "1", "--as", "ragioniere"])["may_correct"],
        false
    );
    assert_eq!(
        d.json(&["iter", "1", "--as", "istruttore"])["may_correct"],
        true
    );
    assert!(
        d.fails(&["act", "correct", "1", "--as", "ragioniere"])
            .contains("la avvia chi lo redige in quell'ufficio")
    );
    // A rettifica is a new act linked to the adopted one.
    let new_id: i64 = d
        .ok(&[
            "act",
            "correct",
            "1",
            "--tipo",
            "rettifica",
            "--as",
            "istruttore",
        ])
        .trim()
        .parse()
        .expect("id");
    let corr = d.json(&["iter", &new_id.to_string(), "--as", "istruttore"]);
    assert_eq!(corr["links"][0]["original"], 1);
    assert_eq!(
        d.json(&["iter", "1", "--as", "istruttore"])["links"][0]["correction"],
        new_id
    );
    assert!(
        d.json(&["act", "show", &new_id.to_string()])["oggetto"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Rettifica dell'atto n. 1/")
    );
}

#[test]
fn an_annulled_number_stays_in_the_register_with_its_reason() {
    let d = DataDir::demo();
    let id = d.new_act(
        "determinazione",
        "Acquisto di un'auto di servizio",
        "istruttore",
    );
    d.fill(
        id,
        "istruttore",
        json!({
            "dispositivo": [{"text": "di acquistare l'auto"}],
            "impegni": [{"esercizio": 2026, "capitolo": "2010", "importo_centesimi": 1800000,
                         "beneficiario": "Auto Spa", "cig": null, "cup": null}]
        }),
    );
    take(&d, id, "invia", "istruttore", &[]);
    take(&d, id, "adotta", "dirigente", &[]);
    d.ok_with_pin(&[
        "parere",
        &id.to_string(),
        "--tipo",
        "visto-contabile",
        "--esito",
        "non-favorevole",
        "--motivazione",
        "Manca la copertura sul capitolo 2010",
        "--as",
        "ragioniere",
    ]);
    assert!(refuse(&d, id, "rendi-esecutiva", "ragioniere", &[]).contains("non favorevole"));
    assert!(refuse(&d, id, "annulla", "dirigente", &[]).contains("serve una motivazione"));
    let s = take(
        &d,
        id,
        "annulla",
        "dirigente",
        &["--note", "Visto contabile negativo"],
    );
    assert_eq!(s["state"], "annullata");
    let reg = d.json(&["registro", "determinazione"]);
    assert_eq!(reg[0]["number"], 1);
    assert_eq!(reg[0]["annulled_reason"], "Visto contabile negativo");
    // The next adoption takes the next number: the annulled one is never reused.
    let other = d.new_act("determinazione", "Acquisto di carta", "istruttore");
    d.fill(
        other,
        "istruttore",
        json!({"dispositivo": [{"text": "di acquistare la carta"}]}),
    );
    take(&d, other, "invia", "istruttore", &[]);
    assert_eq!(
        take(&d, other, "adotta", "dirigente", &[])["numero"]
            .as_str()
            .map(|n| n.starts_with("2/")),
        Some(true)
    );
    d.ok(&["audit", "verify"]);
}

#[test]
fn each_user_finds_in_the_inbox_the_work_of_their_office() {
    use atti_app::{Atti, FixedClock};
    use atti_core::ActKind;
    let dir = tempfile::tempdir().expect("tempdir");
    let at: jiff::Timestamp = "2026-03-02T09:00:00Z".parse().expect("timestamp");
    let mut atti = Atti::open_with_clock(dir.path(), Box::new(FixedClock(at))).expect("open");
    atti.init_demo().expect("demo");
    atti.switch_user("istruttore").expect("user");
    let tec = atti
        .act_create(ActKind::Determinazione, "Manutenzione delle strade", None)
        .expect("TEC")
        .id
        .expect("id");
    let rag = atti
        .act_create(ActKind::Determinazione, "Rimborso di tributi", Some("RAG"))
        .expect("RAG")
        .id
        .expect("id");
    let inbox = |atti: &mut Atti, user: &str| -> Vec<(String, i64)> {
        atti.switch_user(user).expect("user");
        atti.inbox()
            .expect("inbox")
            .into_iter()
            .flat_map(|g| g.acts.into_iter().map(move |a| (g.name.clone(), a.id.0)))
            .collect()
    };
    // The istruttore of TEC: the draft of TEC to send on, not the one written for RAG; a
    // draft is its office's work for every role: the ragioniere (RAG) has the other.
    assert_eq!(
        inbox(&mut atti, "istruttore"),
        vec![("Da istruire".to_string(), tec.0)]
    );
    assert_eq!(
        inbox(&mut atti, "ragioniere"),
        vec![("Da istruire".to_string(), rag.0)]
    );
    // Sent on, each waits for the dirigente of its own office only.
    for id in [tec, rag] {
        atti.switch_user("istruttore").expect("user");
        let act = atti.act_get(id).expect("act");
        atti.act_save(&atti_core::Act {
            dispositivo: vec![atti_core::DispositivoPoint {
                text: "di approvare quanto in premessa.".into(),
            }],
            ..act
        })
        .expect("save");
        atti.iter_take(id, atti_core::iter::Action::Invia, &Default::default())
            .expect("invia");
    }
    let dirigente = inbox(&mut atti, "dirigente");
    assert!(
        dirigente.iter().any(|(_, id)| *id == tec.0),
        "{dirigente:?}"
    );
    assert!(
        !dirigente.iter().any(|(_, id)| *id == rag.0),
        "{dirigente:?}"
    );
    assert!(inbox(&mut atti, "istruttore").is_empty());

    // Adopted and published, it is «In pubblicazione» for the days of the albo, and only
    // then: the act stays «pubblicata» for ever, its days on the albo end.
    atti.switch_user("dirigente").expect("user");
    let pin = atti_core::Sensitive::new(atti_app::DEMO_PIN.to_string());
    atti.sign(tec, &pin).expect("adotta");
    atti.switch_user("messo").expect("user");
    let mut request = atti_app::dto::ActionRequest::default();
    request.conferma_dati = atti
        .omissis_proposals(tec)
        .expect("omissis")
        .into_iter()
        .map(|p| p.text)
        .collect();
    atti.iter_take(tec, atti_core::iter::Action::Pubblica, &request)
        .expect("pubblica");
    let on_albo = ("In pubblicazione".to_string(), tec.0);
    assert_eq!(inbox(&mut atti, "istruttore"), vec![on_albo.clone()]);
    assert!(inbox(&mut atti, "sindaco").contains(&on_albo));
    drop(atti);
    let later = at + jiff::SignedDuration::from_hours(24 * 30);
    let mut atti = Atti::open_with_clock(dir.path(), Box::new(FixedClock(later))).expect("open");
    for user in ["istruttore", "sindaco", "messo"] {
        assert!(!inbox(&mut atti, user).contains(&on_albo), "{user}");
    }
}

#[test]
fn an_inbox_group_shows_its_most_recent_acts_and_says_how_many_it_has() {
    use atti_app::{Atti, FixedClock};
    use atti_core::ActKind;
    let dir = tempfile::tempdir().expect("tempdir");
    let start: jiff::Timestamp = "2026-03-02T09:00:00Z".parse().expect("timestamp");
    let mut atti = Atti::open_with_clock(dir.path(), Box::new(FixedClock(start))).expect("open");
    atti.init_demo().expect("demo");
    drop(atti);
    let mut ids = Vec::new();
    for i in 0..105 {
        // One a minute, so that «most recent» is the order they were written in.
        let at = start + jiff::SignedDuration::from_secs(60 * i);
        let mut atti = Atti::open_with_clock(dir.path(), Box::new(FixedClock(at))).expect("open");
        atti.switch_user("istruttore").expect("user");
        let act = atti
            .act_create(ActKind::Determinazione, &format!("Acquisto n. {i}"), None)
            .expect("create");
        ids.push(act.id.expect("id").0);
    }
    let atti = Atti::open(dir.path()).expect("open");
    let inbox = atti.inbox().expect("inbox");
    let group = inbox
        .iter()
        .find(|g| g.name == "Da istruire")
        .expect("Da istruire");
    assert_eq!(group.total, 105);
    let shown: Vec<i64> = group.acts.iter().map(|a| a.id.0).collect();
    let newest: Vec<i64> = ids.iter().rev().take(100).copied().collect();
    assert_eq!(shown, newest);
}
