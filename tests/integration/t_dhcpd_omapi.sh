#!/bin/bash
# The dhcpd backend's OMAPI client against a real dhcpd failover pair and
# against a second implementation (python3-pypureomapi):
#  - the independent client reads the same local state, partner state,
#    role and MCLT as the backend publishes, for every relationship;
#  - a name dhcpd does not know is a row with an error, not a failed poll;
#  - a wrong OMAPI key: the server row is unreachable with error 5 and a
#    text saying the key was rejected; the agent keeps running;
#  - nothing listening on the OMAPI port: error 1225.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/integration/dhcpd/pair.sh
. "$(dirname "$0")/dhcpd/pair.sh"
dhcpd_enter_netns "$@"

dhcpd_setup 5
start_dhcpd a
start_dhcpd b
start_snmpd ""
mkdir -p "$T/state"
CLOSED=$(free_port)
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; timeout = 3; unreachable-after = 1; };
servers = (
  { name = "dhcp-a"; type = "dhcpd";
    dhcpd = { host = "127.0.0.1"; port = $OMAPI_A; key-name = "omapi_key";
              key-file = "$T/dhcpd/omapi.key"; dhcpd-conf = "$T/dhcpd/primary.conf"; }; },
  { name = "dhcp-b"; type = "dhcpd";
    dhcpd = { host = "127.0.0.1"; port = $OMAPI_B; key-name = "omapi_key";
              key-file = "$T/dhcpd/omapi.key"; peers = [ "fo2", "no-such-peer", "fo1" ]; }; },
  { name = "dhcp-a-badkey"; type = "dhcpd";
    dhcpd = { host = "127.0.0.1"; port = $OMAPI_A; key-name = "omapi_key";
              key-file = "$T/dhcpd/wrong.key"; peers = [ "fo1" ]; }; },
  { name = "nowhere"; type = "dhcpd";
    dhcpd = { host = "127.0.0.1"; port = $CLOSED; key-name = "omapi_key";
              key-file = "$T/dhcpd/omapi.key"; peers = [ "fo1" ]; }; }
);
EOC
} > "$T/agent.conf"
start_agent "$T/agent.conf"

for _ in $(seq 1 200); do
	A1=$(rel_index 1 fo1); A2=$(rel_index 1 fo2); B1=$(rel_index 2 fo1)
	B2=$(rel_index 2 fo2); BX=$(rel_index 2 no-such-peer)
	[ -n "$A1" ] && [ -n "$A2" ] && [ -n "$B1" ] && [ -n "$B2" ] && [ -n "$BX" ] && break
	sleep 0.1
done
[ -n "$BX" ] || fail "rows missing: $(walk "$REL_OID.2" 2>&1 | head) $(tail -5 "$T/agent.log")"
for r in "1.$A1" "1.$A2" "2.$B1" "2.$B2"; do
	wait_value 60 "$REL_OID.5.$r" 4 || fail "row $r not normal: $(get "$REL_OID.7.$r")"
done
ok "rows normal on both servers"

# Unknown name: a row with an error, the server still reachable.
assert_eq 1 "$(get "$SRV_OID.5.2")" "dhcp-b reachable despite an unknown peer name"
assert_eq 0 "$(get "$SRV_OID.8.2")" "dhcp-b no server error"
err=$(get "$REL_OID.29.2.$BX")
grep -q 'no failover peer \\*"no-such-peer' <<<"$err" || fail "unknown name error text: $err"
st=$(get "$REL_OID.5.2.$BX")
[ "$st" != 4 ] || fail "unknown peer shows state normal"
ok "unknown peer name: per-row error [$err], poll not failed"

# The same facts through pypureomapi. Wait a poll so both read a settled
# state (all normal), then compare code for code.
sleep 2
state_of() { # dhcpd numeric -> MIB value, as documented
	case $1 in 1) echo 3;; 2) echo 4;; 3) echo 5;; 4) echo 6;; 5) echo 7;; 6) echo 10;;
		7) echo 13;; 8) echo 14;; 9) echo 12;; 10) echo 9;; 11) echo 8;; 254) echo 11;;
		0) echo 0;; *) echo 99;; esac
}
for spec in "1 $A1 $OMAPI_A fo1" "1 $A2 $OMAPI_A fo2" "2 $B1 $OMAPI_B fo1" "2 $B2 $OMAPI_B fo2"; do
	read -r s i port name <<<"$spec"
	py=$(omapi_py "$port" "$T/dhcpd/omapi.key" "$name") || fail "pypureomapi: $py"
	read -r ls ps hier mclt <<<"$py"
	assert_eq "$ls" "$(get "$REL_OID.28.$s.$i")" "$name@$s local-state (pypureomapi vs agent)"
	assert_eq "$(state_of "$ls")" "$(get "$REL_OID.5.$s.$i")" "$name@$s mapped state"
	assert_eq "$(state_of "$ps")" "$(get "$REL_OID.8.$s.$i")" "$name@$s partner-state"
	assert_eq "$((hier + 1))" "$(get "$REL_OID.4.$s.$i")" "$name@$s role (hierarchy 0/1)"
	assert_eq "$mclt" "$(get "$REL_OID.16.$s.$i")" "$name@$s mclt"
	echo "  $name@server$s: pypureomapi local=$ls partner=$ps hierarchy=$hier mclt=$mclt = agent"
done
ok "independent OMAPI client (pypureomapi) reads the same state as the backend"

# Once more in a non-normal state: stop the secondary, wait for the
# primary's fo2 (no auto-partner-down) to settle in communications-interrupted.
stop_dhcpd b
wait_value 20 "$REL_OID.5.1.$A2" 5 || fail "fo2 not communicationInterrupted"
py=$(omapi_py "$OMAPI_A" "$T/dhcpd/omapi.key" fo2) || fail "pypureomapi: $py"
read -r ls ps hier mclt <<<"$py"
assert_eq 3 "$ls" "pypureomapi: fo2 local-state communications-interrupted"
assert_eq "$ls" "$(get "$REL_OID.28.1.$A2")" "fo2 raw state code, pypureomapi vs agent"
assert_eq "$(state_of "$ps")" "$(get "$REL_OID.8.1.$A2")" "fo2 partner-state, pypureomapi vs agent"
assert_eq '"communications-interrupted"' "$(get "$REL_OID.7.1.$A2")" "fo2 raw state text"
ok "same state through pypureomapi in communications-interrupted (local=$ls partner=$ps)"

wait_value 15 "$SRV_OID.8.3" 5 || fail "bad key: error code $(get "$SRV_OID.8.3")"
assert_eq 2 "$(get "$SRV_OID.5.3")" "bad-key server unreachable"
txt=$(get "$SRV_OID.9.3")
grep -q "rejected" <<<"$txt" || fail "bad key text: $txt"
grep -q "$(cut -c1-12 "$T/dhcpd/wrong.key")" <<<"$txt" && fail "key material in the error text"
grep -q "$(cut -c1-12 "$T/dhcpd/wrong.key")" "$T/agent.log" && fail "key material in the log"
ok "wrong key: error 5 [$txt]"

wait_value 15 "$SRV_OID.8.4" 1225 || fail "closed port: error code $(get "$SRV_OID.8.4")"
ok "nothing on the OMAPI port: 1225"

# dhcpd and the agent survived all of it.
kill -0 "$AGENT_PID" || fail "agent died"
kill -0 "$DHCPD_PID_a" || fail "dhcpd a died"
assert_eq 1 "$(get "$SRV_OID.5.1")" "dhcp-a still served after the bad-key sessions"
ok "no crash: agent and dhcpd alive"
