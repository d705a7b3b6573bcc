#!/bin/bash
# Soak (SOAK_SECONDS, 60 in make check, 600 in make soak): 20 parallel
# bulkwalkers, a relationship flapping every second, a backend outage of
# 3 s every 15 s; RSS sampled every 10 s. Zero failed walks, RSS growth
# under a bound after warm-up, and exactly one notification per state
# change the agent saw (hold-down 0: no rate limiting).
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
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; unreachable-after = 100; page-size = 7; };
servers = ( { name = "s"; sim = { data-file = "$T/s.data"; }; },
            { name = "big"; sim = { generate = { count = 300; }; }; } );
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 10 "$DFO_OID.1.1.3.0" 331 || fail "331 rows"
walker() { # counts failed walks in $T/fail.$1
	: > "$T/fail.$1"
	while [ ! -e "$T/stop" ]; do
		bulkwalk "$REL_OID.5" -Cr25 > "$T/w.$1" 2>&1 || echo x >> "$T/fail.$1"
		[ "$(wc -l < "$T/w.$1")" -ge 331 ] || echo short >> "$T/fail.$1"
	done
}
for w in $(seq 1 20); do walker "$w" & PIDS+=($!); done
rss() { awk '/VmRSS/ {print $2}' "/proc/$AGENT_PID/status"; }
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
	flips=$((flips + 1))
	[ $(( el % 10 )) -eq 0 ] && samples+=("$(rss)")
	sleep 1
done
touch "$T/stop"
sleep 3
sim_data "$T/s.data" "r01:$state$others"
sleep 3
kill -0 "$AGENT_PID" || fail "agent died"
failed=$(cat "$T"/fail.* | wc -l)
walks_total=$(get "$SRV_OID.10.1")
changes=$(get "$REL_OID.22.1.1")
traps=$(grep "OID: .1.3.6.1.4.1.32473.46.0.1\b" "$T/traps.log" | grep -c "$REL_OID.2.1.1 = STRING: \"r01\"" || true)
first=${samples[1]:-${samples[0]}}
max=$(printf '%s\n' "${samples[@]}" | sort -n | tail -1)
echo "soak: ${SECS}s, 20 walkers, $flips flips, $changes state changes seen, $traps notifications, $failed failed walks, RSS samples (kB): ${samples[*]}, polls $walks_total"
assert_eq 0 "$failed" "failed or short walks"
[ "$changes" -gt $((SECS / 4)) ] || fail "too few state changes seen: $changes"
assert_eq "$changes" "$traps" "notifications for the state changes seen"
[ $((max - first)) -le "$RSS_BOUND_KB" ] || fail "RSS grew $((max - first)) kB (bound $RSS_BOUND_KB kB): ${samples[*]}"
ok "soak ${SECS}s: 0 failed walks, $traps notifications = $changes state changes, RSS growth $((max - first)) kB <= $RSS_BOUND_KB kB"
