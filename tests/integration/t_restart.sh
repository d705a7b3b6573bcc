#!/bin/bash
# Stable indexes and reloads: agent restart (identical walk, no
# notification), config reordering, SIGHUP (add, remove, a broken file
# that changes nothing), a master restart with a change made while it was
# away, and a corrupt index map that is kept aside and rebuilt.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$(dirname "$0")/../lib_sim.sh"
need snmptrapd snmpwalk
start_trapd
start_snmpd
mkdir -p "$T/state"
sim_data "$T/a.data" "a1:normal a2:normal a3:normal"
sim_data "$T/b.data" "b1:normal b2:recover"
sim_data "$T/c.data" "c1:normal"
conf() { # server entries in the given order
	conf_header
	echo 'defaults = { poll-interval = 1; };'
	echo 'servers = ('
	local sep="" s
	for s in "$@"; do printf '%s{ name = "%s"; sim = { data-file = "%s/%s.data"; }; }\n' "$sep" "$s" "$T" "$s"; sep=","; done
	echo ');'
}
stable_walk() { walk "$DFO_OID.1.3" | grep -vE "^$REL_OID\.(20|21|23)\."; }
N=.1.3.6.1.4.1.32473.46.0
conf a b > "$T/conf"
start_agent "$T/conf"
wait_value 10 "$DFO_OID.1.1.3.0" 5 || fail "5 rows"
stable_walk > "$T/walk1"

stop_agent
start_agent "$T/conf"
wait_value 10 "$DFO_OID.1.1.3.0" 5 || fail "5 rows after restart"
sleep 2
stable_walk > "$T/walk2"
diff "$T/walk1" "$T/walk2" || fail "walk changed across a restart"
assert_eq 0 "$(grep -c "$N\." "$T/traps.log" || true)" "notifications across a restart"
ok "agent restart: identical walk, no notification"

stop_agent
conf c b a > "$T/conf"
start_agent "$T/conf"
wait_value 10 "$DFO_OID.1.1.3.0" 6 || fail "6 rows"
assert_eq '"a2"' "$(get "$REL_OID.2.1.2")" "a keeps serverIndex 1"
assert_eq '"b2"' "$(get "$REL_OID.2.2.2")" "b keeps serverIndex 2"
assert_eq '"c1"' "$(get "$REL_OID.2.3.1")" "c gets serverIndex 3"
ok "config reordered and a server added: indexes kept, the new one comes last"

conf c a > "$T/conf"
kill -HUP "$AGENT_PID"
wait_value 10 "$DFO_OID.1.1.2.0" 2 || fail "server b not removed by SIGHUP"
assert_eq 4 "$(get "$DFO_OID.1.1.3.0")" "rows after removing b"
assert_eq '"a3"' "$(get "$REL_OID.2.1.3")" "a untouched by the reload"
printf 'servers = ( { name = "x"\n' > "$T/conf"
kill -HUP "$AGENT_PID"
sleep 1
kill -0 "$AGENT_PID" || fail "agent died on a broken config"
grep -q "$T/conf:2: syntax error" "$T/agent.log" || fail "no file:line for the broken reload: $(tail -3 "$T/agent.log")"
grep -q "running configuration stays" "$T/agent.log" || fail "no keep message"
assert_eq 2 "$(get "$DFO_OID.1.1.2.0")" "servers after a broken reload"
conf c a b > "$T/conf"
kill -HUP "$AGENT_PID"
wait_value 10 "$DFO_OID.1.1.3.0" 6 || fail "b not back"
assert_eq '"b1"' "$(get "$REL_OID.2.2.1")" "b's old serverIndex comes back"
ok "SIGHUP: remove, broken file kept out, add back with the same index"

# the master goes away; a change made meanwhile is notified once it is back
stop_snmpd
sim_data "$T/a.data" "a1:partnerDown a2:normal a3:normal"
sleep 3
start_snmpd
wait_value 15 "$REL_OID.5.1.1" 6 || fail "no reconnect"
for _ in $(seq 1 50); do grep -q "OID: $N.1\b" "$T/traps.log" && break; sleep 0.1; done
assert_eq 1 "$(grep -c "OID: $N.1\b" "$T/traps.log" || true)" "queued state change sent after reconnect"
grep "OID: $N.1\b" "$T/traps.log" | grep -qF "$REL_OID.2.1.1 = STRING: \"a1\"" || fail "wrong queued trap"
ok "state change while the master was away: queued, sent once after it came back"

stop_agent
echo "this is not an index map" > "$T/state/indexmap"
start_agent "$T/conf"
wait_value 10 "$DFO_OID.1.1.3.0" 6 || fail "rows after a corrupt map"
ls "$T/state"/indexmap.corrupt-* >/dev/null || fail "corrupt map not kept aside"
grep -q "index map .* is rebuilt" "$T/agent.log" || fail "corrupt map not reported"
ok "corrupt index map: reported, kept aside, rebuilt, agent up"
