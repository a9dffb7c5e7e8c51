#!/usr/bin/env python3
"""Bench of signatures (issue 1), printed as JSON lines for scripts/bench.sh.

1. Whole-process time to PAdES-sign a determinazione of about ten pages (a draft rendered by
   `atti render`, PDF/A) with a software key: `atti-bench sign-pdf` (atti_sign::open_identity +
   pades_sign) against pyHanko's CLI (`pyhanko sign addsig --use-pades ... pkcs12`), the same
   PDF, the same PKCS#12 (RSA-3072, from a demo CA made by atti-bench make-p12), the same field
   name. Median of N runs after one warm-up run each; both outputs are validated once by pyHanko
   against the CA (not timed).
2. Per-signature time on a SoftHSM2 token (RSA-3072 on the token), in one process that opens
   the identity once (`atti-bench sign-hsm`), with the same signatures by a software key for
   comparison.
Usage: bench-sign.py ATTI_BINARY ATTI_BENCH_BINARY [RUNS] [HSM_SIGNATURES]
"""
import json, os, statistics, subprocess, sys, tempfile, time

sys.dont_write_bytecode = True  # no scripts/__pycache__ in the tree
import bench_common as common  # noqa: E402

atti, bench = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
hsm_signatures = int(sys.argv[4]) if len(sys.argv) > 4 else 20
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
tools = os.environ.get("ATTI_TOOLS_DIR") or os.path.join(repo, ".tools")
PYHANKO = os.path.join(tools, "venv", "bin", "pyhanko")
PASSWORD = "bench-123456"


def check(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{cmd}: {out.stdout}{out.stderr}")
    return out.stdout


def median_ms(cmd, out_pdf):
    """Median wall time of CMD as a whole process, after one warm-up run not counted."""
    times = []
    for n in range(runs + 1):
        if os.path.exists(out_pdf):
            os.remove(out_pdf)  # pyHanko would not overwrite... and neither side gets a head start
        t0 = time.perf_counter()
        check(cmd)
        if n > 0:
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), times


def valid_signatures(pdf, ca):
    """Signatures pyHanko judges valid, trusting only the bench CA."""
    out = subprocess.run([PYHANKO, "sign", "validate", "--pretty-print", "--trust", ca, "--trust-replace",
                          "--no-revocation-check", pdf], capture_output=True, text=True)
    return (out.stdout + out.stderr).count("The signature is judged VALID")


with tempfile.TemporaryDirectory() as tmp:
    data, act_id, _ = common.ten_page_draft(atti, tmp)
    pdf = os.path.join(tmp, "atto.pdf")
    common.run(atti, "render", act_id, "--out", pdf, data=data)
    keys = os.path.join(tmp, "keys")
    check([bench, "make-p12", keys, PASSWORD])
    p12, ca = os.path.join(keys, "firmatario.p12"), os.path.join(keys, "ca.pem")
    passfile = os.path.join(keys, "password.txt")
    with open(passfile, "w") as f:
        f.write(PASSWORD)
    ours, theirs = os.path.join(tmp, "firmato-atti.pdf"), os.path.join(tmp, "firmato-pyhanko.pdf")
    atti_ms, atti_samples = median_ms([bench, "sign-pdf", pdf, p12, PASSWORD, ours], ours)
    py_ms, py_samples = median_ms([PYHANKO, "sign", "addsig", "--use-pades", "--field", "Firma1", "pkcs12",
                                   "--passfile", passfile, pdf, theirs, p12], theirs)
    print(json.dumps({"measure": "sign_pdf", "key": "RSA-3072", "runs": runs, "pages": common.pages(pdf),
                      "pdf_bytes": os.path.getsize(pdf), "atti_ms": atti_ms, "pyhanko_ms": py_ms,
                      "samples_atti_ms": [round(x) for x in atti_samples],
                      "samples_pyhanko_ms": [round(x) for x in py_samples],
                      "atti_signed_bytes": os.path.getsize(ours), "pyhanko_signed_bytes": os.path.getsize(theirs),
                      "atti_valid": valid_signatures(ours, ca) == 1,
                      "pyhanko_valid": valid_signatures(theirs, ca) == 1}), flush=True)
    print(check([bench, "sign-hsm", pdf, str(hsm_signatures)]).strip())
