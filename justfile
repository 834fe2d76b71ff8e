# The Local4Action HUBs platform's manual: `just` lists every recipe.
# .ci/run calls these same recipes, so what CI runs is what you can run.

set shell := ["bash", "-euo", "pipefail", "-c"]

tools := justfile_directory() / "target/tools"
export PATH := tools / "bin" + ":" + tools / "npm/node_modules/.bin" + ":" + env_var("PATH")

_default:
    @just --list --unsorted

# Run the platform on http://127.0.0.1:8080 (SQLite in ./data, demo hubs on first run, docs at /api/docs)
run: build-web
    cargo run -p l4a-api --bin l4a -- serve --seed-demo-if-empty

# Run every test: unit, API on SQLite and (when TEST_POSTGRES_URL is set) PostgreSQL, and the browser test
test: build-web setup-test-tools
    cargo fmt --all --check
    cargo clippy -p l4a-shared -p l4a-api -p l4a-tests --all-targets -- -D warnings
    cargo clippy -p l4a-web --target wasm32-unknown-unknown -- -D warnings
    cargo build -p l4a-api --bin l4a
    cargo test -p l4a-shared -p l4a-api
    L4A_TEST_BACKEND=sqlite cargo test -p l4a-tests --test api
    just test-postgres
    cargo test -p l4a-tests --test browser -- --nocapture

# The API tests on PostgreSQL; TEST_POSTGRES_URL names a server where databases can be created (e.g. postgres://postgres@127.0.0.1:5432/postgres)
test-postgres:
    #!/usr/bin/env bash
    set -euo pipefail
    if [ -z "${TEST_POSTGRES_URL:-}" ]; then
        if [ -n "${CI:-}" ]; then
            echo "CI is set but TEST_POSTGRES_URL is not: the PostgreSQL leg cannot be skipped on CI." >&2
            exit 1
        fi
        echo "TEST_POSTGRES_URL is not set: the PostgreSQL leg of the API tests is skipped." >&2
        exit 0
    fi
    cargo build -p l4a-api --bin l4a
    L4A_TEST_BACKEND=postgres cargo test -p l4a-tests --test api

# Build the web app (release WASM, wasm-bindgen, wasm-opt) into web/dist, which the API serves
build-web: setup
    #!/usr/bin/env bash
    set -euo pipefail
    cargo build -p l4a-web --target wasm32-unknown-unknown --release
    rm -rf web/dist && mkdir -p web/dist/pkg
    wasm-bindgen --target web --no-typescript --out-dir web/dist/pkg target/wasm32-unknown-unknown/release/l4a_web.wasm
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types --enable-multivalue --enable-mutable-globals \
        -o web/dist/pkg/l4a_web_bg.wasm web/dist/pkg/l4a_web_bg.wasm
    cp web/static/* web/dist/
    # Content-hashed names for what a browser may keep for a year (the server says `immutable`);
    # index.html, which names them, is revalidated on every visit.
    hashed() { local dir=${1%/*} file=${1##*/}; local name="${file%.*}.$(sha256sum "$1" | cut -c1-12).${file##*.}"; mv "$1" "$dir/$name"; echo "$name"; }
    wasm=$(hashed web/dist/pkg/l4a_web_bg.wasm)
    js=$(hashed web/dist/pkg/l4a_web.js)
    css=$(hashed web/dist/style.css)
    sed -i "s|/pkg/l4a_web_bg.wasm|/pkg/$wasm|; s|/pkg/l4a_web.js|/pkg/$js|" web/dist/boot.js
    boot=$(hashed web/dist/boot.js)
    sed -i "s|/pkg/l4a_web_bg.wasm|/pkg/$wasm|; s|/pkg/l4a_web.js|/pkg/$js|; s|/style.css|/$css|; s|/boot.js|/$boot|" web/dist/index.html
    size=$(stat -c %s "web/dist/pkg/$wasm"); gz=$(gzip -9 -c "web/dist/pkg/$wasm" | wc -c)
    echo "web/dist built: WASM ${size} bytes, ${gz} bytes gzipped"

# Build the release: one self-contained binary, target/server/l4a, with the web app embedded (precompressed) in it
dist: build-web
    #!/usr/bin/env bash
    set -euo pipefail
    cargo build --profile server -p l4a-api --bin l4a
    echo "target/server/l4a: $(stat -c %s target/server/l4a) bytes; it serves the API and the web app with nothing beside it"

# Install what the build needs: the wasm32 target, wasm-bindgen-cli at the Cargo.lock version, and wasm-opt (under target/tools)
setup:
    #!/usr/bin/env bash
    set -euo pipefail
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        rustup target add wasm32-unknown-unknown
    fi
    want=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
    have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
    if [ "$have" != "$want" ]; then
        # No --locked: the CLI's own lockfile pins a crate version the registry no longer has.
        cargo install wasm-bindgen-cli --version "$want" --root "{{tools}}" --force
    fi
    # Debian's binaryen emits broken modules; use npm's, or build the crates.io one when npm is missing.
    if ! wasm-opt --version >/dev/null 2>&1; then
        if command -v npm >/dev/null; then
            mkdir -p "{{tools}}/npm"
            npm install --no-audit --no-fund --prefix "{{tools}}/npm" binaryen@132
        else
            cargo install wasm-opt --root "{{tools}}"
        fi
    fi

# Install the Debian packages the tests use: Chromium and ChromeDriver (browser test), xmllint (IATI schema validation); needs root or sudo
setup-test-tools:
    #!/usr/bin/env bash
    set -euo pipefail
    if command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v xmllint >/dev/null; then exit 0; fi
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver libxml2-utils

# Benchmarks against an optimised server (the `server` profile): memory and a catalogue read during bursts of 250 parallel sign-ins, and the dashboards' budgets at scale
bench: && bench-metrics
    cargo build --profile server -p l4a-api --bin l4a
    L4A_BIN={{justfile_directory()}}/target/server/l4a cargo bench -p l4a-tests --bench sign_in_burst

# The dashboards' budgets on 10,000 generated hubs (SCALE_HUBS to change), on SQLite and, when TEST_POSTGRES_URL is set, PostgreSQL
bench-metrics:
    #!/usr/bin/env bash
    set -euo pipefail
    cargo build --profile server -p l4a-api --bin l4a
    export L4A_BIN={{justfile_directory()}}/target/server/l4a
    L4A_TEST_BACKEND=sqlite cargo bench -p l4a-tests --bench metrics_at_scale
    if [ -n "${TEST_POSTGRES_URL:-}" ]; then
        L4A_TEST_BACKEND=postgres cargo bench -p l4a-tests --bench metrics_at_scale
    fi

# Regenerate the committed OpenAPI document from the code
openapi:
    cargo run -q -p l4a-api --bin l4a -- openapi > openapi/openapi.json

# Format, then lint every crate (the web app for wasm32)
lint:
    cargo fmt --all
    cargo clippy -p l4a-shared -p l4a-api -p l4a-tests --all-targets
    cargo clippy -p l4a-web --target wasm32-unknown-unknown

# Apply pending migrations to DATABASE_URL (SQLite in ./data by default)
migrate:
    cargo run -q -p l4a-api --bin l4a -- migrate

# Load the demo hubs into DATABASE_URL
seed:
    cargo run -q -p l4a-api --bin l4a -- seed --demo
