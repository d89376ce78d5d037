#!/usr/bin/env bash
# scripts/bench_demo_process.sh — the real `cognito-tui --demo --demo-users N` process in a
# 200x50 tmux pane: start to first frame, then `L` (load the whole pool) and the process's
# VmRSS/VmHWM once every user is loaded. Prints `RESULT name value unit goal` lines, as
# scripts/bench.sh gathers them. Needs tmux and a release build (`cargo build --release`).
#
# Usage: scripts/bench_demo_process.sh [N]   (default: COGNITO_TUI_BENCH_USERS or 1000000)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-${COGNITO_TUI_BENCH_USERS:-1000000}}"
BIN="${COGNITO_TUI_BIN:-$ROOT/target/release/cognito-tui}"
[[ -x "$BIN" ]] || { echo "no $BIN: run cargo build --release" >&2; exit 2; }

SOCKET="cognito-tui-bench-$$"
HOME_DIR="$(mktemp -d)"
cleanup() {
    tmux -L "$SOCKET" kill-server 2>/dev/null || true
    rm -rf "$HOME_DIR"
}
trap cleanup EXIT

now() { date +%s%N; }
pane() { tmux -L "$SOCKET" capture-pane -p -t bench; }

# The demo pool is not Cognito: lift the UserList quota (30 pages a second would take 9 minutes
# for a million users) unless COGNITO_TUI_BENCH_USER_LIST_QUOTA says otherwise.
mkdir -p "$HOME_DIR/.config/cognito-tui"
printf '[quotas]\nuser_list = %s\n' "${COGNITO_TUI_BENCH_USER_LIST_QUOTA:-100000}" \
    >"$HOME_DIR/.config/cognito-tui/config.toml"

echo "# demo process, $N users, user_list quota ${COGNITO_TUI_BENCH_USER_LIST_QUOTA:-100000}/s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(now)
HOME="$HOME_DIR" XDG_CONFIG_HOME="$HOME_DIR/.config" XDG_DATA_HOME="$HOME_DIR/.local/share" \
    XDG_STATE_HOME="$HOME_DIR/.local/state" \
    tmux -L "$SOCKET" -f /dev/null new-session -d -x 200 -y 50 -s bench \
    "exec '$BIN' --demo --demo-users $N"
pid=$(tmux -L "$SOCKET" display -p -t bench '#{pane_pid}')
# The first frame: the header's user count is drawn.
until pane | grep -q ' users'; do
    if (( ($(now) - start) > 60000000000 )); then echo "no first frame in 60 s" >&2; exit 1; fi
    sleep 0.005
done
first=$(( ($(now) - start) / 1000000 ))
echo "RESULT demo_process_${N}.first_frame $first ms < 2000 ms $([[ $first -lt 2000 ]] && echo met || echo missed)"
rss_start=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
echo "RESULT demo_process_${N}.rss_at_first_frame $((rss_start / 1024)) MiB"

tmux -L "$SOCKET" send-keys -t bench L
load_start=$(now)
# Loaded: the header shows the count with the estimate after it, "N users (~N est.)".
until pane | grep -q 'est\.)'; do
    if (( ($(now) - load_start) > 900000000000 )); then echo "not loaded in 900 s" >&2; exit 1; fi
    sleep 0.5
done
loaded=$(( ($(now) - load_start) / 1000000 ))
sleep 2
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
pane | grep -m1 'est\.)' | sed 's/^ *//' | cut -c1-150
echo "RESULT demo_process_${N}.load_all $loaded ms"
echo "RESULT demo_process_${N}.rss_loaded $((rss / 1024)) MiB < 350 MB $([[ $rss -lt 341796 ]] && echo met || echo missed)"
echo "RESULT demo_process_${N}.rss_peak $((hwm / 1024)) MiB"
