#!/bin/bash
# The agent under valgrind memcheck through a scenario that touches every
# backend and the AgentX life cycle: sim walks (walk-driven, held
# requests), a state change, a SIGHUP reload, a sim outage and recovery,
# a Kea control agent answering 401, a mistyped reply and a cut-off one
# (libcurl, json-c), a keyed OMAPI session (signing, verification, STATUS
# answers), the master killed and restarted with a notification queued
# meanwhile, then SIGTERM. Required: 0 errors, 0 bytes definitely lost
# (measured so, with no suppression).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$(dirname "$0")/../lib_sim.sh"
need snmpbulkwalk make /usr/bin/python3
need valgrind
# valgrind cannot run an ASan binary: always the plain build
make -s -C "$ROOT" build/dhcpfo-agentx > "$T/make.log" 2>&1 || fail "plain build: $(cat "$T/make.log")"
AGENT_BIN="$ROOT/build/dhcpfo-agentx"
FAKE=$(free_port)
/usr/bin/python3 "$ROOT/tests/integration/kea/fake_ca.py" "$FAKE" &
PIDS+=($!)
OMAPI=$(free_port)
/usr/bin/python3 "$ROOT/tests/integration/dhcpd/omapi_accept.py" "$OMAPI" &
PIDS+=($!)
head -c 16 /dev/urandom | base64 > "$T/omapi.key"
printf 'admin:secret\n' > "$T/kea.cred"
chmod 600 "$T/omapi.key" "$T/kea.cred"
start_trapd
start_snmpd
mkdir -p "$T/state"
sim_data "$T/s.data" "a:normal b:normal c:partnerDown"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; unreachable-after = 1; timeout = 3; };
servers = ( { name = "s"; page-size = 2; fresh-for = 0; sim = { data-file = "$T/s.data"; }; },
            { name = "t"; sim = { generate = { count = 40; }; }; },
            { name = "k401"; type = "kea"; kea = { url = "http://127.0.0.1:$FAKE/auth"; credentials-file = "$T/kea.cred"; }; },
            { name = "ktypes"; type = "kea"; kea = { url = "http://127.0.0.1:$FAKE/types"; }; },
            { name = "kcut"; type = "kea"; kea = { url = "http://127.0.0.1:$FAKE/close"; }; },
            { name = "omapi"; type = "dhcpd"; dhcpd = { host = "127.0.0.1"; port = $OMAPI;
                key-name = "k"; key-file = "$T/omapi.key"; peers = [ "fo1", "fo2" ]; }; } );
EOC
} > "$T/conf"
valgrind --leak-check=full --errors-for-leak-kinds=definite --log-file="$T/valgrind.txt" \
	"$AGENT_BIN" -f -c "$T/conf" -x "$AGENTX_SOCK" >> "$T/agent.log" 2>&1 &
AGENT_PID=$!
PIDS+=("$AGENT_PID")
wait_for 60 agent_registered || fail "agent under valgrind did not register"
wait_value 30 "$DFO_OID.1.1.3.0" 45 || fail "rows under valgrind: $(get "$DFO_OID.1.1.3.0")"
for i in 3 4 5; do wait_value 20 "$SRV_OID.5.$i" 2 || fail "kea server $i not failing under valgrind"; done
wait_value 20 "$REL_OID.2.6.2" '"fo2"' || fail "OMAPI rows under valgrind"
bulkwalk "$DFO_OID" -Cr20 > /dev/null
walk "$REL_OID.2" > /dev/null
sim_data "$T/s.data" "a:communicationInterrupted b:normal c:partnerDown"
wait_value 20 "$REL_OID.5.1.1" 5 || fail "state change under valgrind"
kill -HUP "$AGENT_PID"
sim_data "$T/s.data" "a:normal b:normal" "fail-calls = -1;"
wait_value 20 "$SRV_OID.5.1" 2 || fail "outage under valgrind"
sim_data "$T/s.data" "a:normal b:normal"
wait_value 20 "$SRV_OID.5.1" 1 || fail "recovery under valgrind"
# the master goes away; a change is queued and sent once it is back
stop_snmpd
sim_data "$T/s.data" "a:partnerDown b:normal"
sleep 3
start_snmpd
wait_for 30 agent_registered || fail "no reconnect under valgrind"
wait_value 20 "$REL_OID.5.1.1" 6 || fail "state after reconnect"
queued() { grep -q "32473.46.1.3.1.5.1.1 = INTEGER: 6" "$T/traps.log"; }
wait_for 15 queued || fail "the notification queued while the master was away was not sent"
walk "$DFO_OID" > /dev/null
kill "$AGENT_PID"
for _ in $(seq 1 300); do kill -0 "$AGENT_PID" 2>/dev/null || break; sleep 0.1; done
wait "$AGENT_PID" 2>/dev/null || true
grep -q "ERROR SUMMARY: 0 errors" "$T/valgrind.txt" || fail "valgrind: $(grep -B30 "ERROR SUMMARY" "$T/valgrind.txt" | head -60)"
grep -q "definitely lost: 0 bytes" "$T/valgrind.txt" || grep -q "no leaks are possible" "$T/valgrind.txt" ||
	fail "valgrind leak summary: $(grep -A6 "LEAK SUMMARY" "$T/valgrind.txt")"
echo "valgrind: $(grep -E "ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|still reachable" "$T/valgrind.txt" | sed 's/^==[0-9]*== *//' | tr '\n' ';')"
ok "memcheck: no invalid access, no definite leak over sim, Kea and OMAPI backends, walks, a reload, an outage, a master restart"
