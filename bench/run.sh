#!/bin/bash
# bench/run.sh: make bench. dhcpfo (AgentX and standalone) against the
# in-master limit (a dlmod in snmpd), the AgentX ceiling (a minimal C
# subagent) and pass_persist (a bisecting Python script), all serving the
# same 3-column table of N rows, in one run on this machine; then backend
# calls per refresh, a slow backend, and walk-driven paging. Writes
# bench/results.md and bench/results.svg. SMOKE=1: N=100, one repetition.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
B="$ROOT/$BUILD/bench"
export BUILD
# shellcheck source=tests/lib.sh
. "$ROOT/tests/lib.sh"
need snmpbulkwalk snmpwalk "$B/mcbulk" "$B/ref_subagent" "$B/ref_dlmod.so" /usr/bin/python3
if [ "${SMOKE:-0}" = 1 ]; then NS=(100); REPS=1; OUT="$T"; else NS=(10 1000 10000); REPS=${REPS:-3}; OUT="$ROOT/bench"; fi
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
	naive=$(awk -v n="$CN" -v p="$p" 'BEGIN { s = 0; for (k = 1; k <= n; k++) s += int((k + p - 1) / p); print s }')
	echo -e "$CN\tP=$p\tcalls\t$calls\t$((after - calls))\t$naive" | tee -a "$RES"
done
stop_pids "$AGENT_PID" "$SNMPD_PID"

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
