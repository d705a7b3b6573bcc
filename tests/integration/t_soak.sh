#!/bin/bash
# Soak (SOAK_SECONDS, 60 in make check, 600 in make soak): 20 parallel
# bulkwalkers, two relationships flapping every second (one on a server
# with hold-down = 5), a backend outage of 3 s every 15 s; RSS sampled
# every 10 s. Zero failed walks, RSS growth under a bound after warm-up
# (RSS_BOUND_KB, 4 MB), exactly one notification per state change the
# agent saw without hold-down, and with it notifications = changes -
# suppressed (dhcpfoRelSuppressedChanges), at most one per 5 s.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$(dirname "$0")/../lib_sim.sh"
need snmpbulkwalk snmptrapd
SECS=${SOAK_SECONDS:-60}
# ASan holds freed memory in its quarantine (up to 256 MB): under a
# sanitizer build RSS measures the quarantine, not us; the 4 MB bound is
# for the plain build
case "$BUILD" in *san*) RSS_BOUND_KB=${RSS_BOUND_KB:-262144} ;; *) RSS_BOUND_KB=${RSS_BOUND_KB:-4096} ;; esac
start_trapd
start_snmpd
mkdir -p "$T/state"
others=""
for i in $(seq -w 2 31); do others="$others r$i:normal"; done
sim_data "$T/s.data" "r01:normal$others"
sim_data "$T/h.data" "h1:normal"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; unreachable-after = 100; page-size = 7; };
servers = ( { name = "s"; sim = { data-file = "$T/s.data"; }; },
            { name = "big"; sim = { generate = { count = 300; }; }; },
            { name = "h"; hold-down = 5; sim = { data-file = "$T/h.data"; }; } );
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 10 "$DFO_OID.1.1.3.0" 332 || fail "332 rows"
walker() { # counts whole walks in $T/ok.$1, failed or short ones in $T/fail.$1
	: > "$T/fail.$1"
	: > "$T/ok.$1"
	while [ ! -e "$T/stop" ]; do
		if bulkwalk "$REL_OID.5" -Cr25 > "$T/w.$1" 2>&1 && [ "$(wc -l < "$T/w.$1")" -ge 332 ]; then
			echo . >> "$T/ok.$1"
		else
			echo x >> "$T/fail.$1"
		fi
	done
}
for w in $(seq 1 20); do walker "$w" & PIDS+=($!); done
samples=()
t0=$(date +%s)
flips=0
state=normal
while [ $(( $(date +%s) - t0 )) -lt "$SECS" ]; do
	el=$(( $(date +%s) - t0 ))
	state=$([ "$state" = normal ] && echo communicationInterrupted || echo normal)
	fault=""
	[ $(( el % 15 )) -ge 12 ] && fault="fail-calls = -1;"
	sim_data "$T/s.data" "r01:$state$others" "$fault"
	sim_data "$T/h.data" "h1:$state"
	flips=$((flips + 1))
	[ $(( el % 10 )) -eq 0 ] && samples+=("$(proc_rss_kb "$AGENT_PID")")
	sleep 1
done
touch "$T/stop"
sleep 3
sim_data "$T/s.data" "r01:$state$others"
sleep 3
kill -0 "$AGENT_PID" || fail "agent died"
failed=$(cat "$T"/fail.* | wc -l)
served=$(cat "$T"/ok.* | wc -l)
walks_total=$(get "$SRV_OID.10.1")
changes=$(get "$REL_OID.22.1.1")
traps=$(grep "OID: .1.3.6.1.4.1.32473.46.0.1\b" "$T/traps.log" | grep -c "$REL_OID.2.1.1 = STRING: \"r01\"" || true)
hchanges=$(get "$REL_OID.22.3.1")
hsupp=$(get "$REL_OID.24.3.1")
htraps=$(grep "OID: .1.3.6.1.4.1.32473.46.0.1\b" "$T/traps.log" | grep -c "$REL_OID.2.3.1 = STRING: \"h1\"" || true)
first=${samples[1]:-${samples[0]}}
max=$(printf '%s\n' "${samples[@]}" | sort -n | tail -1)
echo "soak: ${SECS}s, 20 walkers, $flips flips, $changes state changes seen, $traps notifications; hold-down 5 s: $hchanges changes, $htraps notifications, $hsupp suppressed; $served walks served, $failed failed, RSS samples (kB): ${samples[*]}, polls $walks_total"
assert_eq 0 "$failed" "failed or short walks"
[ "$served" -ge 20 ] || fail "only $served walks in ${SECS} s"
[ "$changes" -gt $((SECS / 4)) ] || fail "too few state changes seen: $changes"
assert_eq "$changes" "$traps" "notifications for the state changes seen"
assert_eq "$((hchanges - hsupp))" "$htraps" "hold-down: notifications = changes - suppressed"
[ "$htraps" -le $((SECS / 5 + 2)) ] || fail "hold-down 5 s: $htraps notifications in ${SECS} s"
[ "$hsupp" -gt 0 ] || fail "hold-down suppressed nothing"
[ $((max - first)) -le "$RSS_BOUND_KB" ] || fail "RSS grew $((max - first)) kB (bound $RSS_BOUND_KB kB): ${samples[*]}"
ok "soak ${SECS}s: $served walks served, 0 failed, $traps notifications = $changes state changes; hold-down: $htraps = $hchanges - $hsupp suppressed; RSS growth $((max - first)) kB <= $RSS_BOUND_KB kB"
