#!/bin/bash
# The demo config through a real snmpd: every row and column as the sim
# config declares it; GETNEXT, GETBULK (-Cr1, -Cr50), GET and GETNEXT agree.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need snmpwalk snmpbulkwalk snmpget snmpgetnext snmptable
start_snmpd
sed -e "s|/var/lib/dhcpfo|$T/state|" -e 's/poll-interval = [0-9]*/poll-interval = 300/' \
	"$ROOT/conf/dhcpfo.conf" > "$T/dhcpfo.conf"
mkdir -p "$T/state"
start_agent "$T/dhcpfo.conf"
wait_value 10 "$DFO_OID.1.1.3.0" 5 || fail "5 relationships expected, got $(get "$DFO_OID.1.1.3.0")"
ok "5 relationships"

# rows as declared: serverIndex.relIndex name mode role state prev mclt pct scopes
expect=(
	"1.1 hq-lan 1 1 4 5 3600 50 2"
	"1.2 hq-voice 2 1 5 4 3600 5 1"
	"1.3 hq-guest 1 1 6 5 1800 50 1"
	"2.1 branch-lan 1 2 4 10 3600 50 1"
	"2.2 branch-iot 2 2 11 10 3600 5 3"
)
for row in "${expect[@]}"; do
	read -r idx name mode role state prev mclt pct nsc <<<"$row"
	got=$(get "$REL_OID.2.$idx" "$REL_OID.3.$idx" "$REL_OID.4.$idx" "$REL_OID.5.$idx" \
		"$REL_OID.6.$idx" "$REL_OID.16.$idx" "$REL_OID.18.$idx" "$REL_OID.19.$idx" | tr '\n' ' ')
	assert_eq "\"$name\" $mode $role $state $prev $mclt $pct $nsc " "$got" "row $idx"
done
ok "every row's columns match the config"
assert_eq '"dhcp-hq.example.net"' "$(get "$REL_OID.12.1.1")" "primary name"
assert_eq '"C0 00 02 0D "' "$(get "$REL_OID.14.1.3" | tr -d '\n')" "secondary address"
assert_eq '1' "$(get "$REL_OID.10.1.3")" "address type ipv4"
assert_eq '"branch-iot"' "$(get "$DFO_OID.1.4.1.2.2.2.10.21.4.0")" "scope row"
assert_eq '"dhcp-branch"' "$(get "$SRV_OID.2.2")" "server name"
assert_eq '1' "$(get "$SRV_OID.5.1")" "reachable"
OIDS=("$REL_OID.8.1.1"); out=$(snmp snmpget -On 2>&1 || true)
grep -q "No Such Instance" <<<"$out" || fail "absent partner state must be noSuchInstance: $out"
ok "GET of single columns, scopes, absent instances"

OIDS=("$REL_OID"); first=$(snmp snmpgetnext -On -Oq)
assert_eq "$REL_OID.2.1.1 \"hq-lan\"" "$first" "getnext of the table"
ok "GETNEXT into the table"

# walks agree, minus the columns that tick with the clock
strip() { grep -vE "^$SRV_OID\.(6|7)\.|^$REL_OID\.23\." ; }
walk "$DFO_OID" | strip > "$T/walk"
bulkwalk "$DFO_OID" -Cr1 | strip > "$T/bulk1"
bulkwalk "$DFO_OID" -Cr50 | strip > "$T/bulk50"
n=$(wc -l < "$T/walk")
[ "$n" -gt 150 ] || fail "walk too short: $n lines"
diff "$T/walk" "$T/bulk1" >/dev/null || fail "bulkwalk -Cr1 differs: $(diff "$T/walk" "$T/bulk1" | head)"
diff "$T/walk" "$T/bulk50" >/dev/null || fail "bulkwalk -Cr50 differs: $(diff "$T/walk" "$T/bulk50" | head)"
ok "snmpwalk, snmpbulkwalk -Cr1 and -Cr50 agree ($n varbinds)"

# snmptable with the MIB loaded: names resolve, one line per relationship
MIBS=DHCPFO-MIB snmptable -v2c -c public -M "$ROOT/mibs" -Cf , "127.0.0.1:$SNMP_PORT" \
	DHCPFO-MIB::dhcpfoRelTable > "$T/table" 2>"$T/table.err" || fail "snmptable: $(cat "$T/table.err")"
grep -q '^hq-guest,loadBalance,primary,partnerDown,' "$T/table" || fail "snmptable: $(head -5 "$T/table")"
assert_eq 5 "$(grep -c ',primary,\|,secondary,' "$T/table")" "snmptable rows"
ok "snmptable with DHCPFO-MIB"
kill -0 "$SNMPD_PID" || fail "snmpd died"
stop_agent
ok "agent exits on SIGTERM"
