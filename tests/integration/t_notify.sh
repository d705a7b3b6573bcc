#!/bin/bash
# Notifications at a real snmptrapd through a real snmpd: state changes
# with their varbinds, unreachable / reachable, added / removed, nothing on
# the first poll, and indexes that hold when a middle row is deleted.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$(dirname "$0")/../lib_sim.sh"
need snmptrapd snmpget
start_trapd
start_snmpd
mkdir -p "$T/state"
D="$T/sim.data"
sim_data "$D" "r1:normal r2:normal r3:normal"
sim_data "$T/flap.data" "f1:normal"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; unreachable-after = 2; };
servers = ( { name = "s1"; sim = { data-file = "$D"; }; },
  { name = "flappy"; hold-down = 60; sim = { data-file = "$T/flap.data"; }; } );
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 10 "$DFO_OID.1.1.3.0" 4 || fail "4 rows expected"
sleep 2
N=.1.3.6.1.4.1.32473.46.0
traps() { grep -c "OID: $N.$1\b" "$T/traps.log" || true; }
wait_traps() { # kind count seconds
	for _ in $(seq 1 $(($3 * 10))); do [ "$(traps "$1")" -ge "$2" ] && return 0; sleep 0.1; done
	fail "expected $2 notifications $N.$1, got $(traps "$1"): $(tail -5 "$T/traps.log")"
}
assert_eq 0 "$(grep -c "$N\." "$T/traps.log" || true)" "notifications after the first poll"
ok "no notification for the first poll"

sim_data "$D" "r1:communicationInterrupted r2:normal r3:normal"
wait_traps 1 1 10
sim_data "$D" "r1:partnerDown r2:normal r3:normal"
wait_traps 1 2 10
sleep 2
assert_eq 2 "$(traps 1)" "state-change notifications"
last=$(grep "OID: $N.1\b" "$T/traps.log" | tail -1)
for vb in "$SRV_OID.2.1 = STRING: \"s1\"" "$REL_OID.2.1.1 = STRING: \"r1\"" \
	"$REL_OID.5.1.1 = INTEGER: 6" "$REL_OID.6.1.1 = INTEGER: 5" \
	"$REL_OID.7.1.1 = STRING: \"partnerDown\""; do
	grep -qF "$vb" <<<"$last" || fail "varbind [$vb] missing in: $last"
done
assert_eq 6 "$(get "$REL_OID.5.1.1")" "state now"
assert_eq 5 "$(get "$REL_OID.6.1.1")" "previous state (seen by the agent)"
assert_eq 2 "$(get "$REL_OID.22.1.1")" "state changes counter"
assert_eq 0 "$(get "$REL_OID.22.1.2")" "unchanged row's counter"
ok "normal -> communicationInterrupted -> partnerDown: exactly 2 notifications, right varbinds"

sim_data "$D" "r1:partnerDown r2:normal r3:normal" "fail-calls = -1; fail-error = 1722;"
wait_traps 2 1 15
age1=$(get "$REL_OID.23.1.2")
sleep 2
age2=$(get "$REL_OID.23.1.2")
[ "$age2" -gt "$age1" ] || fail "data age does not grow while unreachable: $age1 -> $age2"
assert_eq 2 "$(get "$SRV_OID.5.1")" "reachable = false"
assert_eq 1722 "$(get "$SRV_OID.8.1")" "last error code"
assert_eq 3 "$(get "$SRV_OID.13.1")" "rows kept while unreachable"
unreach=$(grep "OID: $N.2\b" "$T/traps.log")
grep -qF '= Gauge32: 1722' <<<"$unreach" || grep -qF '1722' <<<"$unreach" || fail "error code not in: $unreach"
sim_data "$D" "r1:partnerDown r2:normal r3:normal"
wait_traps 3 1 15
sleep 1
assert_eq 1 "$(traps 2)" "unreachable notifications"
assert_eq 1 "$(traps 3)" "reachable notifications"
assert_eq 1 "$(get "$SRV_OID.5.1")" "reachable again"
assert_eq 2 "$(traps 1)" "no state change from the outage"
ok "unreachable after 2 failed polls, rows kept with growing age, one reachable on recovery"

sim_data "$D" "r1:partnerDown r3:normal r4:normal"
wait_traps 5 1 10
wait_traps 4 1 10
assert_eq '"r3"' "$(get "$REL_OID.2.1.3")" "r3 keeps index 3"
assert_eq '"r4"' "$(get "$REL_OID.2.1.4")" "new row gets index 4"
OIDS=("$REL_OID.2.1.2"); out=$(snmp snmpget -On 2>&1 || true)
grep -q "No Such Instance" <<<"$out" || fail "deleted row still there: $out"
grep "OID: $N.5\b" "$T/traps.log" | grep -qF "$REL_OID.2.1.2 = STRING: \"r2\"" || fail "removed notification"
ok "deleting a middle row keeps the others' indexes; added/removed notified"
flaps=0
for st in communicationInterrupted normal communicationInterrupted normal; do
	sim_data "$T/flap.data" "f1:$st"
	code=$([ $st = normal ] && echo 4 || echo 5)
	wait_value 10 "$REL_OID.5.2.1" "$code" || fail "flap to $st not seen"
	flaps=$((flaps + 1))
done
assert_eq 1 "$(grep "OID: $N.1\b" "$T/traps.log" | grep -c '"f1"')" "notifications for 4 flaps in the hold-down"
assert_eq 3 "$(get "$REL_OID.24.2.1")" "suppressed changes"
assert_eq 4 "$(get "$REL_OID.22.2.1")" "state changes"
ok "a flapping relationship: 1 notification, 3 suppressed (dhcpfoRelSuppressedChanges)"
kill -0 "$SNMPD_PID" || fail "snmpd died"
