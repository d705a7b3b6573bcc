#!/bin/bash
# The agent under churn while walkers run: the AgentX master killed and
# restarted 20 times, then 100 SIGHUPs. The agent never dies, re-registers
# every time, and the final walk equals the first.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need snmpbulkwalk snmpwalk
start_snmpd
mkdir -p "$T/state"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; };
servers = ( { name = "a"; page-size = 5; sim = { generate = { count = 60; }; }; },
            { name = "b"; sim = { relationships = ( { name = "x"; state = "paused"; } ); }; } );
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 10 "$DFO_OID.1.1.3.0" 61 || fail "61 rows"
stable() { walk "$REL_OID.2"; }
stable > "$T/first"
# background walkers; their failures during a master restart are expected
walker() { while :; do bulkwalk "$REL_OID.2" -Cr20 > /dev/null 2>&1 || true; done; }
walker & PIDS+=($!)
walker & PIDS+=($!)
for i in $(seq 1 20); do
	stop_snmpd
	start_snmpd
	wait_value 15 "$REL_OID.2.2.1" '"x"' || fail "restart $i: the agent did not re-register: $(tail -3 "$T/agent.log")"
	kill -0 "$AGENT_PID" || fail "agent died at master restart $i"
done
ok "20 master restarts during walks: re-registered every time"
for i in $(seq 1 100); do
	kill -HUP "$AGENT_PID"
	sleep 0.05
done
sleep 1
kill -0 "$AGENT_PID" || fail "agent died during the SIGHUP storm"
wait_value 10 "$DFO_OID.1.1.3.0" 61 || fail "rows after the SIGHUP storm"
stable > "$T/last"
diff "$T/first" "$T/last" > /dev/null || fail "walk changed: $(diff "$T/first" "$T/last" | head)"
reloads=$(grep -c "SIGHUP: reloading" "$T/agent.log" || true)
[ "$reloads" -ge 20 ] || fail "only $reloads reloads logged"
ok "100 SIGHUPs during walks ($reloads reloads): alive, same walk"
stop_agent
wait "$AGENT_PID" 2>/dev/null; rc=$?
assert_eq 0 "$rc" "exit status after SIGTERM"
ok "clean exit after the churn"
