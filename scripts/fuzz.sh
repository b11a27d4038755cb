#!/usr/bin/env bash
# Fuzzes every parser and every operation's request (cargo-fuzz, libFuzzer; the project is
# fuzz/, outside the workspace). Usage:
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]     # default: 60 s for each of the five targets
#
# Installs what it needs (the nightly toolchain through rustup, cargo-fuzz) and fails loudly:
# a missing tool, a build error or any finding (a crash, a panic, a broken invariant, a leak,
# a timeout, memory above 2 GB) stops it with a non-zero status and the reproducer's path under
# fuzz/artifacts/<target>/. Seeds come from tests/golden and tests/bad-inputs (fuzz/seeds.py);
# the corpus grows in fuzz/corpus/<target>/ (gitignored) from run to run. One line per target
# reports its executions per second. Honours CARGO_TARGET_DIR (default: target/fuzz) and
# RENXING_FUZZ_LOG_DIR (keep each target's libFuzzer log there as <target>.log).
#
# RENXING_FUZZ_SEED=N makes the run reproducible (what scripts/test-fuzz.sh, the CI's short run,
# does): libFuzzer's -seed=N, a fresh corpus holding only the seeds (not fuzz/corpus), and a fixed
# number of executions instead of a time limit, SECONDS x the target's rate on this machine
# (runs_for below). The same commit then executes the same inputs on any machine, so a finding
# in CI is a finding here too; exploring with a random seed is the long run's job (docs/reliability.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_EACH=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(assessment_parse framework_parse strict_json table_read ops)

die() { printf 'fuzz.sh: %s\n' "$*" >&2; exit 1; }
[[ $SECONDS_EACH =~ ^[0-9]+$ ]] && [ "$SECONDS_EACH" -gt 0 ] || die "SECONDS must be a positive integer, got $SECONDS_EACH"
command -v cargo >/dev/null || die "cargo not found"
command -v python3 >/dev/null || die "python3 not found (fuzz/seeds.py writes the seed corpora)"
command -v rustup >/dev/null || die "rustup not found (the fuzz build needs the nightly toolchain)"
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "--> installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal || die "could not install nightly"
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "--> installing cargo-fuzz"
  cargo install --locked cargo-fuzz || die "could not install cargo-fuzz"
fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target/fuzz}
# AddressSanitizer by default (cargo-fuzz's default). The workspace has no `unsafe` code, so
# ASan watches only the dependencies' own; RENXING_FUZZ_SANITIZER=none builds without it
# (expected to be cheaper to build and faster to run, not yet measured; panics and broken
# invariants are found all the same).
SANITIZER=${RENXING_FUZZ_SANITIZER:-address}
case "$SANITIZER" in
  address|none) ;;
  *) die "RENXING_FUZZ_SANITIZER must be address or none, got $SANITIZER" ;;
esac

FUZZ_SEED=${RENXING_FUZZ_SEED:-}
[ -z "$FUZZ_SEED" ] || [[ $FUZZ_SEED =~ ^[0-9]+$ ]] || die "RENXING_FUZZ_SEED must be a non-negative integer, got $FUZZ_SEED"
CORPUS=$ROOT/fuzz/corpus
if [ -n "$FUZZ_SEED" ]; then
  CORPUS=$(mktemp -d)
  trap 'rm -rf "$CORPUS"' EXIT
fi
echo "--> seed corpora from tests/golden, tests/bad-inputs and fuzz/regressions"
python3 fuzz/seeds.py "$CORPUS" || die "fuzz/seeds.py failed"

# fuzz/ is not a workspace member and has its own lockfile: it must be committed up to date (a
# dependency added to the workspace was once resolved unlocked here, unseen), so the build reads
# it as it is
echo "--> fuzz/Cargo.lock up to date"
(cd fuzz && cargo +nightly metadata --locked --format-version 1 >/dev/null) \
  || die "fuzz/Cargo.lock is out of date with the workspace: run 'cargo +nightly update --workspace' in fuzz/ and commit it"
echo "--> building the fuzz targets"
(cd fuzz && cargo +nightly fuzz build -O -s "$SANITIZER") || die "the fuzz targets do not build"

# Per-target libFuzzer options. table_read: inputs up to 4 KiB (its seeds are capped alike in
# fuzz/seeds.py). A table reader's cost per input is its setup (the CSV automaton, the
# framework's label lookups) plus a share per cell; the 58 KB seeds of the size limits (10,001
# columns, 9,000 × 2,300 cells) and their mutants ran at ~25 execs/s and held the whole run near
# 130 execs/s. Limits on size are tested by the battery and crates/renxing-ops/tests/limits.rs.
extra_options() {
  case "$1" in
    table_read) echo "-max_len=4096" ;;
    *) echo "" ;;
  esac
}

# Executions per second of each target with AddressSanitizer, measured on this machine
# (2 vCPUs, 2026-12-05, docs/reliability.md; ops 675/s in the sixth session, budgeted at 400): a reproducible run executes SECONDS x this many.
runs_for() {
  local rate
  case "$1" in
    table_read) rate=1100 ;;
    ops) rate=400 ;;
    *) rate=5000 ;;
  esac
  echo $(( SECONDS_EACH * rate ))
}
summary=()
for t in "${TARGETS[@]}"; do
  if [ -n "$FUZZ_SEED" ]; then
    budget=(-seed="$FUZZ_SEED" -runs="$(runs_for "$t")")
    echo "--> $t: $(runs_for "$t") executions from seed $FUZZ_SEED (about ${SECONDS_EACH} s)"
  else
    budget=(-max_total_time="$SECONDS_EACH")
    echo "--> $t for ${SECONDS_EACH} s"
  fi
  log=$(mktemp)
  t0=$(date +%s)
  mkdir -p "fuzz/artifacts/$t"
  set +e
  (cd fuzz && cargo +nightly fuzz run -O -s "$SANITIZER" "$t" "$CORPUS/$t" -- \
      "${budget[@]}" -rss_limit_mb=2048 -timeout=20 \
      -print_final_stats=1 $(extra_options "$t")) >"$log" 2>&1
  status=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  secs=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  if [ "$status" -ne 0 ]; then
    tail -60 "$log" >&2
    die "$t: a finding (exit $status); the reproducer is under fuzz/artifacts/$t/ (replay: cd fuzz && cargo +nightly fuzz run $t <file>)"
  fi
  [ -n "$execs" ] || { tail -30 "$log" >&2; die "$t: no statistics in libFuzzer's output"; }
  line=$(printf '%-17s %6s s  %10s execs  %7s execs/s  cov %s' "$t" "$(( $(date +%s) - t0 ))" "$execs" "${secs:-?}" "${cov:-?}")
  echo "    $line"
  summary+=("$line")
  if [ -n "${RENXING_FUZZ_LOG_DIR:-}" ]; then
    mkdir -p "$RENXING_FUZZ_LOG_DIR" && mv "$log" "$RENXING_FUZZ_LOG_DIR/$t.log"
  else
    rm -f "$log"
  fi
done
echo
echo "fuzz.sh: no finding"
printf '  %s\n' "${summary[@]}"
