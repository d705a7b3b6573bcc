#!/bin/bash
# The AgentX master killed (SIGKILL) and restarted 20 times while walkers
# run, one of them on a walk-driven server whose GETNEXTs are held
# (delegated) when the master dies. A relationship changes state while
# the master is away each time: its notification is queued and reaches
# snmptrapd once the master is back, exactly once per change. The agent
# never dies, re-registers every time (measured: seconds from the master's
# start to the first answer from the agent), keeps serving the same rows,
# and its fd and thread counts do not grow.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$(dirname "$0")/../lib_sim.sh"
need snmpd snmptrapd snmpbulkwalk snmpwalk
RESTARTS=${RESTARTS:-20}
start_trapd
start_snmpd
mkdir -p "$T/state"
sim_data "$T/f.data" "f1:normal"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; };
servers = ( { name = "a"; page-size = 5; sim = { generate = { count = 60; }; }; },
            { name = "w"; page-size = 2; fresh-for = 0; budget-ms = 300;
              sim = { latency-ms = 30; generate = { count = 12; prefix = "w-"; }; }; },
            { name = "f"; sim = { data-file = "$T/f.data"; }; } );
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 10 "$DFO_OID.1.1.3.0" 73 || fail "73 rows"
stable() { walk "$REL_OID.2"; }
stable > "$T/first"
assert_eq 73 "$(wc -l < "$T/first")" "rows in the first walk"
# a dead pid leaves the list: pids are reused (pid_max may be 32768)
forget_pid() {
	local p keep=()
	for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	PIDS=("${keep[@]}")
}
ms() { echo $(( $(date +%s%N) / 1000000 )); }
fd0=$(proc_fds "$AGENT_PID")
th0=$(proc_threads "$AGENT_PID")

# walkers: a full bulkwalk counts as served, anything else as refused
walker() { # name OID rows
	: > "$T/ok.$1"
	: > "$T/bad.$1"
	while [ ! -e "$T/stop" ]; do
		if bulkwalk "$2" -Cr10 > "$T/w.$1" 2>&1 && [ "$(grep -c "^$2\." "$T/w.$1")" -eq "$3" ]; then
			echo . >> "$T/ok.$1"
		else
			echo . >> "$T/bad.$1"
		fi
	done
}
walker a "$REL_OID.2.1" 60 & PIDS+=($!)
walker w "$REL_OID.5.2" 12 & PIDS+=($!)
walker all "$REL_OID.2" 73 & PIDS+=($!)

N=.1.3.6.1.4.1.32473.46.0
f_traps() { grep "OID: $N.1\b" "$T/traps.log" | grep -c "$REL_OID.2.3.1 = STRING: \"f1\"" || true; }
state=normal
times=()
for i in $(seq 1 "$RESTARTS"); do
	kill -9 "$SNMPD_PID"
	wait "$SNMPD_PID" 2>/dev/null || true
	forget_pid "$SNMPD_PID"
	state=$([ "$state" = normal ] && echo communicationInterrupted || echo normal)
	want=$([ "$state" = normal ] && echo 4 || echo 5)
	sim_data "$T/f.data" "f1:$state"
	sleep 1.5   # the agent polls and notices the change while the master is away
	t0=$(ms)
	start_snmpd
	wait_for 20 agent_registered || fail "restart $i: the agent did not re-register: $(tail -3 "$T/agent.log")"
	times+=("$(( $(ms) - t0 ))")
	kill -0 "$AGENT_PID" || fail "agent died at master restart $i"
	wait_value 10 "$REL_OID.5.3.1" "$want" || fail "restart $i: state of f1 not $want"
	for _ in $(seq 1 100); do [ "$(f_traps)" -ge "$i" ] && break; sleep 0.1; done
	assert_eq "$i" "$(f_traps)" "restart $i: state-change notifications for f1 (queued while the master was away)"
	sleep 0.5   # let the walkers have the master for a while
done
touch "$T/stop"
sleep 2
kill -0 "$AGENT_PID" || fail "agent died"
stable > "$T/last"
diff "$T/first" "$T/last" > /dev/null || fail "walk changed: $(diff "$T/first" "$T/last" | head)"
sleep 1
assert_eq "$RESTARTS" "$(f_traps)" "state-change notifications in all"
max=$(printf '%s\n' "${times[@]}" | sort -n | tail -1)
avg=$(printf '%s\n' "${times[@]}" | awk '{s += $1} END {printf "%d", s / NR}')
served=$(cat "$T"/ok.* | wc -l)
refused=$(cat "$T"/bad.* | wc -l)
fd1=$(proc_fds "$AGENT_PID")
th1=$(proc_threads "$AGENT_PID")
echo "master restarts: $RESTARTS, re-registered ${avg} ms after the master started on average (max ${max} ms), $served full walks served, $refused cut by a dying master, fds $fd0 -> $fd1, threads $th0 -> $th1"
[ "$served" -ge "$RESTARTS" ] || fail "only $served walks completed during $RESTARTS restarts"
[ "$(wc -l < "$T/ok.w")" -ge 1 ] || fail "no walk of the walk-driven server completed"
[ "$fd1" -le $((fd0 + 2)) ] || fail "fds grew: $fd0 -> $fd1"
assert_eq "$th0" "$th1" "threads after $RESTARTS master restarts"
c=$(grep -c "AgentX master connected" "$T/agent.log" || true)
[ "$c" -gt "$RESTARTS" ] || fail "only $c connections logged"
ok "$RESTARTS master kills during walks: re-registered every time (avg ${avg} ms, max ${max} ms), $RESTARTS/$RESTARTS queued notifications delivered once, same rows, fds and threads steady"
stop_agent
wait "$AGENT_PID" 2>/dev/null && rc=0 || rc=$?
assert_eq 0 "$rc" "exit status after SIGTERM"
ok "clean exit after the restarts"
