#!/bin/bash
# 100 SIGHUPs while walkers run. Between signals the configuration
# changes: a walk-driven server with a slow backend comes and goes (with
# GETNEXTs held for its pages when it is removed), another walk-driven
# server is kept (requests held while it reloads),
# settings change, and every tenth file is broken. Walks of the servers
# that stay never fail and always see all their rows; the agent never
# dies; the configuration in force at the end is the last good one; fds,
# threads and RSS stay put (a leaked worker or session would show).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need snmpbulkwalk snmpwalk
HUPS=${HUPS:-100}
start_snmpd
mkdir -p "$T/state"
conf() { # variant: 0 = with server x, 1 = with y, broken
	{
		conf_header
		if [ "$1" = broken ]; then
			echo 'servers = ( { name = "z"'
		else
			cat <<EOC
defaults = { poll-interval = 1; page-size = $((5 + $1)); };
servers = ( { name = "a"; sim = { generate = { count = 60; }; }; },
            { name = "w"; page-size = 2; fresh-for = 0; budget-ms = 300;
              sim = { latency-ms = 20; generate = { count = 10; prefix = "w-"; }; }; },
EOC
			if [ "$1" = 0 ]; then
				echo '{ name = "x"; page-size = 1; fresh-for = 0; budget-ms = 300; sim = { latency-ms = 100; generate = { count = 5; prefix = "x-"; }; }; } );'
			else
				echo '{ name = "y"; type = "kea"; kea = { url = "http://127.0.0.1:1/"; }; } );'
			fi
		fi
	} > "$T/conf.tmp"
	mv -f "$T/conf.tmp" "$T/conf"
}
conf 0
start_agent "$T/conf"
wait_value 15 "$DFO_OID.1.1.3.0" 75 || fail "75 rows"
walk "$REL_OID.2.1" > "$T/first"
fd0=$(proc_fds "$AGENT_PID") th0=$(proc_threads "$AGENT_PID") rss0=$(proc_rss_kb "$AGENT_PID")

walker() { # name OID rows: a walk that fails or misses a row is a failure
	: > "$T/ok.$1"
	: > "$T/bad.$1"
	while [ ! -e "$T/stop" ]; do
		if bulkwalk "$2" -Cr10 > "$T/w.$1" 2>&1 && [ "$(grep -c "^$2\." "$T/w.$1")" -ge "$3" ]; then
			echo . >> "$T/ok.$1"
		else
			cp "$T/w.$1" "$T/bad-walk.$1"
			echo . >> "$T/bad.$1"
		fi
	done
}
walker a "$REL_OID.2.1" 60 & PIDS+=($!)
walker a2 "$REL_OID.5.1" 60 & PIDS+=($!)
walker w "$REL_OID.5.2" 10 & PIDS+=($!)
# every server's rows, x's (walk-driven, slow: requests held when it goes)
# included: the count varies with the variant, never below a's and w's
walker all "$REL_OID.5" 70 & PIDS+=($!)
sleep 1
t0=$(date +%s)
broken=0
for i in $(seq 1 "$HUPS"); do
	if [ $((i % 10)) -eq 0 ]; then conf broken; broken=$((broken + 1)); else conf $((i % 2)); fi
	kill -HUP "$AGENT_PID"
	sleep "0.0$((RANDOM % 9 + 1))"
done
# the last good file decides: end on variant 1 (y instead of x)
sleep 0.3
conf 1
kill -HUP "$AGENT_PID"
secs=$(( $(date +%s) - t0 ))
sleep 2
touch "$T/stop"
kill -0 "$AGENT_PID" || fail "agent died during the SIGHUP storm"
wait_value 15 "$DFO_OID.1.1.2.0" 3 || fail "servers after the storm: $(get "$DFO_OID.1.1.2.0")"
wait_value 15 "$DFO_OID.1.1.3.0" 70 || fail "rows after the storm: $(get "$DFO_OID.1.1.3.0")"
walk "$SRV_OID.2" > "$T/servers"
grep -q '"y"' "$T/servers" || fail "server y not in force: $(cat "$T/servers")"
grep -q '"x"' "$T/servers" && fail "server x still there: $(cat "$T/servers")"
walk "$REL_OID.2.1" > "$T/last"
diff "$T/first" "$T/last" > /dev/null || fail "rows of a changed: $(diff "$T/first" "$T/last" | head)"
reloads=$(grep -c "SIGHUP: reloading" "$T/agent.log" || true)
refused=$(grep -c "running configuration stays" "$T/agent.log" || true)
served=$(cat "$T"/ok.* | wc -l)
failed=$(cat "$T"/bad.* | wc -l)
sleep 1
fd1=$(proc_fds "$AGENT_PID") th1=$(proc_threads "$AGENT_PID") rss1=$(proc_rss_kb "$AGENT_PID")
echo "SIGHUP storm: $((HUPS + 1)) signals in ${secs} s, $reloads reloads ($refused broken files refused), $served walks served, $failed failed, fds $fd0 -> $fd1, threads $th0 -> $th1, RSS $rss0 -> $rss1 kB"
if [ "$failed" -gt 0 ]; then
	for f in "$T"/bad-walk.*; do echo "== $f"; tail -3 "$f"; done
	fail "$failed walks failed or missed rows during reloads"
fi
[ "$served" -ge 10 ] || fail "only $served walks in the storm"
# signals that arrive while a reload runs coalesce (a loaded machine): at
# least one in five reloads
[ "$reloads" -ge $((HUPS / 5)) ] || fail "only $reloads reloads for $HUPS signals"
[ "$refused" -ge 1 ] || fail "no broken file refused"
[ "$fd1" -le $((fd0 + 2)) ] || fail "fds grew: $fd0 -> $fd1"
assert_eq "$th0" "$th1" "threads (one worker per server)"
# under ASan freed memory sits in its quarantine: RSS says nothing there,
# LeakSanitizer checks at exit instead (any report fails the test)
if grep -q __asan_init "$AGENT_BIN"; then
	echo "ASan build: RSS not bounded (quarantine); LeakSanitizer checks at exit"
else
	[ $((rss1 - rss0)) -le 4096 ] || fail "RSS grew $((rss1 - rss0)) kB over the storm"
fi
ok "$((HUPS + 1)) SIGHUPs during walks: $reloads reloads, $refused broken files refused, $served walks served and 0 failed; fds, threads steady, RSS +$((rss1 - rss0)) kB"
stop_agent
wait "$AGENT_PID" 2>/dev/null && rc=0 || rc=$?
assert_eq 0 "$rc" "exit status after SIGTERM"
ok "clean exit after the storm"
