#!/bin/bash
# A real ISC dhcpd 4.4 failover pair (two relationships, fo1 and fo2) in a
# private network namespace, watched through the dhcpd backend (OMAPI with
# HMAC-MD5), a real snmpd and snmptrapd:
#  - both servers' rows reach normal, with role, MCLT, split, addresses;
#  - SIGTERM to the secondary: the primary's fo1 and fo2 go to
#    communications-interrupted, fo1 (auto-partner-down 5) then to
#    partner-down, each change with a notification at snmptrapd;
#  - restarting the secondary brings both relationships back to normal.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/integration/dhcpd/pair.sh
. "$(dirname "$0")/dhcpd/pair.sh"
dhcpd_enter_netns "$@"

dhcpd_setup 5
start_dhcpd a
start_dhcpd b
start_trapd
start_snmpd ""
mkdir -p "$T/state"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; timeout = 5; unreachable-after = 2; };
servers = (
  { name = "dhcp-a"; type = "dhcpd";
    dhcpd = { host = "127.0.0.1"; port = $OMAPI_A; key-name = "omapi_key";
              key-file = "$T/dhcpd/omapi.key"; dhcpd-conf = "$T/dhcpd/primary.conf"; }; },
  { name = "dhcp-b"; type = "dhcpd";
    dhcpd = { host = "127.0.0.1"; port = $OMAPI_B; key-name = "omapi_key";
              key-file = "$T/dhcpd/omapi.key"; peers = [ "fo1", "fo2" ];
              dhcpd-conf = "$T/dhcpd/secondary.conf"; }; }
);
EOC
} > "$T/agent.conf"
start_agent "$T/agent.conf"

for _ in $(seq 1 200); do
	A1=$(rel_index 1 fo1); A2=$(rel_index 1 fo2); B1=$(rel_index 2 fo1); B2=$(rel_index 2 fo2)
	[ -n "$A1" ] && [ -n "$A2" ] && [ -n "$B1" ] && [ -n "$B2" ] && break
	sleep 0.1
done
[ -n "$B2" ] || fail "relationship rows missing: $(walk "$REL_OID.2" 2>&1 | head) $(tail -5 "$T/agent.log")"
for r in "1.$A1" "1.$A2" "2.$B1" "2.$B2"; do
	wait_value 60 "$REL_OID.5.$r" 4 ||
		fail "row $r not normal: state $(get "$REL_OID.5.$r") $(get "$REL_OID.7.$r") $(get "$REL_OID.29.$r")"
done
ok "both servers' fo1 and fo2 rows reach normal"

assert_eq 1 "$(get "$SRV_OID.5.1")" "dhcp-a reachable"
assert_eq 0 "$(get "$SRV_OID.8.1")" "dhcp-a last error code"
assert_eq '"normal"' "$(get "$REL_OID.7.1.$A1")" "raw state"
assert_eq 2 "$(get "$REL_OID.28.1.$A1")" "raw state code (dhcpd normal = 2)"
assert_eq 4 "$(get "$REL_OID.8.1.$A1")" "partner state normal"
assert_eq 1 "$(get "$REL_OID.4.1.$A1")" "dhcp-a is primary of fo1"
assert_eq 2 "$(get "$REL_OID.4.2.$B1")" "dhcp-b is secondary of fo1"
assert_eq 30 "$(get "$REL_OID.16.1.$A1")" "fo1 mclt"
assert_eq 30 "$(get "$REL_OID.16.2.$B1")" "fo1 mclt as the secondary learnt it"
assert_eq 40 "$(get "$REL_OID.16.1.$A2")" "fo2 mclt"
assert_eq 50 "$(get "$REL_OID.18.1.$A1")" "fo1 split 128 = 50 %"
assert_eq 50 "$(get "$REL_OID.18.2.$B1")" "fo1 percentage on the secondary (hba from the primary)"
assert_eq 100 "$(get "$REL_OID.18.1.$A2")" "fo2 split 255 = 99.6 % -> 100"
walk "$REL_OID" > "$T/walk1.txt"
grep -q "127.0.0.2:$FO1_B" "$T/walk1.txt" || fail "secondary name/port of fo1 not published: $(grep 127.0.0 "$T/walk1.txt")"
ok "role, raw state, partner state, mclt, percentage, addresses"

: > "$T/traps.before"
cp "$T/traps.log" "$T/traps.before"
N=.1.3.6.1.4.1.32473.46.0.1
stop_dhcpd b
wait_value 20 "$REL_OID.5.1.$A2" 5 ||
	fail "fo2 on the primary not communicationInterrupted: $(get "$REL_OID.7.1.$A2")"
ok "secondary stopped: primary's fo2 communications-interrupted"
wait_value 30 "$REL_OID.5.1.$A1" 6 ||
	fail "fo1 on the primary not partnerDown: $(get "$REL_OID.7.1.$A1")"
assert_eq '"partner-down"' "$(get "$REL_OID.7.1.$A1")" "fo1 raw state"
assert_eq 4 "$(get "$REL_OID.28.1.$A1")" "fo1 raw state code"
ok "auto-partner-down 5: primary's fo1 partner-down"
assert_eq 2 "$(get "$SRV_OID.5.2")" "dhcp-b unreachable"
assert_eq 1225 "$(get "$SRV_OID.8.2")" "dhcp-b last error code (connection refused)"
ok "stopped secondary: server row unreachable, error 1225"

trapped() { # rel state: a state-change notification for row 1.rel with state
	grep "OID: $N\b" "$T/traps.log" | grep -F "$REL_OID.5.1.$1 = INTEGER: $2" | grep -q .
}
wait_for 10 trapped "$A2" 5 || fail "no notification fo2 -> communicationInterrupted: $(tail -5 "$T/traps.log")"
wait_for 10 trapped "$A1" 6 || fail "no notification fo1 -> partnerDown: $(tail -5 "$T/traps.log")"
if ! grep "OID: $N\b" "$T/traps.log" | grep -F "$REL_OID.5.1.$A1 = INTEGER: 5" | grep -q .; then
	# fo1 spends auto-partner-down (5 s) in communications-interrupted
	# with a 1 s poll: the agent must have seen it.
	fail "no notification fo1 -> communicationInterrupted"
fi
ok "notifications: fo1 normal->communicationInterrupted->partnerDown, fo2 ->communicationInterrupted"

start_dhcpd b
for r in "1.$A1" "1.$A2" "2.$B1" "2.$B2"; do
	wait_value 60 "$REL_OID.5.$r" 4 ||
		fail "row $r not back to normal: $(get "$REL_OID.7.$r") $(get "$REL_OID.29.$r")"
done
assert_eq 1 "$(get "$SRV_OID.5.2")" "dhcp-b reachable again"
wait_for 10 trapped "$A1" 4 || fail "no notification fo1 -> normal"
ok "secondary restarted: all four rows back to normal, notified"
kill -0 "$AGENT_PID" || fail "agent died"
