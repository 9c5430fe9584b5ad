#!/usr/bin/env bash
# Fuzzing, bounded: schemathesis against the HTTP API (in process, demo data, one bearer token
# per role) and atheris against the file parsers (fuzz/*.py). Exits non-zero on any failure.
#
#   scripts/fuzz.sh               the CI budget (about 3 minutes on 2 cores)
#   FUZZ_LONG=1 scripts/fuzz.sh   a longer run (about 30 minutes): 50 examples per operation
#                                 and role, 5 minutes per parser
#
# Knobs: FUZZ_API_EXAMPLES (examples per operation and role), FUZZ_SECONDS (per parser),
# FUZZ_API_ONLY (a substring of the operations to fuzz), PYTHON (default .venv/bin/python).
# Needs the extra "fuzz" (schemathesis, atheris). A crash input is kept in fuzz/crashes/.
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
BIN="$(dirname "$PYTHON")"
if [[ "${FUZZ_LONG:-0}" == 1 ]]; then
    : "${FUZZ_API_EXAMPLES:=50}" "${FUZZ_SECONDS:=300}"
else
    : "${FUZZ_API_EXAMPLES:=5}" "${FUZZ_SECONDS:=15}"
fi
export FUZZ_API_EXAMPLES

home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export SSRMONITOR_HOME="$home" SSRMONITOR_API_RATE_USER=off SSRMONITOR_API_RATE_ANON=off
started=$SECONDS
status=0

echo "== demo data in $home"
"$BIN/ssrmonitor" demo --no-serve >"$home/demo.log" 2>&1 || { cat "$home/demo.log"; exit 1; }
tokens=""
for role in admin administrator editor reviewer viewer vetting-officer child-protection; do
    token="$("$BIN/ssrmonitor" create_api_token "demo-$role" --name fuzz --scope read_write \
        --days 1 2>/dev/null)"
    tokens+=" $role=$token"
done
export FUZZ_TOKENS="$tokens"

echo "== schemathesis: $FUZZ_API_EXAMPLES examples per operation and role"
api_log="$home/api.log"
"$PYTHON" fuzz/api/run.py 2>&1 | tee "$api_log" || status=1
api_summary="$(grep '^schemathesis:' "$api_log" || echo 'schemathesis: did not finish')"

mkdir -p fuzz/crashes
atheris_total=0
atheris_failed=0
for harness in fuzz/fuzz_*.py; do
    name="$(basename "$harness" .py)"
    corpus="$home/corpus-$name"
    cp -r "fuzz/corpus/${name#fuzz_}" "$corpus"
    echo "== atheris: $name, ${FUZZ_SECONDS}s"
    log="$home/$name.log"
    if ! "$PYTHON" "$harness" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="fuzz/crashes/$name-" "$corpus" >"$log" 2>&1; then
        tail -40 "$log"
        atheris_failed=$((atheris_failed + 1))
        status=1
    fi
    runs="$(grep -oE '^Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' || echo 0)"
    echo "   $runs runs"
    atheris_total=$((atheris_total + runs))
done

echo "$api_summary"
echo "atheris: $atheris_total runs, $atheris_failed harnesses failed"
echo "fuzz: $([[ $status == 0 ]] && echo passed || echo FAILED) in $((SECONDS - started))s"
exit "$status"
