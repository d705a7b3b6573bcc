#!/bin/bash
# A short libFuzzer run (FUZZ_SHORT_SECONDS, 15 s each) of every parser of
# untrusted input under ASan and UBSan: the config loader, the index map,
# the Kea JSON mapping, the OMAPI codec, the dhcpd.conf parser and the
# pager fed by a scripted backend (tests/fuzz/fuzz_*.c; a harness added
# there is picked up). First every saved crash input (tests/fuzz/regress/)
# and seed is replayed. Any crash, leak, timeout or sanitizer report fails
# it; so does a harness that ran fewer than 1000 inputs.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need make clang
secs=${FUZZ_SHORT_SECONDS:-15}
harnesses=$(for f in "$ROOT"/tests/fuzz/fuzz_*.c; do basename "$f" .c; done)
t0=$(date +%s)
make -s -C "$ROOT" fuzz-short FUZZ_SHORT_SECONDS="$secs" > "$T/fuzz.log" 2>&1 ||
	fail "fuzzing found a problem: $(tail -60 "$T/fuzz.log")"
total=0
for h in $harnesses; do
	grep -q "^$h: .* saved inputs replayed, no finding" "$T/fuzz.log" || fail "$h: saved inputs not replayed: $(cat "$T/fuzz.log")"
	units=$(sed -n "s/^$h: \([0-9]*\) inputs in .*no finding\$/\1/p" "$T/fuzz.log")
	[ "${units:-0}" -gt 1000 ] || fail "$h ran only ${units:-0} inputs: $(cat "$T/fuzz.log")"
	total=$((total + units))
	ok "$(grep "^$h: [0-9]* inputs" "$T/fuzz.log")"
done
ok "$(wc -w <<< "$harnesses") harnesses, $total inputs in $(( $(date +%s) - t0 )) s (build included), no finding"
