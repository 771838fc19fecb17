# Installs what the console's build and tests need, and only what is missing, so a second run
# installs nothing. Sourced by scripts/run and scripts/test; not meant to be run on its own.
# Long installs write their output to target/setup-logs/ and print one line on failure.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
SETUP_LOGS="$ROOT/target/setup-logs"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[setup +%ss]\033[0m %s\n' "$SECONDS" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a long command quietly; on failure prints one line naming the log.
quietly() {
  local name="$1"; shift
  mkdir -p "$SETUP_LOGS"
  local log="$SETUP_LOGS/$name.log"
  if ! "$@" >"$log" 2>&1; then
    die "$name failed: '$*' (last lines: $(tail -n 3 "$log" | tr '\n' ' ')) — full log: $log"
  fi
}

require() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed: $2"
}

# The wasm-bindgen version Cargo.lock resolved; Trunk.toml and the CLI must match it exactly.
lock_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$ROOT/Cargo.lock"
}

setup_rust() {
  require cargo "install Rust with rustup (https://rustup.rs), then run this again"
  require rustup "the wasm target is added with rustup; install Rust with rustup"
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the Rust target wasm32-unknown-unknown"
    quietly rustup-target rustup target add wasm32-unknown-unknown
  fi
  # Trunk builds with --offline (Trunk.toml), so the crates must be in the local registry first.
  quietly cargo-fetch cargo fetch --locked --manifest-path "$ROOT/Cargo.toml"
}

setup_trunk() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION with cargo (once; about 8 minutes on 2 cores)"
    quietly trunk-install cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
}

setup_wasm_bindgen() {
  local version
  version="$(lock_wasm_bindgen_version)"
  [ -n "$version" ] || die "Cargo.lock names no wasm-bindgen version"
  grep -q "wasm_bindgen = \"$version\"" "$ROOT/Trunk.toml" ||
    die "Trunk.toml pins another wasm-bindgen than Cargo.lock's $version: update [tools] wasm_bindgen"
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $version" ] ||
     ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    say "installing wasm-bindgen-cli $version with cargo (once; about 2 minutes)"
    # Not --locked: the CLI's own lock file pins a webpki-roots release the registry lacks.
    quietly wasm-bindgen-install cargo install wasm-bindgen-cli --version "$version"
  fi
}

setup_node_packages() {
  require node "install Node.js 18 or newer (Debian: apt-get install nodejs npm)"
  require npm "install npm (Debian: apt-get install npm)"
  local stamp="$ROOT/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ]; then
    say "installing node packages (binaryen 132 for wasm-opt, playwright-core)"
    (cd "$ROOT" && quietly npm-ci npm ci --no-audit --no-fund)
  fi
  [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" = "132" ] ||
    die "wasm-opt on PATH is not binaryen 132 (node_modules/.bin/wasm-opt): run 'npm ci'"
}

setup_browser() {
  if [ -x /usr/bin/chromium ] && command -v chromedriver >/dev/null 2>&1; then
    return
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium and chromium-driver with apt-get (root; about a minute, once)"
    quietly apt-update apt-get update
    DEBIAN_FRONTEND=noninteractive quietly apt-install apt-get install -y --no-install-recommends chromium chromium-driver
  else
    die "the tests need Chromium and ChromeDriver: run 'sudo apt-get install chromium chromium-driver'"
  fi
}

setup_build_tools() {
  setup_rust
  setup_node_packages
  setup_trunk
  setup_wasm_bindgen
}

# Builds the release console into dist/ unless dist/ is newer than every input.
build_console() {
  local stamp="$ROOT/dist/.built"
  if [ -f "$stamp" ] && [ -z "$(cd "$ROOT" && find src style index.html favicon.svg Trunk.toml Cargo.toml Cargo.lock crates/rds-v1 scripts/minify-glue.mjs package-lock.json -newer "$stamp" -print -quit)" ]; then
    return
  fi
  say "building the console (release, wasm-opt -Oz, terser)"
  (cd "$ROOT" && quietly trunk-build trunk build --release)
  touch "$stamp"
}

build_emulator() {
  say "building the emulator"
  (cd "$ROOT" && quietly emulator-build cargo build -p rds-emulator)
  EMULATOR_BIN="$ROOT/target/debug/rds-emulator"
}
