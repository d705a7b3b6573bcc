#!/bin/bash
# tests/run.sh: the whole suite (make check). Runs the Check unit tests,
# then every tests/integration/t_*.sh against real daemons, and ends with
# one line "N passed, N failed". TESTS="t_walk_sim t_cli" selects a subset.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
export BUILD
pass=0
fail=0
failed=()
LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/dhcpfo-check.XXXXXX")

echo "== unit tests ($BUILD/check_unit)"
if "$ROOT/$BUILD/check_unit" >"$LOGDIR/unit.log" 2>&1; then unit_rc=0; else unit_rc=1; fi
cat "$LOGDIR/unit.log"
line=$(grep -E '^[0-9]+%: Checks: ' "$LOGDIR/unit.log" | tail -1)
if [ -n "$line" ]; then
	checks=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
	bad=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1+\2/')
	bad=$((bad))
	pass=$((pass + checks - bad))
	fail=$((fail + bad))
	[ "$bad" -gt 0 ] && failed+=("unit tests")
fi
if [ "$unit_rc" -ne 0 ] && { [ -z "$line" ] || [ "$bad" -eq 0 ]; }; then
	fail=$((fail + 1)); failed+=("unit test runner")
fi

sel=${TESTS:-}
for t in "$ROOT"/tests/integration/t_*.sh; do
	name=$(basename "$t" .sh)
	if [ -n "$sel" ] && ! grep -qw "$name" <<<"$sel"; then continue; fi
	start=$(date +%s)
	if timeout -k 10 600 bash "$t" >"$LOGDIR/$name.log" 2>&1; then
		pass=$((pass + 1))
		echo "PASS $name ($(($(date +%s) - start)) s)"
	else
		fail=$((fail + 1))
		failed+=("$name")
		echo "FAIL $name ($(($(date +%s) - start)) s); last lines:"
		tail -25 "$LOGDIR/$name.log" | sed 's/^/    /'
	fi
done
[ ${#failed[@]} -gt 0 ] && echo "failed: ${failed[*]} (logs in $LOGDIR)"
[ ${#failed[@]} -eq 0 ] && rm -rf "$LOGDIR"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
