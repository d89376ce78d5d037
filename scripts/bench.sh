#!/usr/bin/env bash
# scripts/bench.sh — the benchmarks behind docs/PERFORMANCE.md, run on demand (never by the tests).
#
# Usage:
#   scripts/bench.sh                 every benchmark
#   scripts/bench.sh render filter   some of them: render | filter | startup | memory | crawl | process
#
# render, filter and startup are benches/perf.rs, memory is benches/memory.rs: in-process, no
# network. crawl (benches/crawl.rs) lists 10,000 users from moto through a proxy adding 100 ms a
# request and enforcing 30 ListUsers a second; moto is installed and started by scripts/test.sh
# (COGNITO_TUI_TEST_CMD), which stops it afterwards. process (scripts/bench_demo_process.sh) runs the
# real `--demo --demo-users N` binary in tmux (release build): first frame, RSS once all loaded.
#
# Knobs (environment): COGNITO_TUI_BENCH_USERS (default 100000; render/filter/memory/startup),
# COGNITO_TUI_BENCH_CRAWL_USERS (10000), COGNITO_TUI_BENCH_ROUNDS (3),
# COGNITO_TUI_BENCH_CONCURRENCY (the crawl's default).
#
# Every benchmark prints `RESULT name value unit goal` lines; they are gathered at the end, with
# the machine, and kept in target/bench-results/LATEST.txt.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ALL=(render filter startup memory crawl)
if (($# == 0)); then set -- "${ALL[@]}"; fi
for name in "$@"; do
    case "$name" in
    render | filter | startup | memory | crawl | process) ;;
    *) echo "scripts/bench.sh: unknown benchmark '$name' (known: ${ALL[*]})" >&2; exit 2 ;;
    esac
done

OUT_DIR="$ROOT/target/bench-results"
mkdir -p "$OUT_DIR"
OUT="$OUT_DIR/$(date -u +%Y%m%dT%H%M%SZ).txt"
{
    echo "# cognito-tui benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "# nproc $(nproc); CPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); $(grep MemTotal /proc/meminfo | tr -s ' ')"
    echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"

perf=()
for name in "$@"; do
    case "$name" in render | filter | startup) perf+=("$name") ;; esac
done
if ((${#perf[@]})); then
    for name in "${perf[@]}"; do
        cargo bench --bench perf -- "$name" 2>&1 | tee -a "$OUT"
    done
fi
for name in "$@"; do
    case "$name" in
    memory) cargo bench --bench memory 2>&1 | tee -a "$OUT" ;;
    process)
        cargo build --release
        scripts/bench_demo_process.sh "${COGNITO_TUI_BENCH_USERS:-100000}" 2>&1 | tee -a "$OUT"
        ;;
    crawl)
        # Built first, so the emulators are not kept waiting on the compiler.
        cargo bench --bench crawl --no-run
        COGNITO_TUI_TEST_CMD='cargo bench --bench crawl' scripts/test.sh 2>&1 | tee -a "$OUT"
        ;;
    esac
done

echo
echo "== results (also in $OUT)"
grep '^RESULT' "$OUT" || true
cp "$OUT" "$OUT_DIR/LATEST.txt"
