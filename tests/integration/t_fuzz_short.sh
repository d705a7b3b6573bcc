#!/bin/bash
# A short libFuzzer run (15 s) of every parser of untrusted input: the
# config loader, the index map, the Kea JSON mapping, the OMAPI codec and
# the dhcpd.conf parser, under ASan and UBSan. Any crash, leak or
# sanitizer report fails it.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need clang make
make -s -C "$ROOT" fuzz-short > "$T/fuzz.log" 2>&1 || fail "fuzzing found a problem: $(tail -30 "$T/fuzz.log")"
n=$(grep -c "^stat::number_of_executed_units" "$T/fuzz.log")
[ "$n" -ge 5 ] || fail "only $n fuzzers ran: $(cat "$T/fuzz.log")"
while read -r name; do
	units=$(grep -A1 "^== $name " "$T/fuzz.log" | sed -n 's/^stat::number_of_executed_units: //p')
	[ "${units:-0}" -gt 1000 ] || fail "$name ran only ${units:-0} inputs"
	ok "$name: $units inputs, no finding"
done < <(sed -n 's/^== \(fuzz_[a-z_]*\) .*/\1/p' "$T/fuzz.log")
