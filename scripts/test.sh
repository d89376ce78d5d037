#!/usr/bin/env bash
# scripts/test.sh — the project's one test command (CI runs it through .ci/run).
#
# Usage:
#   scripts/test.sh [ARGS...]        ARGS go to `cargo test --lib --bins --tests --no-fail-fast`,
#                                    e.g. scripts/test.sh moto -- --nocapture
#
# What it does, from a fresh clone:
#   1. installs moto (pinned) into .venv/ at the repo root, unless already done
#      (marker file .venv/.cognito-tui-moto-installed);
#   2. installs cognito-local (pinned) into .emulators/cognito-local/, unless
#      already done (marker file .emulators/cognito-local/.cognito-tui-installed);
#   3. starts `moto_server` and cognito-local on free 127.0.0.1 ports (cognito-local
#      runs in a temp working dir, so its .cognito/ database never lands in the
#      repo) and waits until both answer a cognito-idp ListUserPools call;
#   0. checks formatting and lints first (`cargo fmt --check`, then
#      `cargo clippy --all-targets -- -D warnings`): either failing fails the run;
#   4. exports the variables below and builds the benchmarks and runs `cargo test --lib --bins --tests --no-fail-fast "$@"`;
#   5. stops both servers on exit (also on Ctrl-C / SIGTERM) and exits with
#      cargo's status. Server logs live in a temp dir; they are printed when
#      something fails (the dir is then kept), and removed after a green run.
#
# Variables exported to the tests:
#   COGNITO_TUI_MOTO_URL           http://127.0.0.1:<port>  (moto_server)
#   COGNITO_TUI_COGNITO_LOCAL_URL  http://127.0.0.1:<port>  (cognito-local)
#   AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
#   AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
#   NO_PROXY / no_proxy gain 127.0.0.1,localhost
#   (AWS_PROFILE, AWS_DEFAULT_PROFILE, AWS_SESSION_TOKEN, AWS_ENDPOINT_URL and
#    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER are unset.)
#
# Knobs (environment):
#   COGNITO_TUI_TEST_CMD   when set, run this shell command (via `bash -c`, with
#                          ARGS as "$@") instead of cargo test, with the servers
#                          up and the variables above exported. Meant for
#                          checking the emulator plumbing without building, e.g.
#                          COGNITO_TUI_TEST_CMD='env | grep COGNITO_TUI_' scripts/test.sh
#   PYTHON                 interpreter used to create .venv (default: python3)
#   COGNITO_TUI_KEEP_LOGS=1  keep the temp dir with the server logs even when green
#   COGNITO_TUI_READY_TIMEOUT  seconds to wait for each server to answer (default 30)
#   COGNITO_TUI_SKIP_LINTS=1   skip step 0 (for a quick local re-run; CI never sets it)
set -euo pipefail

MOTO_SPEC='moto[cognitoidp]==5.2.5'
COGNITO_LOCAL_VERSION='5.3.0'
READY_TIMEOUT_SECS="${COGNITO_TUI_READY_TIMEOUT:-30}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"
VENV_MARKER="$VENV/.cognito-tui-moto-installed"
CL_DIR="$ROOT/.emulators/cognito-local"
CL_MARKER="$CL_DIR/.cognito-tui-installed"
CL_START="$CL_DIR/node_modules/cognito-local/lib/bin/start.js"

log() { printf '[test.sh] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- installs --

install_moto() {
    local want="$MOTO_SPEC flask flask-cors"
    if [[ -x "$VENV/bin/moto_server" && -f "$VENV_MARKER" && "$(<"$VENV_MARKER")" == "$want" ]]; then
        return
    fi
    command -v "$PYTHON" >/dev/null || die "$PYTHON not found (needed for moto)"
    if [[ ! -x "$VENV/bin/python" ]]; then
        log "creating $VENV"
        rm -rf "$VENV"
        "$PYTHON" -m venv "$VENV" || die "'$PYTHON -m venv' failed (on Debian's own python: apt-get install python3-venv)"
    fi
    log "installing $want into .venv"
    PIP_NO_INPUT=1 "$VENV/bin/pip" install --quiet --disable-pip-version-check "$MOTO_SPEC" flask flask-cors
    [[ -x "$VENV/bin/moto_server" ]] || die "moto_server missing from $VENV/bin after pip install"
    printf '%s' "$want" >"$VENV_MARKER"
}

install_cognito_local() {
    if [[ -f "$CL_START" && -f "$CL_MARKER" && "$(<"$CL_MARKER")" == "$COGNITO_LOCAL_VERSION" ]]; then
        return
    fi
    command -v node >/dev/null || die "node not found (needed for cognito-local)"
    command -v npm >/dev/null || die "npm not found (needed for cognito-local)"
    log "installing cognito-local@$COGNITO_LOCAL_VERSION into .emulators/cognito-local"
    rm -rf "$CL_DIR"
    mkdir -p "$CL_DIR"
    # --ignore-scripts: the only install script in the tree is aws-sdk's
    # "maintenance mode" notice; cognito-local needs no build step.
    npm install --no-audit --no-fund --ignore-scripts --loglevel=error --save-exact \
        --prefix "$CL_DIR" "cognito-local@$COGNITO_LOCAL_VERSION" </dev/null
    [[ -f "$CL_START" ]] || die "cognito-local entry point $CL_START missing after npm install"
    printf '%s' "$COGNITO_LOCAL_VERSION" >"$CL_MARKER"
}

# ----------------------------------------------------------------- servers --

WORK=""          # temp dir: server logs + cognito-local working dir
SERVER_PIDS=()   # pids of the emulators
CMD_PID=""       # pid of cargo test (or COGNITO_TUI_TEST_CMD)
CLEANED=0
STATUS=0

# Direct children of a pid, read from /proc (no procps needed).
children_of() {
    local parent="$1" f stat pid ppid
    for f in /proc/[0-9]*/stat; do
        { stat="$(<"$f")"; } 2>/dev/null || continue
        stat="${stat##*) }"            # drop "pid (comm) "; leaves "state ppid ..."
        pid="${f#/proc/}"; pid="${pid%/stat}"
        read -r _ ppid _ <<<"$stat"
        [[ "$ppid" == "$parent" ]] && printf '%s\n' "$pid"
    done
    return 0
}

# Signal a process and all its descendants (children first collected, then signalled).
kill_tree() {
    local sig="$1" pid="$2" child
    kill -STOP "$pid" 2>/dev/null || return 0   # freeze it so it cannot fork more
    for child in $(children_of "$pid"); do
        kill_tree "$sig" "$child"
    done
    kill "-$sig" "$pid" 2>/dev/null || true
    kill -CONT "$pid" 2>/dev/null || true
}

alive() { kill -0 "$1" 2>/dev/null; }

stop_pids() {
    local pid i
    for pid in "$@"; do kill_tree TERM "$pid"; done
    for ((i = 0; i < 50; i++)); do          # up to ~5 s for a clean exit
        local any=0
        for pid in "$@"; do alive "$pid" && any=1; done
        ((any)) || break
        sleep 0.1
    done
    for pid in "$@"; do alive "$pid" && kill_tree KILL "$pid"; done
    for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}

print_logs() {
    [[ -n "$WORK" && -d "$WORK" ]] || return 0
    local f
    for f in "$WORK"/*.log; do
        [[ -f "$f" ]] || continue
        printf '\n----- %s (last 200 lines) -----\n' "$f" >&2
        tail -n 200 "$f" >&2 || true
    done
    printf '\n----- server logs kept in %s -----\n' "$WORK" >&2
}

cleanup() {
    ((CLEANED)) && return 0
    CLEANED=1
    trap - INT TERM
    if [[ -n "$CMD_PID" ]] && alive "$CMD_PID"; then stop_pids "$CMD_PID"; fi
    if ((${#SERVER_PIDS[@]})); then stop_pids "${SERVER_PIDS[@]}"; fi
    if [[ -n "$WORK" && -d "$WORK" ]]; then
        if ((STATUS != 0)); then
            print_logs
        elif [[ "${COGNITO_TUI_KEEP_LOGS:-}" == 1 ]]; then
            log "server logs kept in $WORK"
        else
            rm -rf "$WORK"
        fi
    fi
}
on_exit() { local rc=$?; ((STATUS)) || STATUS=$rc; cleanup; exit "$STATUS"; }
on_signal() { STATUS=$1; log "interrupted, stopping"; cleanup; exit "$STATUS"; }
trap on_exit EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# Two distinct free loopback ports (both sockets are held while choosing).
free_ports() {
    "$VENV/bin/python" - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

# wait_ready NAME URL PID LOG: poll a cognito-idp ListUserPools call until HTTP 200.
wait_ready() {
    local name="$1" url="$2" pid="$3" logf="$4" deadline=$((SECONDS + READY_TIMEOUT_SECS))
    while :; do
        if ! alive "$pid"; then
            log "$name exited before answering; its log ($logf):"
            cat "$logf" >&2 || true
            return 1
        fi
        if "$VENV/bin/python" - "$url" <<'EOF' 2>/dev/null; then
import sys, urllib.request
req = urllib.request.Request(
    sys.argv[1] + "/",
    data=b'{"MaxResults": 1}',
    headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools",
    },
)
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
with opener.open(req, timeout=5) as r:
    sys.exit(0 if r.status == 200 else 1)
EOF
            log "$name is up at $url"
            return 0
        fi
        if ((SECONDS >= deadline)); then
            log "$name did not answer at $url within ${READY_TIMEOUT_SECS}s; its log ($logf):"
            cat "$logf" >&2 || true
            return 1
        fi
        sleep 0.3
    done
}

start_moto() {
    local port="$1"
    "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" </dev/null >"$WORK/moto.log" 2>&1 &
    SERVER_PIDS+=("$!")
    MOTO_PID=$!
}

start_cognito_local() {
    local port="$1" dir="$WORK/cognito-local"
    mkdir -p "$dir/.cognito"
    # UserPoolDefaults.UsernameAttributes defaults to ["email"] in cognito-local,
    # which makes AdminCreateUser reject non-email usernames; [] turns that off
    # (arrays in this file replace the defaults rather than merge into them).
    cat >"$dir/.cognito/config.json" <<EOF
{
  "UserPoolDefaults": { "UsernameAttributes": [] },
  "TokenConfig": { "IssuerDomain": "http://127.0.0.1:$port" }
}
EOF
    (cd "$dir" && exec env PORT="$port" HOST=127.0.0.1 node "$CL_START") </dev/null >"$WORK/cognito-local.log" 2>&1 &
    SERVER_PIDS+=("$!")
    CL_PID=$!
}

# -------------------------------------------------------------------- main --

if [[ "${COGNITO_TUI_SKIP_LINTS:-}" != 1 ]]; then
    log "checking formatting: cargo fmt --check"
    cargo fmt --all -- --check || die "cargo fmt --check failed: run 'cargo fmt'"
    log "linting: cargo clippy --all-targets -- -D warnings"
    cargo clippy --all-targets --quiet -- -D warnings || die "cargo clippy found warnings (above)"
fi

install_moto
install_cognito_local

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cognito-tui-test.XXXXXX")"

# A free port can be taken by someone else between choosing and binding; a
# server that dies at start-up is therefore retried on new ports (3 tries).
for attempt in 1 2 3; do
    read -r MOTO_PORT CL_PORT <<<"$(free_ports 2)"
    MOTO_URL="http://127.0.0.1:$MOTO_PORT"
    CL_URL="http://127.0.0.1:$CL_PORT"
    SERVER_PIDS=()
    start_moto "$MOTO_PORT"
    start_cognito_local "$CL_PORT"
    if wait_ready moto "$MOTO_URL" "$MOTO_PID" "$WORK/moto.log" &&
        wait_ready cognito-local "$CL_URL" "$CL_PID" "$WORK/cognito-local.log"; then
        break
    fi
    stop_pids "${SERVER_PIDS[@]}"
    if ((attempt == 3)); then
        STATUS=1
        die "the emulators did not come up (logs above, and in $WORK)"
    fi
    log "retrying on other ports (attempt $((attempt + 1)) of 3)"
    rm -rf "$WORK/cognito-local"
done

export COGNITO_TUI_MOTO_URL="$MOTO_URL"
export COGNITO_TUI_COGNITO_LOCAL_URL="$CL_URL"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL \
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER

# Run the tests in the background and `wait`, so that INT/TERM traps fire at
# once (and stop the tests and the servers) instead of after cargo returns.
if [[ -n "${COGNITO_TUI_TEST_CMD:-}" ]]; then
    log "running COGNITO_TUI_TEST_CMD: $COGNITO_TUI_TEST_CMD"
    bash -c "$COGNITO_TUI_TEST_CMD" test-cmd "$@" &
else
    # Benchmarks are compiled (so they cannot rot) but never run here: they are measured on
    # demand (scripts/bench.sh), not asserted in tests.
    log "running: cargo build --benches && cargo test --lib --bins --tests --no-fail-fast $*"
    { cargo build --benches --quiet && cargo test --lib --bins --tests --no-fail-fast "$@"; } &
fi
CMD_PID=$!
rc=0
wait "$CMD_PID" || rc=$?
CMD_PID=""
STATUS=$rc
if ((rc != 0)); then log "tests failed (exit $rc)"; fi
exit "$rc"
