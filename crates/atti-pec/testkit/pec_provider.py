"""The SMTP side of a PEC provider, for Atti's tests (Dovecot serves the mailboxes over IMAPS).

It does what the regole tecniche of the PEC (DPR 68/2005, DM 2 novembre 2005) ask of the
sender's and of the recipient's provider, both played here:
- submission over implicit TLS with AUTH; a sender must send from their own address;
- the ricevuta di accettazione to the sender;
- the busta di trasporto (the message as postacert.eml, with daticert.xml) into the
  recipient's mailbox, and the ricevuta di avvenuta consegna (completa: with the message) to
  the sender; for an address it does not keep, the avviso di mancata consegna;
- every receipt and envelope S/MIME-signed (detached, multipart/signed) by the provider.

Its clock: the moment given with --now, advancing with the seconds since start. A message to
an address beginning with "lento@" is never answered (the test of a PC switched off while
sending).

Usage: pec_provider.py --port P --cert C --key K --signer-cert S --signer-key SK
       --maildir DIR --now 2026-03-10T09:00:00+01:00 --user name:password:address ...
       --mailbox address:name ...
"""

import argparse
import asyncio
import datetime
import email
import email.policy
import os
import ssl
import time
import uuid
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

GESTORE = "Gestore PEC di prova"
DOMINIO = "pec.prova.example"


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--signer-cert", required=True)
    p.add_argument("--signer-key", required=True)
    p.add_argument("--maildir", required=True)
    p.add_argument("--now", required=True)
    p.add_argument("--user", action="append", default=[])
    p.add_argument("--mailbox", action="append", default=[])
    return p.parse_args()


class Provider:
    def __init__(self, args):
        self.users = {}
        for u in args.user:
            name, password, address = u.split(":", 2)
            self.users[name] = (password, address.lower())
        self.mailboxes = {}
        for m in args.mailbox:
            address, name = m.split(":", 1)
            self.mailboxes[address.lower()] = name
        self.maildir = args.maildir
        self.start = time.monotonic()
        self.base = datetime.datetime.fromisoformat(args.now)
        with open(args.signer_cert, "rb") as f:
            self.signer_cert = x509.load_pem_x509_certificate(f.read())
        with open(args.signer_key, "rb") as f:
            self.signer_key = serialization.load_pem_private_key(f.read(), None)

    def now(self):
        return self.base + datetime.timedelta(seconds=time.monotonic() - self.start)

    # --- SMTP ---------------------------------------------------------------------------

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        name = auth_data.login.decode()
        entry = self.users.get(name)
        if entry is None or entry[0] != auth_data.password.decode():
            return AuthResult(success=False, handled=False)
        return AuthResult(success=True, auth_data=name)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        name = session.auth_data
        if name is None or self.users[name][1] != address.lower():
            return "553 5.7.1 Il mittente non corrisponde alla casella autenticata"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        original = envelope.original_content or envelope.content
        msg = email.message_from_bytes(original, policy=email.policy.SMTP)
        msgid = msg.get("Message-ID", "").strip()
        if not msgid:
            return "554 5.6.0 Messaggio senza Message-ID"
        oggetto = str(msg.get("Subject", ""))
        sender = envelope.mail_from
        rcpts = [r.lower() for r in envelope.rcpt_tos]
        if any(r.startswith("lento@") for r in rcpts):
            # A provider that never answers: the sender's PC is switched off meanwhile.
            print(f"in attesa, senza risposta: {msgid}", flush=True)
            await asyncio.sleep(3600)
        at = self.now()
        # Ricevuta di accettazione.
        self.receipt(sender, "accettazione", "ACCETTAZIONE", oggetto, msgid, sender, rcpts, at, None,
                     f"Il giorno {giorno(at)} alle ore {ora(at)} il messaggio \"{oggetto}\" proveniente "
                     f"da \"{sender}\" ed indirizzato a: {', '.join(rcpts)} è stato accettato dal sistema "
                     "ed inoltrato.")
        for rcpt in rcpts:
            at = self.now()
            box = self.mailboxes.get(rcpt)
            if box is None:
                self.receipt(sender, "errore-consegna", "AVVISO DI MANCATA CONSEGNA", oggetto, msgid,
                             sender, rcpts, at, rcpt,
                             f"Il giorno {giorno(at)} alle ore {ora(at)} nel messaggio \"{oggetto}\" "
                             f"proveniente da \"{sender}\" è stato rilevato un errore: la casella "
                             f"\"{rcpt}\" non esiste. Il messaggio non è stato consegnato.")
                continue
            busta = self.envelope_of(original, oggetto, msgid, sender, rcpts, at, rcpt)
            self.deliver(box, busta)
            self.receipt(sender, "avvenuta-consegna", "CONSEGNA", oggetto, msgid, sender, rcpts, at, rcpt,
                         f"Il giorno {giorno(at)} alle ore {ora(at)} il messaggio \"{oggetto}\" "
                         f"proveniente da \"{sender}\" ed indirizzato a \"{rcpt}\" è stato consegnato "
                         "nella casella di destinazione.",
                         original)
        return "250 Messaggio accettato"

    # --- what the provider writes ---------------------------------------------------------

    def daticert(self, tipo, oggetto, msgid, sender, rcpts, at, consegna):
        dest = "".join(f'<destinatari tipo="certificato">{x}</destinatari>' for x in rcpts)
        cons = f"<consegna>{consegna}</consegna>" if consegna else ""
        zona = at.strftime("%z")
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<postacert tipo="{tipo}" errore="{"nessuno" if tipo != "errore-consegna" else "no-dest"}">'
            f"<intestazione><mittente>{sender}</mittente>{dest}"
            f"<risposte>{sender}</risposte><oggetto>{escape(oggetto)}</oggetto></intestazione>"
            f"<dati><gestore-emittente>{GESTORE}</gestore-emittente>"
            f'<data zona="{zona}"><giorno>{giorno(at)}</giorno><ora>{ora(at)}</ora></data>'
            f"<identificativo>{uuid.uuid4()}@{DOMINIO}</identificativo>"
            f"<msgid>{escape(msgid)}</msgid>{cons}</dati></postacert>\n"
        ).encode()

    def receipt(self, to, tipo, prefix, oggetto, msgid, sender, rcpts, at, consegna, text, original=None):
        inner = EmailMessage(policy=email.policy.SMTP)
        inner.set_content(text)
        inner.add_attachment(self.daticert(tipo, oggetto, msgid, sender, rcpts, at, consegna),
                             maintype="application", subtype="xml", filename="daticert.xml")
        if original is not None:
            inner.add_attachment(as_message(original), filename="postacert.eml")
        headers = [
            ("From", f"posta-certificata@{DOMINIO}"),
            ("To", to),
            ("Subject", f"{prefix}: {oggetto}"),
            ("Date", email.utils.format_datetime(at)),
            ("Message-ID", f"<{tipo}-{uuid.uuid4()}@{DOMINIO}>"),
            ("X-Ricevuta", tipo),
            ("X-Riferimento-Message-ID", msgid),
        ]
        if consegna:
            headers.append(("X-Tipo-Ricevuta", "completa"))
        box = self.mailboxes.get(to.lower())
        if box is not None:
            self.deliver(box, self.signed(inner, headers))

    def envelope_of(self, original, oggetto, msgid, sender, rcpts, at, rcpt):
        inner = EmailMessage(policy=email.policy.SMTP)
        inner.set_content(
            f"Messaggio di posta certificata\nIl giorno {giorno(at)} alle ore {ora(at)} il messaggio "
            f"\"{oggetto}\" è stato inviato da \"{sender}\" indirizzato a: {', '.join(rcpts)}\n"
            "Il messaggio originale è incluso in allegato.")
        inner.add_attachment(as_message(original), filename="postacert.eml")
        inner.add_attachment(self.daticert("posta-certificata", oggetto, msgid, sender, rcpts, at, None),
                             maintype="application", subtype="xml", filename="daticert.xml")
        headers = [
            ("From", f"Per conto di: {sender} <posta-certificata@{DOMINIO}>"),
            ("Reply-To", sender),
            ("To", rcpt),
            ("Subject", f"POSTA CERTIFICATA: {oggetto}"),
            ("Date", email.utils.format_datetime(at)),
            ("Message-ID", f"<opec-{uuid.uuid4()}@{DOMINIO}>"),
            ("X-Trasporto", "posta-certificata"),
            ("X-Riferimento-Message-ID", msgid),
        ]
        return self.signed(inner, headers)

    def signed(self, inner, headers):
        data = inner.as_bytes(policy=email.policy.SMTP)
        smime = (
            pkcs7.PKCS7SignatureBuilder()
            .set_data(data)
            .add_signer(self.signer_cert, self.signer_key, hashes.SHA256())
            .sign(serialization.Encoding.SMIME, [pkcs7.PKCS7Options.DetachedSignature])
        )
        head = "".join(f"{k}: {v}\r\n" for k, v in headers)
        return head.encode() + b"MIME-Version: 1.0\r\n" + smime.replace(b"MIME-Version: 1.0\r\n", b"", 1)

    def deliver(self, box, raw):
        """Maildir delivery: written in tmp/, then renamed into new/."""
        base = os.path.join(self.maildir, box)
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(base, sub), exist_ok=True)
        name = f"{time.time_ns()}.{uuid.uuid4().hex}.pec"
        tmp = os.path.join(base, "tmp", name)
        with open(tmp, "wb") as f:
            f.write(raw)
        os.rename(tmp, os.path.join(base, "new", name))


def as_message(raw):
    return email.message_from_bytes(raw, policy=email.policy.SMTP)


def giorno(at):
    return at.strftime("%d/%m/%Y")


def ora(at):
    return at.strftime("%H:%M:%S")


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


async def main():
    args = parse_args()
    os.umask(0)
    provider = Provider(args)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    controller = Controller(
        provider,
        hostname="127.0.0.1",
        port=args.port,
        ssl_context=context,
        authenticator=provider.authenticate,
        auth_required=True,
        auth_require_tls=False,
        server_hostname="localhost",
    )
    controller.start()
    print(f"pronto sulla porta {args.port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
