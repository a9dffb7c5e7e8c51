#!/usr/bin/env python3
"""Bench of act documents (issue 4), printed as JSON lines for scripts/bench.sh.

Whole-process time of adopting a determinazione of about ten pages (`atti iter adotta`, which
renders the PDF/A original and its publication version with typst and signs the original),
writing it out (`atti render`) and `atti copia` (the certified copy with its QR),
against Chromium headless `--print-to-pdf` of an equivalent HTML page (what a web-based suite
does). Median of N runs, fresh data dir per run; PDF sizes too. Then the same draft's
preview in the running app (`atti-bench render`: in process, after each edit), p50 / p95.
Usage: bench-docs.py ATTI_BINARY ATTI_BENCH_BINARY [RUNS]
"""
import html, json, os, shutil, statistics, subprocess, sys, tempfile, time

sys.dont_write_bytecode = True  # no scripts/__pycache__ in the tree
import bench_common as common  # noqa: E402
from bench_common import pages

atti = os.path.abspath(sys.argv[1])
atti_bench = os.path.abspath(sys.argv[2])
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def run(*args, data, stdin=None):
    return common.run(atti, *args, data=data, stdin=stdin)

def html_of(act):
    e = html.escape
    parts = [f"<h1>DETERMINAZIONE DIRIGENZIALE</h1><p><b>OGGETTO:</b> {e(act['oggetto'])}</p>"]
    for s in act["sections"]:
        parts.append(f"<h3>{e(s['kind'])}</h3><p style='text-align:justify'>{e(s['text'])}</p>")
    parts.append("<h2>DETERMINA</h2><ol>" + "".join(f"<li>{e(p['text'])}</li>" for p in act["dispositivo"]) + "</ol>")
    rows = "".join(f"<tr><td>{i['esercizio']}</td><td>{i['capitolo']}</td><td>{e(i['beneficiario'])}</td>"
                   f"<td>{i['importo_centesimi'] / 100:.2f}</td></tr>" for i in act["impegni"])
    parts.append(f"<table border=1><tr><th>Esercizio</th><th>Capitolo</th><th>Beneficiario</th><th>Importo</th></tr>{rows}</table>")
    return ("<!doctype html><html lang=it><meta charset=utf-8><style>body{font-family:sans-serif;"
            "font-size:11pt;hyphens:auto}</style><body>" + "".join(parts) + "</body></html>")

atti_ms, chromium_ms, sizes = [], [], {}
for n in range(runs + 1):  # the first run warms the caches and is not counted
    with tempfile.TemporaryDirectory() as tmp:
        data, act_id, act = common.ten_page_draft(atti, tmp)
        run("iter", act_id, "invia", "--as", "istruttore", data=data)
        orig, copy = os.path.join(tmp, "atto.pdf"), os.path.join(tmp, "copia.pdf")
        t0 = time.perf_counter()
        # Adopting renders the original and its publication version and signs the original
        # (demo identity, PIN 123456); then the signed PDF is written out and copied.
        run("iter", act_id, "adotta", "--as", "dirigente", "--pin-stdin", data=data,
            stdin="123456\n")
        run("render", act_id, "--out", orig, data=data)
        run("copia", act_id, "--out", copy, "--as", "segretario", data=data)
        t1 = time.perf_counter()
        page = os.path.join(tmp, "atto.html")
        with open(page, "w") as f:
            f.write(html_of(act))
        chrome_pdf = os.path.join(tmp, "chromium.pdf")
        t2 = time.perf_counter()
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", f"--user-data-dir={os.path.join(tmp, 'profile')}",
                        "--no-pdf-header-footer", f"--print-to-pdf={chrome_pdf}", "file://" + page],
                       capture_output=True, check=True)
        t3 = time.perf_counter()
        if n > 0:
            atti_ms.append((t1 - t0) * 1000)
            chromium_ms.append((t3 - t2) * 1000)
        sizes = {"atti_pdf_bytes": os.path.getsize(orig), "atti_copy_bytes": os.path.getsize(copy),
                 "chromium_pdf_bytes": os.path.getsize(chrome_pdf), "atti_pages": pages(orig),
                 "chromium_pages": pages(chrome_pdf)}

with tempfile.TemporaryDirectory() as tmp:
    data, act_id, _ = common.ten_page_draft(atti, tmp)
    out = subprocess.run([atti_bench, "render", data, act_id, "30"], capture_output=True, text=True,
                         check=True).stdout
    in_app = json.loads(out.strip().splitlines()[-1])

print(json.dumps({"measure": "documents",
                  "in_app_p50_ms": in_app["p50_ms"], "in_app_p95_ms": in_app["p95_ms"],
                  "in_app_pages": in_app["pages"], "atti_ms": statistics.median(atti_ms),
                  "chromium_ms": statistics.median(chromium_ms), "runs": runs,
                  "samples_atti_ms": [round(x) for x in atti_ms],
                  "samples_chromium_ms": [round(x) for x in chromium_ms], **sizes}))
