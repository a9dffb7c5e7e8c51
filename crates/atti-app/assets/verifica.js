"use strict";
// The Comune's seal public keys ({ chiave: uncompressed P-256 point in base64, ritirata: the
// day from which a retired key no longer vouches for a copy, or null }), newest first, and the
// names of its registers. Filled in by Atti when it writes this page.
const CHIAVI = __CHIAVI__;
const REGISTRI = __REGISTRI__;

function base64urlInBytes(testo) {
  if (!/^[A-Za-z0-9_-]*$/.test(testo)) return null;
  const b64 = testo.replace(/-/g, "+").replace(/_/g, "/");
  let binario;
  try {
    binario = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  } catch (e) {
    return null; // a truncated signature
  }
  const bytes = Uint8Array.from(binario, (c) => c.charCodeAt(0));
  // Only the canonical form, as Atti writes it.
  const ricodificato = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return ricodificato === testo ? bytes : null;
}

function base64InBytes(testo) {
  return Uint8Array.from(atob(testo), (c) => c.charCodeAt(0));
}

function esadecimale(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

// Checks a contrassegno: the ECDSA P-256 / SHA-256 signature over everything before the last
// "|", with any of the keys. Returns { valido: true, ...what it states } or { valido: false,
// motivo }. A contrassegno of the current format (ATTI2) also states the copy it is printed on
// (copia: { numero, rilasciata, funzionario, pagine, per }); one of the first format (ATTI1)
// names the act only (copia: null).
async function verificaContrassegno(contrassegno, chiavi, subtle) {
  let testo = contrassegno.trim();
  // What a QR reader gives: a link to this page with the contrassegno after "#".
  if (!/^ATTI[12]\|/.test(testo) && testo.includes("#")) {
    try {
      testo = decodeURIComponent(testo.slice(testo.indexOf("#") + 1));
    } catch (e) {
      // Not a link written by Atti: the checks below say so.
    }
  }
  const taglio = testo.lastIndexOf("|");
  const campi = taglio < 0 ? [] : testo.slice(0, taglio).split("|");
  const formato = { ATTI1: 7, ATTI2: 12 }[campi[0]];
  if (formato === undefined || campi.length !== formato) {
    return { valido: false, motivo: "Il testo non è un contrassegno di una copia conforme del Comune: controllare di averlo copiato per intero." };
  }
  const firma = base64urlInBytes(testo.slice(taglio + 1));
  if (firma === null || firma.length !== 64) {
    return { valido: false, motivo: "La firma del contrassegno è incompleta o alterata." };
  }
  const dati = new TextEncoder().encode(testo.slice(0, taglio));
  for (const { chiave, ritirata } of chiavi) {
    const pubblica = await subtle.importKey("raw", base64InBytes(chiave), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    if (await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, pubblica, firma, dati)) {
      const [, atto, registro, numero, data, sha256, url, copia, rilasciata, funzionario, pagine, per] = campi;
      // A retired key vouches only for copies issued before the day it was retired (as Atti checks it).
      if (ritirata && (copia === undefined || !(rilasciata < ritirata))) {
        return { valido: false, motivo: `Il contrassegno NON è valido: è sigillato con una chiave che il Comune ha ritirato dal ${ritirata.split("-").reverse().join("/")}.` };
      }
      const diCopia = copia === undefined ? null : { numero: copia, rilasciata, funzionario, pagine, per: per === "-" ? null : per };
      return { valido: true, atto, registro, numero, data, sha256, url, copia: diCopia };
    }
  }
  return { valido: false, motivo: "Il contrassegno NON è autentico: non è stato apposto dal Comune, oppure il testo è stato alterato." };
}

if (typeof document !== "undefined") {
  const modulo = document.getElementById("modulo");
  const campo = document.getElementById("contrassegno");
  const file = document.getElementById("originale");
  const esito = document.getElementById("esito");

  const riga = (dl, termine, valore) => {
    const dt = document.createElement("dt");
    dt.textContent = termine;
    const dd = document.createElement("dd");
    dd.textContent = valore;
    dl.append(dt, dd);
  };

  const verifica = async () => {
    esito.replaceChildren();
    const risultato = await verificaContrassegno(campo.value, CHIAVI, crypto.subtle);
    const riquadro = document.createElement("div");
    riquadro.className = risultato.valido ? "ok" : "ko";
    const titolo = document.createElement("h2");
    riquadro.append(titolo);
    if (!risultato.valido) {
      titolo.textContent = "Contrassegno non valido";
      const p = document.createElement("p");
      p.textContent = risultato.motivo;
      riquadro.append(p);
      esito.append(riquadro);
      return;
    }
    titolo.textContent = "Contrassegno autentico";
    const dl = document.createElement("dl");
    const giorno = (data) => data.split("-").reverse().join("/");
    riga(dl, "Registro", REGISTRI[risultato.registro] || risultato.registro);
    riga(dl, "Numero", risultato.numero);
    riga(dl, "Data", giorno(risultato.data));
    riga(dl, "Impronta SHA-256 dell'originale", risultato.sha256);
    riquadro.append(dl);
    const copia = document.createElement("p");
    if (risultato.copia) {
      const c = risultato.copia;
      const dati = document.createElement("dl");
      riga(dati, "Copia n.", c.numero);
      riga(dati, "Rilasciata il", giorno(c.rilasciata));
      riga(dati, "Dal funzionario", c.funzionario);
      riga(dati, "Pagine", c.pagine);
      riga(dati, "Destinatario", c.per ? `indicato sulla copia (impronta ${c.per.slice(0, 16)}…)` : "nessuno");
      riquadro.append(dati);
      copia.textContent =
        "La copia su carta deve riportare lo stesso numero di copia, la stessa data, lo stesso funzionario e lo stesso numero di pagine: se non è così, il contrassegno è stato copiato da un'altra copia e questa carta NON è una copia conforme.";
    } else {
      copia.textContent = "Contrassegno del primo formato: indica l'atto ma non la copia su cui è stampato.";
    }
    riquadro.append(copia);
    // The page a phone opened, next to the address the Comune sealed in the contrassegno.
    const qui = location.origin + location.pathname;
    if (qui !== risultato.url) {
      const avviso = document.createElement("p");
      avviso.textContent = `Attenzione: questa pagina è all'indirizzo ${qui}, il contrassegno indica ${risultato.url}. Verificare anche sulla pagina del Comune.`;
      riquadro.append(avviso);
    }
    const nota = document.createElement("p");
    if (file.files && file.files.length > 0) {
      const impronta = esadecimale(await crypto.subtle.digest("SHA-256", await file.files[0].arrayBuffer()));
      nota.textContent = impronta === risultato.sha256
        ? "Il documento scelto è l'originale di questa copia."
        : "Il documento scelto NON è l'originale di questa copia (le impronte sono diverse).";
    } else {
      nota.textContent = "La copia riproduce il documento informatico con questa impronta, conservato dal Comune.";
    }
    riquadro.append(nota);
    esito.append(riquadro);
  };

  const verificaSicura = () =>
    verifica().catch(() => {
      esito.textContent = "Verifica non riuscita: il testo non è leggibile come contrassegno.";
    });
  modulo.addEventListener("submit", (evento) => {
    evento.preventDefault();
    verificaSicura();
  });
  // A link to this page may carry the contrassegno after "#".
  if (location.hash.length > 1) {
    try {
      campo.value = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      campo.value = location.hash.slice(1);
    }
    verificaSicura();
  }
}
