#!/bin/bash
# A real Kea 2.2 HA pair (load-balancing) through a real snmpd: both
# relationship rows via the control agent and the control socket; a peer
# killed -> partner-down with a notification, back to normal on restart;
# the control agent stopped -> unreachable, rows kept, other rows served;
# a fake endpoint with garbage -> clean errors within the timeout.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/integration/kea/pair.sh
. "$(dirname "$0")/kea/pair.sh"
need snmptrapd snmpget /usr/bin/python3
kea_pair load-balancing
FAKE=$(free_port)
/usr/bin/python3 "$ROOT/tests/integration/kea/fake_ca.py" "$FAKE" &
PIDS+=($!)
start_trapd
start_snmpd
mkdir -p "$T/state"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; unreachable-after = 2; timeout = 2; };
servers = (
  { name = "kea1"; type = "kea"; kea = { url = "http://127.0.0.1:$KEA_CA1/"; }; },
  { name = "kea2"; type = "kea"; kea = { socket = "$T/kea2.sock"; }; },
  { name = "nonjson"; type = "kea"; kea = { url = "http://127.0.0.1:$FAKE/nonjson"; }; },
  { name = "types"; type = "kea"; kea = { url = "http://127.0.0.1:$FAKE/types"; }; },
  { name = "huge"; type = "kea"; kea = { url = "http://127.0.0.1:$FAKE/huge"; }; },
  { name = "hang"; type = "kea"; kea = { url = "http://127.0.0.1:$FAKE/hang"; }; },
  { name = "auth"; type = "kea"; kea = { url = "http://127.0.0.1:$FAKE/auth"; }; }
);
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 20 "$REL_OID.7.1.1" '"load-balancing"' || fail "kea1 row: $(walk "$REL_OID.7" 2>&1)"
wait_value 20 "$REL_OID.7.2.1" '"load-balancing"' || fail "kea2 row"
wait_value 10 "$REL_OID.8.1.1" 4 || fail "kea1 partner state"
for s in 1 2; do
	assert_eq '"server1/server2"' "$(get "$REL_OID.2.$s.1")" "name of server $s's relationship"
	assert_eq 1 "$(get "$REL_OID.3.$s.1")" "mode loadBalance"
	assert_eq 4 "$(get "$REL_OID.5.$s.1")" "state normal"
	assert_eq 2 "$(get "$SRV_OID.3.$s")" "backend type kea"
done
assert_eq 1 "$(get "$REL_OID.4.1.1")" "server1 is primary"
assert_eq 2 "$(get "$REL_OID.4.2.1")" "server2 is secondary"
assert_eq 2 "$(get "$REL_OID.26.1.1")" "communication not interrupted"
ok "load-balancing pair: both rows, via the control agent and the control socket"

# garbage, within the 2 s timeout
wait_value 15 "$SRV_OID.8.3" 13 || fail "non-JSON: $(get "$SRV_OID.9.3")"
get "$SRV_OID.9.3" | grep -q "not JSON" || fail "non-JSON text: $(get "$SRV_OID.9.3")"
wait_value 10 "$SRV_OID.8.4" 13 || fail "wrong types: $(get "$SRV_OID.9.4")"
get "$SRV_OID.9.4" | grep -q "ha-mode" || fail "wrong types text: $(get "$SRV_OID.9.4")"
wait_value 10 "$SRV_OID.8.5" 13 || fail "10 MB body: $(get "$SRV_OID.9.5")"
get "$SRV_OID.9.5" | grep -q "larger than" || fail "10 MB text: $(get "$SRV_OID.9.5")"
wait_value 10 "$SRV_OID.8.6" 1460 || fail "hung connection: $(get "$SRV_OID.8.6") $(get "$SRV_OID.9.6")"
wait_value 10 "$SRV_OID.8.7" 5 || fail "HTTP 401: $(get "$SRV_OID.9.7")"
ok "garbage endpoints: not JSON, wrong types, 10 MB, hung, 401 -> 13, 13, 13, 1460, 5"

# server2 goes away: server1 takes over as partner-down, with a notification
kea_stop 2
wait_value 30 "$REL_OID.5.1.1" 6 || fail "no partner-down: $(get "$REL_OID.7.1.1")"
assert_eq '"partner-down"' "$(get "$REL_OID.7.1.1")" "raw state"
for _ in $(seq 1 50); do grep "OID: .1.3.6.1.4.1.32473.46.0.1\b" "$T/traps.log" | grep -q "$REL_OID.5.1.1 = INTEGER: 6" && break; sleep 0.1; done
grep "OID: .1.3.6.1.4.1.32473.46.0.1\b" "$T/traps.log" | grep -q "$REL_OID.5.1.1 = INTEGER: 6" ||
	fail "no partner-down notification: $(tail -3 "$T/traps.log")"
wait_value 10 "$SRV_OID.5.2" 2 || fail "kea2 not unreachable"
assert_eq '"server1/server2"' "$(get "$REL_OID.2.2.1")" "kea2's row kept"
ok "peer killed: partner-down with a notification; the dead peer's row stays"
kea_start 2
wait_value 20 "$SRV_OID.5.2" 1 || fail "kea2 not reachable again"
wait_value 60 "$REL_OID.5.1.1" 4 || fail "not back to normal: $(get "$REL_OID.7.1.1")"
wait_value 20 "$REL_OID.7.2.1" '"load-balancing"' || fail "kea2 not back: $(get "$REL_OID.7.2.1")"
ok "peer restarted: both back to normal"

# the control agent stops: unreachable, rows kept with growing age,
# other servers still answered at once (the peers' heartbeats go through
# the control agents too, so server2 will see its partner go away)
kea_ca_stop 1
wait_value 10 "$SRV_OID.5.1" 2 || fail "kea1 not unreachable"
assert_eq 1225 "$(get "$SRV_OID.8.1")" "connection refused"
get "$SRV_OID.9.1" | grep -q "127.0.0.1:$KEA_CA1" || fail "error text: $(get "$SRV_OID.9.1")"
a1=$(get "$REL_OID.23.1.1"); sleep 2; a2=$(get "$REL_OID.23.1.1")
[ "$a2" -gt "$a1" ] || fail "data age not growing: $a1 -> $a2"
t0=$(date +%s%N)
assert_eq '"server1/server2"' "$(get "$REL_OID.2.2.1")" "kea2 still served"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -lt 500 ] || fail "a GET took $ms ms while a backend is down"
ok "control agent stopped: unreachable (1225), rows kept, age growing, others served in $ms ms"
kill -0 "$AGENT_PID" || fail "agent died"
