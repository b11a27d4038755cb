#!/usr/bin/env bash
# Builds the Python wheel and runs every Python test: stubtest of the type stubs, mypy --strict
# of the package, pytest (golden parity, 表1, bad input, Hypothesis properties, the tour
# notebook through nbclient) with the doctests of docs/python.md and of the package, and a
# small run of the benchmark script. Needs Python >= 3.9 with pip (and venv or virtualenv) and
# a Rust toolchain. Installs pinned test dependencies into bindings/python/.venv (gitignored).
# Skips nothing: a missing tool or a skipped test is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY_DIR=bindings/python
VENV=$PY_DIR/.venv
DIST=target/python-dist
PYTHON=${PYTHON:-python3}

step() { printf '\n--> %s\n' "$*"; }
die() { printf 'test-python.sh: %s\n' "$*" >&2; exit 1; }

command -v "$PYTHON" >/dev/null || die "$PYTHON not found (set PYTHON=/path/to/python3.9+)"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 9))' || die "Python >= 3.9 is required"
command -v cargo >/dev/null || die "cargo not found: the wheel is built from Rust"

if [ ! -x "$VENV/bin/python" ]; then
  step "creating $VENV"
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    "$PYTHON" -m pip install --quiet --user virtualenv || die "neither venv nor virtualenv works"
    "$PYTHON" -m virtualenv --quiet "$VENV"
  fi
fi
VPY=$ROOT/$VENV/bin/python

step "pinned test dependencies ($PY_DIR/requirements-test.txt)"
"$VPY" -m pip install --quiet --disable-pip-version-check -r "$PY_DIR/requirements-test.txt"

step "maturin build --release (abi3 wheel)"
rm -rf "$DIST"
(cd "$PY_DIR" && "$VPY" -m maturin build --release --out "$ROOT/$DIST")
wheels=("$DIST"/renxing-*-abi3-*.whl)
[ -f "${wheels[0]}" ] || die "no abi3 wheel in $DIST"
"$VPY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "${wheels[0]}"
"$VPY" -m ipykernel install --sys-prefix --name python3 >/dev/null

# Run from a directory without a renxing/ folder so the installed wheel is what is imported.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export MYPY_CACHE_DIR=$WORK/mypy-cache

step "stubtest renxing._renxing"
(cd "$WORK" && "$VPY" -m mypy.stubtest renxing._renxing)

step "mypy --strict (the package and its stubs)"
(cd "$WORK" && "$VPY" -m mypy --strict -p renxing)

step "pytest (tests, notebook, doctests of docs/python.md and README.md)"
LOG=$WORK/pytest.log
# Hypothesis draws from a fixed seed when the test command sets one (scripts/test-all.sh)
HYP=()
[ -z "${RENXING_TEST_SEED:-}" ] || HYP=(--hypothesis-seed="$RENXING_TEST_SEED")
(cd "$PY_DIR" && "$VPY" -m pytest -ra -p no:cacheprovider "${HYP[@]}" tests \
  "$ROOT/docs/python.md" README.md --doctest-glob="*.md") | tee "$LOG"
(cd "$WORK" && "$VPY" -m pytest -ra -p no:cacheprovider --doctest-modules --pyargs renxing) | tee -a "$LOG"
if grep -Eq '[0-9]+ (skipped|xfailed|deselected)' "$LOG"; then
  die "some tests were skipped (see above); every test must run"
fi

step "benchmark scripts (smoke runs: they assert that the numpy rules agree with renxing)"
"$VPY" "$PY_DIR/bench/bench_batch.py" --rows 20000 --sample 200 --repeat 1
"$VPY" "$PY_DIR/bench/bench_uncertainty.py" --runs 300 --units 60 --repeat 1 --sobol-n 32 --bootstrap 10
"$VPY" "$PY_DIR/bench/bench_kernel.py" --rows 20000 --repeat 1
"$VPY" "$PY_DIR/bench/bench_calls.py" --calls 100 --repeat 1
"$VPY" "$PY_DIR/bench/bench_qca.py" --k 4 6 --n 100 --limit 60 --check

step "Python: all passed"
