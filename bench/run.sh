#!/bin/bash
# bench/run.sh: make bench. dhcpfo (AgentX and standalone) against the
# in-master limit (a dlmod in snmpd), the AgentX ceiling (a minimal C
# subagent) and pass_persist (a bisecting Python script), all serving the
# same 3-column table of N rows, in one run on this machine; then backend
# calls per refresh (and a measured naive subagent), a slow backend, walk-driven
# paging, many servers, concurrent walkers, NMS-style GET polling. Writes
# bench/results.md and bench/results.svg. SMOKE=1: N=100, one repetition.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
B="$ROOT/$BUILD/bench"
export BUILD
# shellcheck source=tests/lib.sh
. "$ROOT/tests/lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$ROOT/tests/lib_sim.sh"
need snmpbulkwalk snmpwalk "$B/mcbulk" "$B/ref_subagent" "$B/ref_dlmod.so" "$B/loadgen" "$B/naive_subagent" /usr/bin/python3
if [ "${SMOKE:-0}" = 1 ]; then NS=(100); REPS=1; OUT="$T"; else NS=(10 1000 10000); REPS=${REPS:-3}; OUT="$ROOT/bench"; fi
# many servers, concurrency, NMS polling: full size, or a quick smoke
if [ "${SMOKE:-0}" = 1 ]; then
	MS_SERVERS=10 MS_SECONDS=3 CC_CLIENTS=4 CC_SECONDS=3 NMS_SECONDS=2
else
	MS_SERVERS=100 MS_SECONDS=30 CC_CLIENTS=20 CC_SECONDS=30 NMS_SECONDS=10
fi
RES="$T/results.tsv"
: > "$RES"

ms_of() { local t0 t1; t0=$(date +%s%N); "$@" > /dev/null 2>&1 || return 1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
spread() { sort -n | awk 'NR==1{lo=$1} {hi=$1} END {print lo "-" hi}'; }

# one measurement, repeated: prints "median_us lo-hi_us"
measure() {
	local r vals=()
	for r in $(seq 1 "$REPS"); do vals+=("$("$@")") || return 1; done
	echo "$(printf '%s\n' "${vals[@]}" | median) $(printf '%s\n' "${vals[@]}" | spread)"
}

# the 3 columns of each implementation, and where it listens
cols() {
	case $1 in
	dhcpfo-agentx|dhcpfo-standalone) echo "$REL_OID.2 $REL_OID.5 $REL_OID.7" ;;
	in-master) echo ".1.3.6.1.4.1.32473.99.1.2 .1.3.6.1.4.1.32473.99.1.3 .1.3.6.1.4.1.32473.99.1.4" ;;
	agentx-ceiling) echo ".1.3.6.1.4.1.32473.98.1.2 .1.3.6.1.4.1.32473.98.1.3 .1.3.6.1.4.1.32473.98.1.4" ;;
	pass_persist) echo ".1.3.6.1.4.1.32473.97.1.2 .1.3.6.1.4.1.32473.97.1.3 .1.3.6.1.4.1.32473.97.1.4" ;;
	esac
}
addr() { [ "$1" = dhcpfo-standalone ] && echo "127.0.0.1:$SA_PORT" || echo "127.0.0.1:$SNMP_PORT"; }
walk3() { # impl tool args: walk the three columns one after the other
	local impl=$1 tool=$2 c
	shift 2
	for c in $(cols "$impl"); do "$tool" -v2c -c public -On -t 5 -r 0 "$@" "$(addr "$impl")" "$c" > /dev/null || return 1; done
}
t_bulk() { ms_of walk3 "$1" snmpbulkwalk -Cr50; }
t_next() { ms_of walk3 "$1" snmpwalk; }
t_mc() { # shellcheck disable=SC2046
	"$B/mcbulk" "$(addr "$1")" public 50 $(cols "$1") | awk '{printf "%d\n", $2 * 1000}'; }

# start everything for table size N
start_all() {
	local n=$1
	SNMP_PORT=$(free_port)
	SA_PORT=$(free_port)
	export REF_ROWS=$n
	start_snmpd "dlmod ref_dlmod $B/ref_dlmod.so
pass_persist .1.3.6.1.4.1.32473.97 /usr/bin/python3 $ROOT/bench/ref_pass_persist.py $n"
	"$B/ref_subagent" "$AGENTX_SOCK" "$n" >> "$T/ref.log" 2>&1 &
	REF_PID=$!
	PIDS+=("$REF_PID")
	mkdir -p "$T/s1" "$T/s2"
	printf 'rocommunity public 127.0.0.1\n' > "$T/access.conf"
	chmod 600 "$T/access.conf"
	for m in 1 2; do
		cat > "$T/c$m.conf" <<EOC
agent = { state-dir = "$T/s$m"; ping-interval = 1; log-level = "warning"; };
defaults = { poll-interval = 3600; page-size = 1000; };
servers = ( { name = "bench"; sim = { generate = { count = $n; }; }; } );
EOC
	done
	"$AGENT_BIN" -f -c "$T/c1.conf" -x "$AGENTX_SOCK" >> "$T/agent.log" 2>&1 &
	AGENT_PID=$!
	PIDS+=("$AGENT_PID")
	"$AGENT_BIN" -f -c "$T/c2.conf" --listen "udp:127.0.0.1:$SA_PORT" --access-file "$T/access.conf" >> "$T/sa.log" 2>&1 &
	SA_PID=$!
	PIDS+=("$SA_PID")
	local i last
	for i in dhcpfo-agentx dhcpfo-standalone in-master agentx-ceiling pass_persist; do
		last="$(cols "$i" | cut -d' ' -f1).$( [ "${i#dhcpfo}" != "$i" ] && echo "1.$n" || echo "$n")"
		wait_for 60 serves "$(addr "$i")" "$last" || fail "$i does not serve $n rows"
	done
}
serves() { # the last row answers with a value, not an exception
	local v
	v=$(snmpget -v2c -c public -t 2 -r 0 -Oqv "$1" "$2" 2>/dev/null) && [ -n "$v" ] && ! grep -q "No Such" <<<"$v"
}
stop_pids() {
	local p
	for p in "$@"; do kill "$p" 2>/dev/null || true; done
	for p in "$@"; do
		for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
	done
}
stop_all() { stop_pids "$SA_PID" "$AGENT_PID" "$REF_PID" "$SNMPD_PID"; }

echo "== walk latency vs table size (median of $REPS, microseconds)"
for n in "${NS[@]}"; do
	start_all "$n"
	for impl in in-master agentx-ceiling dhcpfo-agentx dhcpfo-standalone pass_persist; do
		r=$(measure t_bulk "$impl") || fail "bulkwalk $impl N=$n"
		echo -e "$n\t$impl\tbulkwalk\t$r" | tee -a "$RES"
		r=$(measure t_mc "$impl") || fail "multi-column $impl N=$n"
		echo -e "$n\t$impl\tmulticolumn\t$r" | tee -a "$RES"
		if [ "$n" -le 1000 ]; then
			r=$(measure t_next "$impl") || fail "getnext $impl N=$n"
			echo -e "$n\t$impl\tgetnext\t$r" | tee -a "$RES"
		fi
	done
	grep -qi "timeout" "$T/snmpd.log" && echo "AgentX timeouts in the master log at N=$n!"
	stop_all
done

# one agent, sim servers, the given server entries; waits for N rows
agent_with() { # rows servers...
	local want=$1
	shift
	SNMP_PORT=$(free_port)
	start_snmpd
	mkdir -p "$T/sx"
	rm -f "$T/sx/indexmap"
	{
		echo "agent = { state-dir = \"$T/sx\"; ping-interval = 1; log-level = \"warning\"; };"
		echo "servers = ( $* );"
	} > "$T/cx.conf"
	"$AGENT_BIN" -f -c "$T/cx.conf" -x "$AGENTX_SOCK" >> "$T/agent.log" 2>&1 &
	AGENT_PID=$!
	PIDS+=("$AGENT_PID")
	wait_for 15 agent_registered || fail "agent did not start"
	wait_value 120 "$DFO_OID.1.1.3.0" "$want" || fail "agent did not load $want rows"
}

echo "== backend calls per refresh (N = 1000)"
CN=1000
[ "${SMOKE:-0}" = 1 ] && CN=100
servers=""
i=0
for p in 1 7 100 1000; do
	i=$((i + 1))
	servers="$servers${servers:+,} { name = \"p$p\"; page-size = $p; poll-interval = 3600; sim = { generate = { count = $CN; }; }; }"
done
agent_with $((CN * 4)) "$servers"
i=0
for p in 1 7 100 1000; do
	i=$((i + 1))
	calls=$(get "$SRV_OID.12.$i")
	walk "$REL_OID.2.$i" > /dev/null
	bulkwalk "$REL_OID.5.$i" -Cr50 > /dev/null
	after=$(get "$SRV_OID.12.$i")
	formula=$(awk -v n="$CN" -v p="$p" 'BEGIN { s = 0; for (k = 1; k <= n; k++) s += int((k + p - 1) / p); print s }')
	echo -e "$CN\tP=$p\tcalls\t$calls\t$((after - calls))\t$formula" | tee -a "$RES"
done
stop_pids "$AGENT_PID" "$SNMPD_PID"

echo "== the naive design, measured: a subagent re-enumerating per GETNEXT (N = $CN)"
NAIVE=.1.3.6.1.4.1.32473.96
for p in 1 7 100 1000; do
	SNMP_PORT=$(free_port)
	start_snmpd
	"$B/naive_subagent" "$AGENTX_SOCK" "$CN" "$p" >> "$T/naive.log" 2>&1 &
	NAIVE_PID=$!
	PIDS+=("$NAIVE_PID")
	wait_for 30 serves "127.0.0.1:$SNMP_PORT" "$NAIVE.1.2.$CN" || fail "naive subagent does not serve"
	c0=$(get "$NAIVE.2.0")
	us=$(ms_of snmpwalk -v2c -c public -On -t 30 -r 0 "127.0.0.1:$SNMP_PORT" "$NAIVE.1.2") || fail "naive walk"
	c1=$(get "$NAIVE.2.0")
	n=$(snmpwalk -v2c -c public -On -t 30 -r 0 "127.0.0.1:$SNMP_PORT" "$NAIVE.1.2" | grep -c "^$NAIVE.1.2.")
	[ "$n" = "$CN" ] || fail "naive subagent walked $n rows, not $CN"
	echo -e "$CN\tP=$p\tnaive\t$((c1 - c0))\t$us" | tee -a "$RES"
	stop_pids "$NAIVE_PID" "$SNMPD_PID"
done

# loadgen's errors: fatal in the smoke run (make check), shouted in make bench
no_errors() {
	grep -q " errors 0 " <<<"$2" && return 0
	[ "${SMOKE:-0}" = 1 ] && fail "$1: errors: $2"
	echo "!! $1: requests failed or came back incomplete: $2"
}

echo "== many servers: $MS_SERVERS sim servers x 31 relationships, poll-interval 10 s"
agent_with 1 '{ name = "one"; poll-interval = 10; sim = { generate = { count = 1; }; }; }'
sleep 2
base_rss=$(proc_rss_kb "$AGENT_PID")
stop_pids "$AGENT_PID" "$SNMPD_PID"
servers=""
for i in $(seq 1 "$MS_SERVERS"); do
	servers="$servers${servers:+,} { name = \"s$i\"; poll-interval = 10; sim = { generate = { count = 31; }; }; }"
done
t0=$(date +%s%N)
agent_with $((MS_SERVERS * 31)) "$servers"
load_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
c0=$(proc_cpu_ticks "$AGENT_PID")
calls0=$(walk "$SRV_OID.12" -Oqv | awk '{s += $1} END {print s}')
sleep "$MS_SECONDS"
c1=$(proc_cpu_ticks "$AGENT_PID")
calls1=$(walk "$SRV_OID.12" -Oqv | awk '{s += $1} END {print s}')
rss=$(proc_rss_kb "$AGENT_PID")
hz=$(getconf CLK_TCK)
cpu=$(awk -v d=$((c1 - c0)) -v hz="$hz" -v s="$MS_SECONDS" 'BEGIN { printf "%.2f", 100 * d / hz / s }')
per1000=$(awk -v r="$rss" -v b="$base_rss" -v n=$((MS_SERVERS * 31)) 'BEGIN { printf "%.0f", (r - b) * 1000 / n }')
echo -e "$MS_SERVERS\t-\tmanyservers\t$load_ms\t$cpu\t$((calls1 - calls0))\t$MS_SECONDS\t$rss\t$base_rss\t$per1000\t$(proc_threads "$AGENT_PID")" | tee -a "$RES"
stop_pids "$AGENT_PID" "$SNMPD_PID"

echo "== concurrency: $CC_CLIENTS bulkwalk clients for $CC_SECONDS s while snapshots are swapped (N = 1000)"
rows=""
for i in $(seq 1 1000); do rows="$rows r$i:normal"; done
sim_data "$T/cc.data" "$rows"
agent_with 1000 "{ name = \"cc\"; poll-interval = 1; page-size = 100; sim = { data-file = \"$T/cc.data\"; }; }"
: > "$T/snmpd.log.mark"
(
	st=normal
	while [ ! -e "$T/cc.stop" ]; do
		st=$([ "$st" = normal ] && echo partnerDown || echo normal)
		sim_data "$T/cc.data" "${rows/r1:normal/r1:$st}"
		sleep 0.7 # not a divisor of the 1 s poll, or every poll sees one state
	done
) &
FLIP_PID=$!
PIDS+=("$FLIP_PID")
ch0=$(get "$REL_OID.22.1.1")
out=$("$B/loadgen" walk "127.0.0.1:$SNMP_PORT" public "$CC_SECONDS" "$CC_CLIENTS" 50 1000 "$REL_OID.2.1") ||
	fail "loadgen walk"
ch1=$(get "$REL_OID.22.1.1")
touch "$T/cc.stop"
wait "$FLIP_PID" 2>/dev/null || true
to=$(grep -ci "timeout" "$T/snmpd.log" || true)
echo -e "1000\t$CC_CLIENTS\tconcurrency\t$out\t$((ch1 - ch0))\t$to" | tee -a "$RES"
no_errors concurrency "$out"
stop_pids "$AGENT_PID" "$SNMPD_PID"

echo "== NMS-style polling: GET of 20 columns x 31 rows in PDUs of 20 varbinds, one poller"
start_all 31
oids=()
# 20 columns every sim row has (8, partner state, is Kea's only)
for c in 2 3 4 5 6 7 9 10 11 12 13 14 15 16 17 18 19 20 21 22; do
	for r in $(seq 1 31); do oids+=("$REL_OID.$c.1.$r"); done
done
out=$("$B/loadgen" get "127.0.0.1:$SNMP_PORT" public "$NMS_SECONDS" 1 20 "${oids[@]}") || fail "loadgen get dhcpfo"
echo -e "31\tdhcpfo-agentx\tnmsget\t$out" | tee -a "$RES"
no_errors "NMS GET dhcpfo-agentx" "$out"
for impl in agentx-ceiling in-master; do
	ref=()
	for c in $(cols "$impl"); do for r in $(seq 1 31); do ref+=("$c.$r"); done; done
	out=$("$B/loadgen" get "127.0.0.1:$SNMP_PORT" public "$NMS_SECONDS" 1 20 "${ref[@]}") || fail "loadgen get $impl"
	echo -e "31\t$impl\tnmsget\t$out" | tee -a "$RES"
	no_errors "NMS GET $impl" "$out"
done
stop_all

echo "== slow backend (N = $CN, P = 100): walk served from the snapshot"
for lat in 0 200 $([ "${SMOKE:-0}" = 1 ] || echo 2000); do
	agent_with "$CN" "{ name = \"slow\"; page-size = 100; poll-interval = 3600; timeout = 10; sim = { latency-ms = $lat; generate = { count = $CN; }; }; }"
	r=$(measure t_bulk dhcpfo-agentx) || fail "walk with latency $lat"
	to=$(grep -ci "timeout" "$T/snmpd.log" || true)
	echo -e "$CN\tlatency=$lat\tslowbackend\t$r\t$to" | tee -a "$RES"
	stop_pids "$AGENT_PID" "$SNMPD_PID"
done

echo "== walk-driven paging (fresh-for 0) vs background poll only: one column"
for n in 31 $([ "${SMOKE:-0}" = 1 ] || echo 1000); do
	for p in 1 7 100; do
		for lat in 0 50 500; do
			pages=$(( (n + p - 1) / p ))
			if [ $((pages * lat)) -gt 10000 ]; then
				echo -e "$n\tP=$p\twalkdriven\t$lat\tskipped\t-\t-" | tee -a "$RES"
				continue # the first background poll alone would take over 10 s
			fi
			for mode in poll walk; do
				ff=$([ $mode = walk ] && echo "fresh-for = 0;" || echo "")
				agent_with "$n" "{ name = \"w\"; page-size = $p; poll-interval = 3600; timeout = 10; $ff sim = { latency-ms = $lat; generate = { count = $n; }; }; }"
				c0=$(get "$SRV_OID.12.1")
				us=$(ms_of bulkwalk "$REL_OID.2.1" -Cr10) || fail "walk-driven walk"
				c1=$(get "$SRV_OID.12.1")
				echo -e "$n\tP=$p\twalkdriven\t$lat\t$mode\t$us\t$((c1 - c0))" | tee -a "$RES"
				stop_pids "$AGENT_PID" "$SNMPD_PID"
			done
		done
	done
done

/usr/bin/python3 "$ROOT/bench/report.py" "$RES" "$OUT" "$REPS"
echo "results: $OUT/results.md"
