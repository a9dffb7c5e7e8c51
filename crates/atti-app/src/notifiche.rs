//! Notifying a verbale (atti-core `notifica.rs` says what counts): by PEC, the signed verbale
//! and its avviso di pagamento sent from the Comune's mailbox and the provider's receipts read
//! back and kept, their certified days driving the step «notifica»; or by post, the day of
//! dispatch and then of delivery from the return receipt.

use crate::dto::{ActionRequest, IterStatus, NotificaDto, RicevutePecDto};
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::dates::day_in_italy;
use atti_core::iter::Action;
use atti_core::notifica::{FileRicevuta, Mezzo, Notificazione};
use atti_core::{Act, ActId, ActKind};
use atti_pec::TipoRicevuta;
use atti_store::{EsitoNotifica, NewNotifica, NotificaRow};
use jiff::civil::Date;

impl Atti {
    /// The attempts at notifying verbale `id`, oldest first.
    pub fn notifiche(&self, id: ActId) -> AppResult<Vec<NotificaDto>> {
        Ok(self
            .store
            .notifiche(id)?
            .into_iter()
            .map(NotificaDto::from)
            .collect())
    }

    /// The verbale, when the current user may notify it today (the iter's own check: state,
    /// role, the term of art. 201) and no notification of it is under way.
    fn notificabile(&self, id: ActId) -> AppResult<Act> {
        let act = self.store.load_act(id)?;
        if act.kind != ActKind::VerbalePl {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!("l'atto {id} non è un verbale: si notifica con «Registra la notifica»"),
            ));
        }
        let facts = self.iter_facts(&self.store.facts(id)?);
        let options = atti_core::iter::options(&act, &facts, crate::actor(self.current_user()?));
        match options.iter().find(|o| o.action == Action::Notifica) {
            None => {
                return Err(AppError::new(
                    ErrorCode::NotAllowed,
                    format!(
                        "il verbale {id} non si può notificare ora (stato «{}»), o non da questo utente",
                        act.state.label()
                    ),
                ));
            }
            Some(o) => {
                if let Some(why) = &o.blocked_by {
                    return Err(AppError::new(ErrorCode::NotAllowed, why.clone()));
                }
            }
        }
        let under_way = self.store.notifiche(id)?.into_iter().find(|n| {
            matches!(
                n.esito,
                EsitoNotifica::InInvio | EsitoNotifica::Inviata | EsitoNotifica::Consegnata
            )
        });
        if let Some(n) = under_way {
            let wait = match n.esito {
                EsitoNotifica::InInvio => {
                    "attendere la ricevuta di accettazione (senza, dopo 24 ore l'invio si considera non avvenuto)"
                }
                EsitoNotifica::Consegnata => "il verbale è già notificato",
                _ => "attendere la consegna o la mancata consegna",
            };
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "una notifica del verbale {id} è già in corso ({} a {}, {}): {wait}",
                    n.mezzo.label(),
                    n.destinatario,
                    n.esito.label()
                ),
            ));
        }
        Ok(act)
    }

    /// Sends verbale `id` by PEC to `destinatario` (the party's domicilio digitale): the
    /// signed verbale and its avviso di pagamento, from the Comune's mailbox. The attempt is
    /// recorded before it leaves, so that its receipts always find it.
    pub fn notifica_pec(&mut self, id: ActId, destinatario: &str) -> AppResult<NotificaDto> {
        let act = self.notificabile(id)?;
        let destinatario = destinatario.trim().to_lowercase();
        let (config, password) = self.pec_account()?;
        let (name, verbale) = self.signed_act_file(id)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotAllowed,
                format!("il verbale {id} non ha il documento firmato"),
            )
        })?;
        let avviso = self.avviso_pagopa(id)?;
        let numero = self.store.facts(id)?.numero.unwrap_or_default();
        let comune = self.store.comune_name()?;
        let now = self.clock.now();
        let domain = config.indirizzo.split_once('@').map_or("atti", |(_, d)| d);
        let nonce: String = atti_docs::sha256_hex(format!("{id}{now}{destinatario}").as_bytes())
            .chars()
            .take(16)
            .collect();
        let message_id = format!("<verbale-{}-{nonce}@{domain}>", id.0);
        let user = self.current_user()?.username.clone();
        let riga = self.store.notifica_new(&NewNotifica {
            act_id: id,
            mezzo: Mezzo::Pec,
            destinatario: &destinatario,
            riferimento: &message_id,
            esito: EsitoNotifica::InInvio,
            spedita_il: None,
            at: &now.to_string(),
            by: &user,
        })?;
        let mime = if name.ends_with(".p7m") {
            "application/pkcs7-mime"
        } else {
            "application/pdf"
        };
        let messaggio = atti_pec::Messaggio {
            destinatario: destinatario.clone(),
            oggetto: format!(
                "Notificazione del verbale di accertamento n. {numero} - Comune di {comune}"
            ),
            testo: testo_pec(&comune, &numero, &act),
            allegati: vec![
                atti_pec::Allegato {
                    nome: name,
                    mime: mime.into(),
                    bytes: verbale,
                },
                atti_pec::Allegato {
                    nome: format!("avviso-pagopa-{}.pdf", numero.replace('/', "-")),
                    mime: "application/pdf".into(),
                    bytes: avviso,
                },
            ],
            message_id,
            data: std::time::SystemTime::from(now),
        };
        match atti_pec::send(&config, password.expose(), &messaggio) {
            Ok(()) => self
                .store
                .notifica_set(riga, EsitoNotifica::Inviata, None, None)?,
            Err(e) => {
                let message = e.to_string();
                self.store
                    .notifica_set(riga, EsitoNotifica::NonInviata, Some(&message), None)?;
                return Err(e.into());
            }
        }
        self.notifica_dto(id, riga)
    }

    /// Reads the new receipts in the Comune's PEC mailbox, keeps those of our notifications,
    /// and takes the step «notifica» of each verbale whose delivery they prove.
    pub fn pec_ricevute(&mut self) -> AppResult<RicevutePecDto> {
        let (config, password) = self.pec_account()?;
        let segno = self.store.setting(crate::pec::PEC_SEGNO)?.and_then(|s| {
            let (v, u) = s.split_once(':')?;
            Some(atti_pec::Segno {
                uid_validity: v.parse().ok()?,
                uid: u.parse().ok()?,
            })
        });
        let (validity, lette) = atti_pec::receipts(&config, password.expose(), segno)?;
        let anchors = self.store.trust_anchors()?;
        let mut out = RicevutePecDto::default();
        for letta in &lette {
            out.lette += 1;
            match atti_pec::ricevuta::read(&letta.bytes, &anchors, self.clock.now()) {
                Ok(r) => {
                    if let Some(n) = self.store.notifica_pec(&r.riferimento)? {
                        self.keep_ricevuta(&n, &r, &letta.bytes)?;
                        out.registrate += 1;
                    }
                }
                Err(e) => out.problemi.push(format!("messaggio {}: {e}", letta.uid)),
            }
            let mark = letta.segno(validity);
            self.store.set_setting(
                crate::pec::PEC_SEGNO,
                &format!("{}:{}", mark.uid_validity, mark.uid),
            )?;
        }
        // A message recorded but never accepted by the provider within a day (the PC stopped
        // while sending, the provider refused it without a receipt) did not leave: a new
        // attempt may start.
        let day_ago = self.clock.now() - jiff::SignedDuration::from_hours(24);
        for n in self.store.notifiche_in_invio()? {
            let stale = n
                .creata_at
                .parse::<jiff::Timestamp>()
                .is_ok_and(|at| at < day_ago);
            if stale && n.ricevute.is_empty() {
                self.store.notifica_set(
                    n.id,
                    EsitoNotifica::NonInviata,
                    Some(NON_PARTITA),
                    None,
                )?;
            }
        }
        // Every delivery proved and not yet recorded (also one a previous read could not).
        for n in self.store.notifiche_pec_consegnate()? {
            match self.notifica_pec_step(&n) {
                Ok(_) => out.notificati.push(n.act_id.0),
                Err(e) => out
                    .problemi
                    .push(format!("verbale {}: {}", n.act_id, e.message)),
            }
        }
        Ok(out)
    }

    /// Keeps a receipt of attempt `n` and moves the attempt as it says.
    fn keep_ricevuta(
        &mut self,
        n: &NotificaRow,
        r: &atti_pec::Ricevuta,
        bytes: &[u8],
    ) -> AppResult<()> {
        self.store
            .notifica_ricevuta_add(n.id, r.tipo.slug(), bytes)?;
        let open = matches!(n.esito, EsitoNotifica::InInvio | EsitoNotifica::Inviata);
        if !open {
            return Ok(());
        }
        let day = day_in_italy(r.data);
        match r.tipo {
            TipoRicevuta::Accettazione => {
                self.store
                    .notifica_set(n.id, EsitoNotifica::Inviata, None, Some(day))?;
            }
            TipoRicevuta::NonAccettazione => {
                self.store.notifica_set(
                    n.id,
                    EsitoNotifica::NonInviata,
                    Some("il gestore PEC del Comune non ha accettato il messaggio"),
                    None,
                )?;
            }
            TipoRicevuta::ErroreConsegna => {
                let why = format!(
                    "la casella {} non ha ricevuto il messaggio ({}): notificare per posta",
                    r.consegna.as_deref().unwrap_or(&n.destinatario),
                    r.errore.as_deref().unwrap_or("errore di consegna")
                );
                self.store
                    .notifica_set(n.id, EsitoNotifica::NonConsegnata, Some(&why), None)?;
            }
            TipoRicevuta::PresaInCarico
            | TipoRicevuta::AvvenutaConsegna
            | TipoRicevuta::PreavvisoErroreConsegna => {}
        }
        Ok(())
    }

    /// The step «notifica» of a PEC attempt whose receipts of acceptance and delivery are kept.
    fn notifica_pec_step(&mut self, n: &NotificaRow) -> AppResult<IterStatus> {
        let mut ricevute = Vec::new();
        for tipo in atti_core::notifica::RICEVUTE_PEC {
            let (_, sha) = n.ricevute.iter().find(|(t, _)| t == tipo).ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotAllowed,
                    format!("manca la ricevuta PEC di {tipo}"),
                )
            })?;
            ricevute.push(FileRicevuta {
                tipo: tipo.into(),
                bytes: self.store.blob(sha)?,
            });
        }
        let anchors = self.store.trust_anchors()?;
        let read = |bytes: &[u8]| atti_pec::ricevuta::read(bytes, &anchors, self.clock.now());
        let notificazione = Notificazione {
            mezzo: Mezzo::Pec,
            destinatario: n.destinatario.clone(),
            riferimento: n.riferimento.clone(),
            spedita_il: day_in_italy(read(&ricevute[0].bytes)?.data),
            consegnata_il: day_in_italy(read(&ricevute[1].bytes)?.data),
            compiuta_giacenza: false,
            ricevute,
        };
        self.notifica_step(n.act_id, notificazione)
    }

    /// Records that verbale `id` was posted (atti giudiziari) to `destinatario` on
    /// `spedita_il`, raccomandata `raccomandata`: within the term, not in the future.
    pub fn notifica_posta(
        &mut self,
        id: ActId,
        destinatario: &str,
        raccomandata: &str,
        spedita_il: Date,
    ) -> AppResult<NotificaDto> {
        let act = self.notificabile(id)?;
        let v = act
            .verbale
            .as_ref()
            .ok_or_else(|| AppError::new(ErrorCode::NotAllowed, "mancano i dati del verbale"))?;
        atti_core::notifica::check_spedizione(v, spedita_il, self.today())
            .map_err(|m| AppError::new(ErrorCode::NotAllowed, m))?;
        let (destinatario, raccomandata) = (destinatario.trim(), raccomandata.trim());
        if destinatario.is_empty() || raccomandata.is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "indicare l'indirizzo del destinatario e il numero della raccomandata",
            ));
        }
        let user = self.current_user()?.username.clone();
        let riga = self.store.notifica_new(&NewNotifica {
            act_id: id,
            mezzo: Mezzo::Posta,
            destinatario,
            riferimento: raccomandata,
            esito: EsitoNotifica::Inviata,
            spedita_il: Some(spedita_il),
            at: &self.clock.now().to_string(),
            by: &user,
        })?;
        self.notifica_dto(id, riga)
    }

    /// Records the delivery of the postal notification of verbale `id` on `consegnata_il`
    /// (the day on the return receipt, or the compiuta giacenza): the step «notifica».
    pub fn notifica_posta_consegna(
        &mut self,
        id: ActId,
        consegnata_il: Date,
        compiuta_giacenza: bool,
    ) -> AppResult<IterStatus> {
        let n = self
            .store
            .notifiche(id)?
            .into_iter()
            .rev()
            .find(|n| n.mezzo == Mezzo::Posta && n.esito == EsitoNotifica::Inviata)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotAllowed,
                    format!(
                        "il verbale {id} non ha una spedizione postale in corso: registrarla prima"
                    ),
                )
            })?;
        let notificazione = Notificazione {
            mezzo: Mezzo::Posta,
            destinatario: n.destinatario.clone(),
            riferimento: n.riferimento.clone(),
            spedita_il: n
                .spedita_il
                .ok_or_else(|| AppError::new(ErrorCode::Storage, "spedizione senza data"))?,
            consegnata_il,
            compiuta_giacenza,
            ricevute: Vec::new(),
        };
        self.notifica_step(id, notificazione)
    }

    fn notifica_step(&mut self, id: ActId, n: Notificazione) -> AppResult<IterStatus> {
        self.check_notificazione(&n)?;
        let request = ActionRequest {
            notificazione: Some(n),
            ..ActionRequest::default()
        };
        self.iter_take(id, Action::Notifica, &request)
    }

    /// A PEC notification's receipts prove what it says: each the provider's, signed and
    /// trusted, about this message, to this mailbox, on these days (here and on every PC
    /// that replays the step).
    pub(crate) fn check_notificazione(&self, n: &Notificazione) -> AppResult<()> {
        if n.mezzo != Mezzo::Pec {
            return Ok(());
        }
        let anchors = self.store.trust_anchors()?;
        let invalid = |m: String| AppError::new(ErrorCode::InvalidInput, m);
        for file in &n.ricevute {
            let r = atti_pec::ricevuta::read(&file.bytes, &anchors, self.clock.now())?;
            let day = day_in_italy(r.data);
            let named = file.tipo == r.tipo.slug();
            let (tipo_ok, day_ok) = match r.tipo {
                TipoRicevuta::Accettazione => (named, day == n.spedita_il),
                TipoRicevuta::AvvenutaConsegna => (
                    named
                        && r.consegna
                            .as_deref()
                            .is_some_and(|c| c.eq_ignore_ascii_case(&n.destinatario)),
                    day == n.consegnata_il,
                ),
                _ => (false, false),
            };
            if !tipo_ok || r.riferimento != n.riferimento {
                return Err(invalid(format!(
                    "la ricevuta «{}» non è quella di questa notifica ({} a {})",
                    file.tipo, n.riferimento, n.destinatario
                )));
            }
            if !day_ok {
                return Err(invalid(format!(
                    "la ricevuta di {} è del {}, non del giorno dichiarato",
                    file.tipo,
                    day.strftime("%d/%m/%Y")
                )));
            }
        }
        Ok(())
    }

    /// A receipt of a notification of verbale `id` (the message as the provider signed it).
    pub fn notifica_ricevuta(&self, id: ActId, sha256: &str) -> AppResult<Vec<u8>> {
        let known = self
            .store
            .notifiche(id)?
            .iter()
            .any(|n| n.ricevute.iter().any(|(_, s)| s == sha256));
        if !known {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("il verbale {id} non ha la ricevuta {sha256}"),
            ));
        }
        Ok(self.store.blob(sha256)?)
    }

    /// Saves a receipt of a notification of verbale `id` to `path` (.eml), whole or not at all.
    pub fn notifica_ricevuta_save(
        &self,
        id: ActId,
        sha256: &str,
        path: &std::path::Path,
    ) -> AppResult<()> {
        crate::write_file(path, &self.notifica_ricevuta(id, sha256)?)
    }

    fn notifica_dto(&self, id: ActId, riga: i64) -> AppResult<NotificaDto> {
        self.store
            .notifiche(id)?
            .into_iter()
            .find(|n| n.id == riga)
            .map(NotificaDto::from)
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "notifica non registrata"))
    }
}

/// Why an attempt without the provider's acceptance for a day is taken as never sent.
const NON_PARTITA: &str =
    "nessuna ricevuta di accettazione del gestore entro 24 ore: il messaggio non è partito";

/// A day typed by a clerk, `AAAA-MM-GG`; `what` names it in the error («della consegna»).
pub fn giorno(text: &str, what: &str) -> AppResult<Date> {
    text.trim().parse().map_err(|_| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("la data {what} non è valida ({text:?}): scriverla come AAAA-MM-GG"),
        )
    })
}

/// The text of the PEC message (D.M. Interno 18 dicembre 2017).
fn testo_pec(comune: &str, numero: &str, act: &Act) -> String {
    let targa = act.verbale.as_ref().map(|v| v.targa.as_str()).unwrap_or("");
    format!(
        "Comune di {comune} - Polizia locale\n\n\
         Si notifica, ai sensi dell'art. 201 del D.Lgs. 30 aprile 1992, n. 285 e del D.M. \
         Interno 18 dicembre 2017, il verbale di accertamento n. {numero} (veicolo targa \
         {targa}), allegato come documento informatico firmato digitalmente, con l'avviso di \
         pagamento pagoPA.\n\n\
         La notificazione si perfeziona per il destinatario nel giorno in cui il suo gestore di \
         posta elettronica certificata rilascia la ricevuta di avvenuta consegna: da quel \
         giorno decorrono i termini per il pagamento e per il ricorso indicati nel verbale.\n\n\
         La firma digitale del verbale si verifica con un qualsiasi software di verifica \
         conforme alle regole tecniche AgID.\n"
    )
}
