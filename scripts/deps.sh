#!/usr/bin/env bash
# Installs what Atti needs on a Debian/Ubuntu machine, and only what is missing:
# system packages (WebKitGTK for the window, Apache, SoftHSM2 and verifiers for the tests),
# the Rust toolchain, Node.js, the UI's npm packages, and tauri-driver for the window tests.
# Usage: scripts/deps.sh [run|test]   (run: what `make run` needs; test: everything)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-test}

run_pkgs="libwebkit2gtk-4.1-dev libsoup-3.0-dev librsvg2-dev libayatana-appindicator3-dev
  libxdo-dev libssl-dev libdbus-1-dev pkg-config build-essential curl ca-certificates hunspell-it"
test_pkgs="webkit2gtk-driver xvfb xauth apache2 apache2-utils softhsm2 opensc poppler-utils qpdf
  libnss3-tools zbar-tools imagemagick chromium python3-venv procps x11-apps
  gnome-keyring dbus-daemon rclone openssl faketime libreoffice-writer-nogui libreoffice-calc-nogui xclip
  dovecot-imapd"
pkgs=$run_pkgs
[ "$what" = test ] && pkgs="$run_pkgs $test_pkgs"

missing=()
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Installo i pacchetti di sistema mancanti: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "==> Installo Rust (rustup)"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "==> Serve Node.js 20 o successivo: installo quello di NodeSource"
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y -qq nodejs
fi

# npm packages of the UI, when the lock file changed since the last install.
stamp=ui/node_modules/.atti-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s ui/package-lock.json "$stamp"; then
  echo "==> npm ci (ui/)"
  (cd ui && npm ci --no-audit --no-fund)
  cp ui/package-lock.json "$stamp"
fi

if [ "$what" = test ]; then
  tools=${ATTI_TOOLS_DIR:-$PWD/.tools}
  if [ ! -x "$tools/bin/tauri-driver" ]; then
    echo "==> Installo tauri-driver 2.1.0 in $tools"
    cargo install tauri-driver --locked --version 2.1.0 --root "$tools"
  fi
  # Independent signature verifiers (pyHanko) in a venv of our own.
  if [ ! -x "$tools/venv/bin/pyhanko" ]; then
    echo "==> Installo pyHanko in $tools/venv"
    python3 -m venv "$tools/venv"
    "$tools/venv/bin/pip" install -q "pyhanko==0.38.0" "pyhanko-cli==0.6.0"
  fi
  # img2pdf: makes the PDF a scanner would (the page as JPEG or lossless) for «Verifica copia».
  if [ ! -x "$tools/venv/bin/img2pdf" ]; then
    echo "==> Installo img2pdf in $tools/venv"
    "$tools/venv/bin/pip" install -q "img2pdf==0.6.3"
  fi
  # jsonschema: checks Amministrazione trasparente's open data against their published schemas.
  if ! "$tools/venv/bin/python" -c "import jsonschema" 2>/dev/null; then
    echo "==> Installo jsonschema in $tools/venv"
    "$tools/venv/bin/pip" install -q "jsonschema==4.26.0"
  fi
  # WsgiDAV, the other WebDAV server the shared iter's protocol is tried on.
  if [ ! -x "$tools/venv/bin/wsgidav" ]; then
    echo "==> Installo WsgiDAV in $tools/venv"
    "$tools/venv/bin/pip" install -q "wsgidav==4.4.0" "cheroot==11.1.2"
  fi
  # aiosmtpd: the SMTP side of the PEC provider the notifications are tried on (IMAP: Dovecot).
  if ! "$tools/venv/bin/python" -c "import aiosmtpd" 2>/dev/null; then
    echo "==> Installo aiosmtpd in $tools/venv"
    "$tools/venv/bin/pip" install -q "aiosmtpd==1.4.6"
  fi
fi
