#!/usr/bin/env bash
# The benchmark of Atti (`make bench`). It builds what it needs, then measures:
#   1. the store with 100,000 acts (atti-bench, release build): save a draft, search, file size;
#   2. the desktop app against the same UI in Chromium --app (scripts/bench-startup.sh): cold
#      start to first paint and memory of the whole process tree, under Xvfb.
# It prints one table (measure | Atti | anchor | ratio) and writes it to
# bench-results/latest.md, with the raw JSON lines next to it. Nothing is asserted: a bench
# is not a test.
#
# Environment:
#   ATTI_BENCH_DESKTOP_PROFILE=debug|release  profile of the desktop build (default debug: the
#       same build and features as the tests, so nothing is rebuilt)
#   ATTI_BENCH_RUNS=3          runs of each app for the start-up measures (median reported)
#   ATTI_BENCH_ACTS=100000     acts in the store
#   ATTI_CARGO_LOCK=/path      if set, every cargo build and every measuring phase holds this
#       lock (flock), so that no parallel build disturbs the build or the numbers
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
profile=${ATTI_BENCH_DESKTOP_PROFILE:-debug}
runs=${ATTI_BENCH_RUNS:-3}
acts=${ATTI_BENCH_ACTS:-100000}
out=bench-results
mkdir -p "$out"
export CARGO_PROFILE_DEV_DEBUG=${CARGO_PROFILE_DEV_DEBUG:-0}

# Runs "$@" holding $ATTI_CARGO_LOCK when it is set.
locked() {
  if [ -n "${ATTI_CARGO_LOCK:-}" ]; then flock "$ATTI_CARGO_LOCK" "$@"; else "$@"; fi
}

echo "==> Build: ui/dist, atti-bench (release), atti-desktop ($profile, custom-protocol)"
(cd ui && npm run build --silent >/dev/null)
locked cargo build --release -p atti-bench -p atti-cli
desktop_flags=(-p atti-desktop --features atti-desktop/custom-protocol)
[ "$profile" = release ] && desktop_flags+=(--release)
locked cargo build "${desktop_flags[@]}"

echo "==> 1/3 Store: $acts atti, salvataggio e ricerca (atti-bench)"
store_dir="$target/atti-bench-store"   # on the project's disk: /tmp may be a tmpfs (no real fsync)
rm -rf "$store_dir"
locked "$target/release/atti-bench" --acts "$acts" --dir "$store_dir" >"$out/store.jsonl"
rm -rf "$store_dir"

echo "==> 3/3 Documenti: atti render + atti copia contro Chromium --print-to-pdf (scripts/bench-docs.py)"
locked scripts/bench-docs.py "$target/release/atti" "$runs" >"$out/documents.jsonl"

echo "==> 2/3 Avvio e memoria: Atti contro Chromium --app (scripts/bench-startup.sh, $runs run)"
locked scripts/bench-startup.sh --json --runs "$runs" --app "$target/$profile/atti-desktop" \
  >"$out/startup.jsonl"

# One table from the two JSON files.
python3 - "$out" "$profile" "$runs" <<'PY' | tee "$out/latest.md"
import json, os, platform, sys, time
out, profile, runs = sys.argv[1], sys.argv[2], sys.argv[3]
def load(name):
    with open(os.path.join(out, name)) as f:
        return [json.loads(line) for line in f if line.strip()]
store = {r["measure"]: r for r in load("store.jsonl") if r["measure"] != "search_query"}
queries = [r for r in load("store.jsonl") if r["measure"] == "search_query"]
startup = load("startup.jsonl")
docs = load("documents.jsonl")[0]
app = {r["app"]: r for r in startup if r["measure"] == "startup"}
note = next((r["text"] for r in startup if r["measure"] == "startup_note"), "")
acts = f'{store["save_draft"]["acts"]:,}'
a, c = app["atti"], app["chromium"]
mb = lambda kb: f"{kb / 1024:.0f} MB"
rows = [
    (f"save draft p50 / p95 ({acts} acts; act_save, release)",
     f'{store["save_draft"]["p50_ms"]:.2f} / {store["save_draft"]["p95_ms"]:.2f} ms', "-", "-"),
    (f"search p50 / p95 ({acts} acts; act_list with text, release)",
     f'{store["search"]["p50_ms"]:.2f} / {store["search"]["p95_ms"]:.2f} ms', "-", "-"),
    (f"DB file size ({acts} acts)", f'{store["db_size"]["bytes"] / 1e6:.0f} MB', "-", "-"),
    (f"cold start to first paint (median of {runs}; Atti {profile} vs Chromium --app)",
     f'{a["first_paint_ms"]:.0f} ms', f'{c["first_paint_ms"]:.0f} ms',
     f'{a["first_paint_ms"] / c["first_paint_ms"]:.2f}'),
    ("memory RSS, process tree, 3 s after first paint (Atti vs Chromium --app)",
     mb(a["rss_kb"]), mb(c["rss_kb"]), f'{a["rss_kb"] / c["rss_kb"]:.2f}'),
    ("memory PSS, process tree, 3 s after first paint (Atti vs Chromium --app)",
     mb(a["pss_kb"]), mb(c["pss_kb"]), f'{a["pss_kb"] / c["pss_kb"]:.2f}'),
    (f"render a {docs['atti_pages']}-page determinazione + its certified copy, whole process "
     f"(atti render + atti copia, release, vs Chromium --print-to-pdf of the same text, {docs['chromium_pages']} pages)",
     f'{docs["atti_ms"]:.0f} ms', f'{docs["chromium_ms"]:.0f} ms', f'{docs["atti_ms"] / docs["chromium_ms"]:.2f}'),
    ("PDF size (Atti original PDF/A, fonts embedded; its copy) vs Chromium PDF",
     f'{docs["atti_pdf_bytes"] / 1024:.0f} KB; {docs["atti_copy_bytes"] / 1024:.0f} KB',
     f'{docs["chromium_pdf_bytes"] / 1024:.0f} KB',
     f'{docs["atti_pdf_bytes"] / docs["chromium_pdf_bytes"]:.2f}'),
]
print(f"# Atti bench, {time.strftime('%Y-%m-%d %H:%M')}\n")
print("| measure | Atti | anchor | ratio |")
print("|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"\nMachine: {os.cpu_count()} CPU ({cpu}), Linux {platform.release()}.")
print(f"Store: archive of {acts} acts built in {store['populate']['seconds']:.0f} s; "
      f"{store['save_draft']['n']} saves (each a new version, fsync included, WAL + synchronous=FULL), "
      f"{store['search']['n']} searches cycling over {len(queries)} queries (a list shows at most "
      f"500 results); no anchor for these rows.")
print("Search per query (p50 ms, results):", ", ".join(
    f'«{q["query"]}» {q["p50_ms"]:.1f} ({q["hits"]})' for q in queries) + ".")
for name, r in (("Atti", a), ("Chromium --app", c)):
    procs = ", ".join(f"{n} {rss / 1024:.0f}" for n, rss, _ in r["processes"])
    print(f"{name}: first paint per run {r['samples_first_paint_ms']} ms, window mapped "
          f"{r['mapped_ms']:.0f} ms, screen settled {r['settled_ms']:.0f} ms; RSS by process (MB): {procs}.")
print(f"Start-up: same Xvfb 1280x800x24, xwd grabs every ~30 ms, fresh data/profile dirs per run, "
      f"one warm-up run each not counted. {note}.")
PY
echo "==> Tabella scritta in $out/latest.md"
