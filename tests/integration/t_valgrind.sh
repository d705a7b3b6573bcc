#!/bin/bash
# The agent under valgrind memcheck through a scenario (walks, a state
# change, a reload, an outage and recovery, SIGTERM): no invalid access,
# no definite leak (measured: 0 bytes definitely lost, 0 errors, no
# suppression needed).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$(dirname "$0")/../lib_sim.sh"
need valgrind snmpbulkwalk make
# valgrind cannot run an ASan binary: always the plain build
make -s -C "$ROOT" build/dhcpfo-agentx > "$T/make.log" 2>&1 || fail "plain build: $(cat "$T/make.log")"
AGENT_BIN="$ROOT/build/dhcpfo-agentx"
start_snmpd
mkdir -p "$T/state"
sim_data "$T/s.data" "a:normal b:normal c:partnerDown"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; unreachable-after = 1; };
servers = ( { name = "s"; page-size = 2; fresh-for = 0; sim = { data-file = "$T/s.data"; }; },
            { name = "t"; sim = { generate = { count = 40; }; }; } );
EOC
} > "$T/conf"
valgrind --leak-check=full --errors-for-leak-kinds=definite --log-file="$T/valgrind.txt" \
	"$AGENT_BIN" -f -c "$T/conf" -x "$AGENTX_SOCK" >> "$T/agent.log" 2>&1 &
AGENT_PID=$!
PIDS+=("$AGENT_PID")
wait_for 60 agent_registered || fail "agent under valgrind did not register"
wait_value 30 "$DFO_OID.1.1.3.0" 43 || fail "rows under valgrind"
bulkwalk "$DFO_OID" -Cr20 > /dev/null
walk "$REL_OID.2" > /dev/null
sim_data "$T/s.data" "a:communicationInterrupted b:normal c:partnerDown"
wait_value 20 "$REL_OID.5.1.1" 5 || fail "state change under valgrind"
kill -HUP "$AGENT_PID"
sim_data "$T/s.data" "a:normal b:normal" "fail-calls = -1;"
wait_value 20 "$SRV_OID.5.1" 2 || fail "outage under valgrind"
sim_data "$T/s.data" "a:normal b:normal"
wait_value 20 "$SRV_OID.5.1" 1 || fail "recovery under valgrind"
walk "$DFO_OID" > /dev/null
kill "$AGENT_PID"
for _ in $(seq 1 300); do kill -0 "$AGENT_PID" 2>/dev/null || break; sleep 0.1; done
wait "$AGENT_PID" 2>/dev/null || true
grep -q "ERROR SUMMARY: 0 errors" "$T/valgrind.txt" || fail "valgrind: $(grep -B30 "ERROR SUMMARY" "$T/valgrind.txt" | head -60)"
grep -q "definitely lost: 0 bytes" "$T/valgrind.txt" || grep -q "no leaks are possible" "$T/valgrind.txt" ||
	fail "valgrind leak summary: $(grep -A6 "LEAK SUMMARY" "$T/valgrind.txt")"
ok "memcheck: no invalid access, no definite leak over walks, a state change, a reload, an outage"
