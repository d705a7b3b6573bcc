#!/bin/bash
# DHCPFO-MIB is clean SMIv2: smilint -l 6 prints nothing (it exits 0 even
# on errors, so its output is what counts), net-snmp's parser takes it,
# the OIDs are the ones the agent serves, and no shared secret appears.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need smilint snmptranslate
for m in DHCPFO-ROOT-MIB DHCPFO-MIB; do
	out=$(SMIPATH="$ROOT/mibs" smilint -l 6 "$ROOT/mibs/$m.txt" 2>&1)
	[ -z "$out" ] || fail "smilint -l 6 $m: $out"
done
ok "smilint -l 6: no output for DHCPFO-ROOT-MIB and DHCPFO-MIB"
xl() { snmptranslate -M "$ROOT/mibs" -m DHCPFO-MIB "$@"; }
assert_eq "$REL_OID.5" "$(xl -On DHCPFO-MIB::dhcpfoRelState)" "dhcpfoRelState"
assert_eq "$SRV_OID.12" "$(xl -On DHCPFO-MIB::dhcpfoServerEnumCalls)" "dhcpfoServerEnumCalls"
assert_eq "$DFO_OID.1.4.1.2" "$(xl -On DHCPFO-MIB::dhcpfoRelScopeRelName)" "dhcpfoRelScopeRelName"
assert_eq "$DFO_OID.0.1" "$(xl -On DHCPFO-MIB::dhcpfoRelStateChange)" "dhcpfoRelStateChange"
err=$(xl -Tp 2>&1 >/dev/null)
[ -z "$err" ] || fail "net-snmp parser: $err"
ok "net-snmp parses it; OIDs match the agent's"
if grep -qi 'shared.\{0,1\}secret' "$ROOT"/mibs/*.txt; then fail "the MIB mentions a shared secret"; fi
# every column the agent serves is defined, with the right number
for c in $(seq 2 29); do
	xl -Os "$REL_OID.$c.1.1" | grep -q '^dhcpfoRel' || fail "rel column $c undefined"
done
for c in $(seq 2 20); do
	xl -Os "$SRV_OID.$c.1" | grep -q '^dhcpfoServer' || fail "server column $c undefined"
done
ok "no shared secret; every served column defined"
