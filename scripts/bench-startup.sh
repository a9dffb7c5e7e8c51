#!/usr/bin/env bash
# Cold start to first paint, and memory of the whole process tree, of the Atti desktop app
# against the same UI (ui/dist) in Chromium --app mode (what an Electron-style app would
# cost). Both run under the same Xvfb and are measured the same way:
#   - spawn the process, then grab the root window with `xwd -root` every ~30 ms until the
#     screen shows the painted UI (compared with the blank screen taken before the start:
#     many new colours over at least 1% of the screen besides the page background; a blank
#     window, or a browser bubble on it, is not a paint; the header and text are);
#   - ~3 s after the first paint, sum Rss and Pss from /proc/<pid>/smaps_rollup over every
#     process the app started (WebKitWebProcess, WebKitNetworkProcess, Chromium's zygote,
#     renderer, GPU and utility processes, and any orphan: this script is a child subreaper).
# One warm-up run each (not counted: it fills the page cache), then N runs each, alternated;
# the median of each measure is reported. Each run starts from fresh data, config and cache
# dirs (ATTI_DATA_DIR, XDG_*_HOME, Chromium --user-data-dir): the app's first start.
#
# In Chromium the Tauri IPC does not exist: by default a small stand-in (IPC_MOCK below, a
# classic script injected in a copy of index.html) answers the first screen's questions like a
# fresh demo Comune, so both windows show the same screen. With --no-mock the page shows its
# error state instead.
# With --floor, a third window is measured the same way: a bare Tauri 2 window that shows a
# static page (bench/bare-window), the webview's own floor.
# It is a cost comparison, not a test: nothing is asserted.
#
# Usage: scripts/bench-startup.sh [--runs N] [--json] [--no-mock] [--app PATH] [--floor PATH]
#                                 [--shots DIR]
#   --app   the atti-desktop binary (default: target/debug/atti-desktop, or $ATTI_DESKTOP)
#   --floor the atti-bare-window binary (built with --features custom-protocol)
#   --json  one JSON object per line instead of table rows (scripts/bench.sh uses it)
#   --shots save the frame taken as first paint and the one 3 s later (PPM), to check them
# Needs: Xvfb (xvfb), xwd (x11-apps), chromium, python3 >= 3.9;
# ui/dist built, the app built with --features custom-protocol.
set -euo pipefail
cd "$(dirname "$0")/.."
export ATTI_ROOT=$PWD
for tool in Xvfb xwd python3; do
  command -v "$tool" >/dev/null || { echo "bench-startup: manca $tool (scripts/deps.sh test)" >&2; exit 1; }
done
script=$(cat <<'PY'
import argparse, collections, ctypes, json, os, shutil, signal, socket, statistics, struct, subprocess
import sys, tempfile, time

ROOT = os.environ["ATTI_ROOT"]
DEVNULL = subprocess.DEVNULL
XVFB = None  # the Xvfb process, once started


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --- screen --------------------------------------------------------------------------------

def grab(display):
    """The root window's pixels (raw, 32 bits per pixel) from `xwd -root`."""
    for attempt in range(10):
        r = subprocess.run(["xwd", "-root", "-silent", "-display", display],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode == 0:
            break
        # A refused connection happens now and then on a busy machine: retry for ~2 s.
        time.sleep(0.2)
    else:
        alive = XVFB is not None and XVFB.poll() is None
        raise SystemExit(f"bench-startup: xwd on {display} failed (Xvfb "
                         f"{'running' if alive else 'gone'}): {r.stderr.decode(errors='replace')}")
    out = r.stdout
    # XWD header: 25 big-endian uint32 (header_size, ..., bytes_per_line = [12], ncolors = [19]),
    # then the window name, then ncolors colormap entries of 12 bytes, then the pixels.
    f = struct.unpack(">25I", out[:100])
    header_size, height, bits_per_pixel, bytes_per_line, ncolors = f[0], f[5], f[11], f[12], f[19]
    if bits_per_pixel != 32:
        raise SystemExit(f"bench-startup: xwd gives {bits_per_pixel} bit per pixel, expected 32")
    start = header_size + 12 * ncolors
    return out[start:start + bytes_per_line * height]


def colours(pixels):
    """The set of colours on screen, sampled every 3rd pixel (enough for text and borders)."""
    return set(memoryview(pixels).cast("I")[::3])


# Painted = the screen shows content, not just a window: at least MIN_NEW_COLOURS colours the
# blank screen did not have, covering (apart from the most common one, the page background)
# at least MIN_CONTENT_SHARE of the screen. A plain white window, or a small browser bubble
# on it, is not a paint; the UI's blue header alone covers about a quarter of the screen.
MIN_NEW_COLOURS = 8
MIN_CONTENT_SHARE = 0.01


def is_painted(pixels, base_colours):
    sample = memoryview(pixels).cast("I")[::7]
    counts = collections.Counter(sample)
    for c in base_colours:
        counts.pop(c, None)
    if len(counts) < MIN_NEW_COLOURS:
        return False
    content = sum(counts.values()) - counts.most_common(1)[0][1]
    return content >= MIN_CONTENT_SHARE * len(sample)


# --- processes -------------------------------------------------------------------------------

def children_map():
    kids = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    return kids


def descendants(root, exclude):
    """Every process below `root` (not `root` itself), skipping the subtrees in `exclude`."""
    kids, out, todo = children_map(), [], [root]
    while todo:
        for c in kids.get(todo.pop(), []):
            if c not in exclude:
                out.append(c)
                todo.append(c)
    return out


def process_name(pid):
    """The program's file name, with Chromium's process --type (renderer, gpu-process, ...)."""
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        argv = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
    if not argv:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    if len(argv) == 1:  # a process that rewrote its command line as one string
        argv = argv[0].split(" ")
    name = os.path.basename(argv[0])
    kind = next((a[len("--type="):] for a in argv if a.startswith("--type=")), None)
    return f"{name} ({kind})" if kind else name


def memory(pids):
    """(total Rss kB, total Pss kB, [(name, rss, pss)]) from /proc/<pid>/smaps_rollup."""
    rows = []
    for pid in pids:
        try:
            name = process_name(pid)
            rss = pss = 0
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss = int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss = int(line.split()[1])
        except OSError:
            continue  # gone meanwhile, or a zombie
        if rss:
            rows.append((name, rss, pss))
    return sum(r[1] for r in rows), sum(r[2] for r in rows), rows


def stop(proc, helpers):
    """SIGTERM to the process group we started and to any descendant left (orphans included,
    reparented to us), then SIGKILL after 5 s; reap them. Only our own processes, by pid."""
    def ours():
        return descendants(os.getpid(), helpers)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        for pid in ours():
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            proc.poll()
            for pid in ours():  # reparented orphans are our children: reap the dead ones
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass
            alive = [p for p in ours() if not is_zombie(p)]
            if proc.poll() is not None and not alive:
                return
            time.sleep(0.05)


def is_zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def tail(path, lines=20):
    with open(path, errors="replace") as f:
        return "".join(f.readlines()[-lines:])


def save_ppm(pixels, path, width=1280, height=800):
    """Writes a grabbed frame as a PPM image (to check what was detected as the first paint)."""
    rgb = bytearray(width * height * 3)
    rgb[0::3] = pixels[2::4]  # xwd on a little-endian server: B, G, R, unused
    rgb[1::3] = pixels[1::4]
    rgb[2::3] = pixels[0::4]
    with open(path, "wb") as f:
        f.write(b"P6 %d %d 255\n" % (width, height) + bytes(rgb))


# --- one run ---------------------------------------------------------------------------------

def measure(name, argv, env, display, helpers, work, shots=None):
    base = grab(display)
    base_colours = colours(base)
    log_path = os.path.join(work, f"{name}.log")
    with open(log_path, "wb") as log_file:
        t0 = time.monotonic()
        proc = subprocess.Popen(argv, env=env, stdin=DEVNULL, stdout=log_file, stderr=log_file,
                                start_new_session=True)
    mapped = painted = None
    try:
        while time.monotonic() - t0 < 60:
            # The start of this grab: the paint happened between the previous grab and the end
            # of this one, so the resolution is one grab period (~50-80 ms with xwd).
            at = time.monotonic() - t0
            pixels = grab(display)
            if pixels != base:
                mapped = mapped if mapped is not None else at
                if is_painted(pixels, base_colours):
                    painted, first = at, pixels
                    break
            if proc.poll() is not None:
                raise SystemExit(f"bench-startup: {name} exited ({proc.returncode}):\n" + tail(log_path))
            time.sleep(max(0.0, at + 0.03 - (time.monotonic() - t0)))
        if painted is None:
            raise SystemExit(f"bench-startup: {name} did not paint within 60 s:\n" + tail(log_path))
        # Until 3 s after the first paint: note when the screen last changed (the UI settled),
        # at a slower pace so the grabbing does not steal the CPU the app is using.
        last, settled = pixels, painted
        while time.monotonic() - t0 < painted + 3:
            time.sleep(0.1)
            at = time.monotonic() - t0
            pixels = grab(display)
            if pixels != last:
                last, settled = pixels, at
        rss, pss, rows = memory(descendants(os.getpid(), helpers))
        if shots:
            save_ppm(first, f"{shots}-first-paint.ppm")
            save_ppm(last, f"{shots}-after-3s.ppm")
    finally:
        stop(proc, helpers)
    # Wait for the blank screen again, so the next run starts from the same picture.
    deadline = time.monotonic() + 5
    while grab(display) != base and time.monotonic() < deadline:
        time.sleep(0.05)
    return {"first_paint_ms": painted * 1e3, "mapped_ms": mapped * 1e3,
            "settled_ms": settled * 1e3, "rss_kb": rss, "pss_kb": pss,
            "processes": sorted(rows, key=lambda r: -r[1])}


# --- setup -----------------------------------------------------------------------------------

# A stand-in for the Tauri IPC: a fresh demo Comune, no acts (the first screen needs no more).
IPC_MOCK = r"""// Stand-in for the Tauri IPC in Chromium (bench only): a fresh demo Comune, no acts.
(function () {
  var users = [
    ['istruttore', 'Giulia Bianchi', 'Istruttore', 'TEC'],
    ['dirigente', 'Marco Rossi', 'Dirigente', 'TEC'],
    ['ragioniere', 'Anna Verdi', 'Responsabile del servizio finanziario', 'RAG'],
    ['segretario', 'Paolo Esposito', 'Segretario generale', 'SEG'],
    ['sindaco', 'Laura Ferrari', 'Sindaco', 'SEG'],
    ['presidente', 'Luca Romano', 'Presidente del Consiglio', 'SEG'],
    ['agente', 'Sara Colombo', 'Agente di Polizia locale', 'PL']
  ].map(function (u) {
    return { username: u[0], full_name: u[1], role: u[0], role_label: u[2], office: u[3] };
  });
  var session = {
    comune: 'Comune di Esempio',
    user: users[0],
    users: users,
    offices: [
      { code: 'SEG', name: 'Segreteria generale' },
      { code: 'RAG', name: 'Servizio finanziario' },
      { code: 'TEC', name: 'Area tecnica - Lavori pubblici' },
      { code: 'PL', name: 'Comando di Polizia locale' }
    ],
    kinds: [
      { kind: 'delibera-giunta', label: 'Deliberazione di Giunta', dispositivo_verb: 'DELIBERA', has_impegni: true, is_verbale: false, may_draft: true },
      { kind: 'delibera-consiglio', label: 'Deliberazione di Consiglio', dispositivo_verb: 'DELIBERA', has_impegni: true, is_verbale: false, may_draft: true },
      { kind: 'determinazione', label: 'Determinazione dirigenziale', dispositivo_verb: 'DETERMINA', has_impegni: true, is_verbale: false, may_draft: true },
      { kind: 'ordinanza', label: 'Ordinanza', dispositivo_verb: 'ORDINA', has_impegni: false, is_verbale: false, may_draft: true },
      { kind: 'decreto', label: 'Decreto sindacale', dispositivo_verb: 'DECRETA', has_impegni: false, is_verbale: false, may_draft: true },
      { kind: 'verbale-pl', label: 'Verbale della Polizia locale', dispositivo_verb: null, has_impegni: false, is_verbale: true, may_draft: false }
    ],
    states: [{ state: 'bozza', label: 'Bozza' }]
  };
  var callbacks = new Map();
  var next = 1;
  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: 'main' }, currentWebview: { windowLabel: 'main', label: 'main' } },
    callbacks: callbacks,
    transformCallback: function (cb) { var id = next++; callbacks.set(id, cb); return id; },
    unregisterCallback: function (id) { callbacks.delete(id); },
    runCallback: function (id, data) { var cb = callbacks.get(id); if (cb) cb(data); },
    convertFileSrc: function (p) { return p; },
    invoke: function (cmd, args) {
      switch (cmd) {
        case 'session_info': return Promise.resolve(session);
        case 'act_list': return Promise.resolve([]);
        case 'inbox': return Promise.resolve([]);
        case 'plugin:event|listen': return Promise.resolve(args && args.handler);
        case 'plugin:event|unlisten': return Promise.resolve(null);
        default:
          return Promise.reject({ code: 'internal', message: 'IPC assente nel confronto con Chromium: ' + cmd, fields: [] });
      }
    }
  };
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener: function () {} };
})();
"""


def serve_dir(work, mock):
    """A copy of ui/dist; with `mock`, index.html loads the IPC stand-in before the app.
    Returns the dir and which mock it uses ("stand-in" or None)."""
    dist = os.path.join(ROOT, "ui", "dist")
    if not os.path.isfile(os.path.join(dist, "index.html")):
        raise SystemExit("bench-startup: ui/dist missing: run `cd ui && npm run build`")
    site = os.path.join(work, "site")
    shutil.copytree(dist, site)
    used = None
    if mock:
        used = "stand-in"
        with open(os.path.join(site, "atti-bench-ipc-mock.js"), "w") as f:
            f.write(IPC_MOCK)
        index = os.path.join(site, "index.html")
        with open(index) as f:
            html = f.read()
        # A classic script runs before the (deferred) module scripts of the app.
        html = html.replace("<head>", '<head>\n    <script src="/atti-bench-ipc-mock.js"></script>', 1)
        with open(index, "w") as f:
            f.write(html)
    return site, used


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"bench-startup: the HTTP server on port {port} did not start")


def start_xvfb():
    """Xvfb on a free display number, which it writes on a pipe when it is ready."""
    r, w = os.pipe()
    # -noreset: without it the server resets whenever its last client leaves (an app that
    # quits), and a client connecting during the reset is refused.
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp", "-noreset"], pass_fds=(w,), stdin=DEVNULL, stdout=DEVNULL,
                            stderr=DEVNULL, start_new_session=True)
    os.close(w)
    with os.fdopen(r) as f:
        number = f.readline().strip()
    if not number:
        raise SystemExit("bench-startup: Xvfb did not start")
    return proc, f":{number}"


def median(values):
    return statistics.median(values)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-mock", action="store_true")
    ap.add_argument("--app", default=os.environ.get("ATTI_DESKTOP") or
                    os.path.join(os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target"),
                                 "debug", "atti-desktop"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--floor", help="the bare Tauri window (atti-bare-window), measured too")
    ap.add_argument("--shots", help="save the first-paint and final frames (PPM) in this dir")
    args = ap.parse_args()
    for exe in (args.app, args.chromium) + ((args.floor,) if args.floor else ()):
        if not os.access(exe, os.X_OK):
            raise SystemExit(f"bench-startup: {exe} not found or not executable")

    # Orphans of the measured apps (double-forked helpers) become our children, so that they
    # are counted in the process tree and stopped at the end of each run.
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_CHILD_SUBREAPER = 36
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)

    work = tempfile.mkdtemp(prefix="atti-bench-startup-")
    helpers = []
    try:
        global XVFB
        XVFB, display = start_xvfb()
        helpers.append(XVFB)
        site, mock_used = serve_dir(work, not args.no_mock)
        port = free_port()
        http = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                                 "127.0.0.1", "--directory", site], stdin=DEVNULL,
                                stdout=DEVNULL, stderr=DEVNULL, start_new_session=True)
        helpers.append(http)
        wait_port(port)
        exclude = {p.pid for p in helpers}
        log(f"bench-startup: Xvfb {display}, ui/dist on http://127.0.0.1:{port}/, {args.runs} runs each")

        def run(name, n):
            home = os.path.join(work, f"{name}-{n}")
            env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY",)}
            env.update(DISPLAY=display, XDG_DATA_HOME=f"{home}/data",
                       XDG_CONFIG_HOME=f"{home}/config", XDG_CACHE_HOME=f"{home}/cache")
            if name == "atti":
                env["ATTI_DATA_DIR"] = f"{home}/atti-data"
                argv = [args.app]
            elif name == "floor":
                argv = [args.floor]
            else:
                # No offer to translate the Italian page (browser chrome no Electron app has).
                os.makedirs(f"{home}/chromium-profile/Default")
                with open(f"{home}/chromium-profile/Default/Preferences", "w") as f:
                    json.dump({"translate": {"enabled": False}}, f)
                argv = [args.chromium, "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--disable-dev-shm-usage", "--no-first-run",
                        "--no-default-browser-check", "--password-store=basic",
                        # no "unsupported --no-sandbox" infobar: browser chrome, not the UI
                        # (an Electron app shows none), would count as the first paint
                        "--test-type",
                        "--disable-features=Translate",
                        f"--user-data-dir={home}/chromium-profile", "--window-position=0,0",
                        "--window-size=1280,800", f"--app=http://127.0.0.1:{port}/"]
            shots = None
            if args.shots:
                os.makedirs(args.shots, exist_ok=True)
                shots = os.path.join(args.shots, f"{name}-{n}")
            r = measure(name, argv, env, display, exclude, work, shots)
            tag = "riscaldamento" if n == 0 else f"run {n}"
            log(f"  {name:8} {tag:13} first paint {r['first_paint_ms']:6.0f} ms "
                f"(finestra {r['mapped_ms']:.0f} ms, stabile {r['settled_ms']:.0f} ms), "
                f"RSS {r['rss_kb'] / 1024:.0f} MB, PSS {r['pss_kb'] / 1024:.0f} MB, "
                f"{len(r['processes'])} processi")
            return r

        results = {"atti": [], "chromium": []}
        if args.floor:
            results["floor"] = []
        for name in results:
            run(name, 0)
        for n in range(1, args.runs + 1):
            for name in results:
                results[name].append(run(name, n))
    finally:
        for p in reversed(helpers):
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)

    note = {
        "stand-in": "Chromium: ui/dist served by python3 http.server; Tauri IPC replaced by a "
                    "minimal stand-in (session_info, act_list, inbox; other commands fail)",
        None: "Chromium: ui/dist served by python3 http.server, no Tauri IPC: the page shows "
              "its error state",
    }[mock_used]
    summary = {}
    for name, runs in results.items():
        summary[name] = {k: median([r[k] for r in runs]) for k in
                         ("first_paint_ms", "mapped_ms", "settled_ms", "rss_kb", "pss_kb")}
        # The process breakdown of the run with the median RSS.
        mid = sorted(runs, key=lambda r: r["rss_kb"])[len(runs) // 2]
        summary[name]["processes"] = mid["processes"]
        summary[name]["samples_first_paint_ms"] = [round(r["first_paint_ms"]) for r in runs]
    if args.json:
        for name, s in summary.items():
            binary = {"atti": args.app, "chromium": args.chromium, "floor": args.floor}[name]
            print(json.dumps({"measure": "startup", "app": name, "runs": args.runs,
                              "binary": binary, **s},
                             ensure_ascii=False))
        print(json.dumps({"measure": "startup_note", "text": note}, ensure_ascii=False))
    else:
        a, c = summary["atti"], summary["chromium"]
        f = summary.get("floor")
        floor_head = " bare Tauri window |" if f else ""
        print(f"| measure | Atti | Chromium --app | ratio |{floor_head}")
        print("|---|---|---|---|" + ("---|" if f else ""))
        floor_cell = f" {f['first_paint_ms']:.0f} ms |" if f else ""
        print(f"| cold start to first paint (median of {args.runs}) | {a['first_paint_ms']:.0f} ms "
              f"| {c['first_paint_ms']:.0f} ms | {a['first_paint_ms'] / c['first_paint_ms']:.2f} |{floor_cell}")
        for key, label in (("rss_kb", "RSS"), ("pss_kb", "PSS")):
            floor_cell = f" {f[key] / 1024:.0f} MB |" if f else ""
            print(f"| memory {label}, process tree, 3 s after first paint | {a[key] / 1024:.0f} MB "
                  f"| {c[key] / 1024:.0f} MB | {a[key] / c[key]:.2f} |{floor_cell}")
        print(f"\n{note}.")


main()
PY
)
exec python3 -c "$script" "$@"
