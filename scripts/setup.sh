#!/usr/bin/env bash
# Installs what lognoise needs to build and test, when it is missing. Sourced by scripts/demo
# and scripts/test; safe to run again (every step checks first).
set -euo pipefail

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
# Installs the Debian/Ubuntu packages given when any of them is missing.
ensure_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "lognoise setup: please install these packages with your package manager: ${missing[*]}" >&2
    return 1
  fi
  echo "lognoise setup: installing ${missing[*]}" >&2
  if [ $apt_updated -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Makes sure a Rust toolchain (1.85 or newer) with rustfmt and clippy is on PATH.
ensure_rust() {
  if [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
  if ! command -v cargo >/dev/null; then
    ensure_apt curl ca-certificates build-essential pkg-config
    echo "lognoise setup: installing the Rust toolchain with rustup" >&2
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component rustfmt,clippy
    . "$HOME/.cargo/env"
  fi
  if command -v rustup >/dev/null; then
    rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
    rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  fi
  command -v cc >/dev/null || ensure_apt build-essential
}

# Python 3 is used by the accuracy benchmark and the test fixtures' generator.
ensure_python() {
  command -v python3 >/dev/null || ensure_apt python3 python3-pip
}

# moto_server, the CloudWatch Logs emulator the pull tests start on a loopback port.
ensure_moto() {
  command -v moto_server >/dev/null && return 0
  ensure_python
  python3 -m pip --version >/dev/null 2>&1 || ensure_apt python3-pip
  echo "lognoise setup: installing moto[server] with pip" >&2
  python3 -m pip install --quiet 'moto[server]>=5.2,<5.3' 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages 'moto[server]>=5.2,<5.3'
  command -v moto_server >/dev/null || {
    echo "lognoise setup: moto_server is not on PATH after pip install; add pip's script folder (e.g. ~/.local/bin) to PATH" >&2
    return 1
  }
}

# System libraries the desktop app (Tauri v2 on WebKitGTK) builds against.
ensure_tauri_libs() {
  ensure_apt libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev \
    libayatana-appindicator3-dev librsvg2-dev pkg-config
}

# Node.js 18+ and npm for the front end in ui/.
ensure_node() {
  if ! command -v npm >/dev/null || ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 18 ? 1 : 0)' 2>/dev/null; then
    ensure_apt nodejs npm
  fi
}

# The front end's npm packages, exactly as package-lock.json pins them.
ensure_ui_deps() {
  ensure_node
  local ui
  ui="$(repo_root)/ui"
  if [ ! -d "$ui/node_modules" ] || [ "$ui/package-lock.json" -nt "$ui/node_modules/.package-lock.json" ]; then
    (cd "$ui" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Builds ui/dist, which the app binary embeds (cargo builds of src-tauri need it).
build_ui() {
  ensure_ui_deps
  (cd "$(repo_root)/ui" && npm run --silent build)
}

# What the end-to-end tests drive the app with: Xvfb, WebKitWebDriver and tauri-driver.
ensure_e2e_tools() {
  ensure_apt xvfb xauth dbus-x11 at-spi2-core webkit2gtk-driver x11-utils fonts-dejavu-core
  # Mesa's software OpenGL (llvmpipe), for the UI bench with WebKit compositing on.
  ensure_apt libgl1-mesa-dri
  command -v tauri-driver >/dev/null || [ -x "$HOME/.cargo/bin/tauri-driver" ] ||
    cargo install tauri-driver --version '^2' --locked
}

# RE2 through its Python bindings (google-re2 wheels bundle the library): the rules tests check
# that every generated pattern reads the same in RE2 as in Rust's engine.
ensure_re2() {
  ensure_python
  python3 -c 'import re2' 2>/dev/null && return 0
  python3 -m pip --version >/dev/null 2>&1 || ensure_apt python3-pip
  echo "lognoise setup: installing google-re2 with pip" >&2
  python3 -m pip install --quiet 'google-re2>=1.1,<2' 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages 'google-re2>=1.1,<2'
  python3 -c 'import re2' || {
    echo "lognoise setup: python3 cannot import re2 after pip install google-re2" >&2
    return 1
  }
}

# cargo-machete, which finds dependencies a crate declares but does not use.
ensure_machete() {
  command -v cargo-machete >/dev/null || [ -x "$HOME/.cargo/bin/cargo-machete" ] ||
    cargo install cargo-machete --version 0.9.2 --locked
}

# cargo-fuzz, which builds and runs the fuzz targets in fuzz/ with libFuzzer.
ensure_cargo_fuzz() {
  # libfuzzer-sys compiles libFuzzer, which is C++.
  command -v c++ >/dev/null || ensure_apt g++
  command -v cargo-fuzz >/dev/null || [ -x "$HOME/.cargo/bin/cargo-fuzz" ] ||
    cargo install cargo-fuzz --version 0.13.2 --locked
}

# Runs every fuzz target for a few seconds (FUZZ_SECONDS, 10 by default) on top of what its
# corpus holds. libFuzzer's instrumentation needs nightly compiler flags; RUSTC_BOOTSTRAP lets
# the stable toolchain take them. Built as released (`--release`: no debug assertions; tantivy
# has debug assertions that fire on inputs its release build handles) and without a sanitizer:
# the code is safe Rust, and panics are what is looked for.
run_fuzz_targets() {
  ensure_cargo_fuzz
  local seconds="${FUZZ_SECONDS:-10}" target log
  log="$(mktemp)"
  local status=0
  (
    cd "$(repo_root)/fuzz"
    for target in $(cargo fuzz list); do
      echo "-- fuzz $target (${seconds}s)"
      if ! RUSTC_BOOTSTRAP=1 cargo fuzz run --release --sanitizer none "$target" -- \
        -max_total_time="$seconds" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "fuzz target $target failed; the input is in fuzz/artifacts/$target" >&2
        exit 1
      fi
      grep -E '^Done [0-9]+ runs' "$log" || tail -n 1 "$log"
    done
  ) || status=$?
  rm -f "$log"
  return $status
}
