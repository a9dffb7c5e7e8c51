"""Shared by the bench scripts (bench-docs.py, bench-sign.py): the determinazione of about ten
pages they use, the way to run the release `atti` on a data dir, and page counting."""
import json, os, subprocess, sys

PARA = ("il servizio di manutenzione ordinaria e straordinaria del verde pubblico comprende lo "
        "sfalcio dei prati, la potatura delle alberature, la pulizia delle aiuole e la cura "
        "degli arredi nei parchi e nei giardini comunali, secondo il capitolato approvato;")

SUBJECT = "Affidamento del servizio di manutenzione del verde pubblico – più qualità"


def act_content(act):
    """Fills an act (the JSON of `atti act show --json`) with about ten pages of text."""
    act["sections"] = [{"kind": k, "text": " ".join([PARA] * 10)} for k in
                       ["premesso", "visto", "considerato", "ritenuto", "dato-atto"]]
    act["dispositivo"] = [{"text": f"di disporre, per il lotto {i + 1}, che {PARA}"} for i in range(80)]
    act["impegni"] = [{"esercizio": 2026, "capitolo": f"1043.{i:02d}", "importo_centesimi": 125000 + i,
                       "beneficiario": f"Ditta Verde {i + 1} Srl", "cig": "B1234ABCD5", "cup": None}
                      for i in range(70)]
    return act


def run(atti, *args, data, stdin=None):
    """`atti --data-dir DATA ARGS...` (with STDIN as its input); its stdout, or the script
    stops with atti's error."""
    out = subprocess.run([atti, "--data-dir", data, *args], capture_output=True, text=True,
                         input=stdin)
    if out.returncode != 0:
        sys.exit(f"atti {args}: {out.stderr}")
    return out.stdout


def ten_page_draft(atti, tmp):
    """A demo data dir in TMP/data with a determinazione draft of about ten pages.
    Returns (data dir, act id, act JSON)."""
    data = os.path.join(tmp, "data")
    run(atti, "init", "--demo", data=data)
    act_id = run(atti, "act", "new", "--kind", "determinazione", "--subject", SUBJECT, data=data).strip()
    act = act_content(json.loads(run(atti, "act", "show", act_id, "--json", data=data)))
    path = os.path.join(tmp, "act.json")
    with open(path, "w") as f:
        json.dump(act, f)
    run(atti, "act", "edit", act_id, "--file", path, data=data)
    return data, act_id, act


def pages(pdf):
    """The page count of a PDF (pdfinfo)."""
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return next((int(l.split()[-1]) for l in out.splitlines() if l.startswith("Pages:")), 0)
