#!/bin/bash
# tests/lib.sh: shared helpers for integration tests. Each test sources it,
# gets a private temp dir ($T), starts real daemons on private ports and
# sockets under $T, and every process it started is stopped by pid at exit.
# shellcheck disable=SC2034
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-build}
AGENT_BIN="$ROOT/$BUILD/dhcpfo-agentx"
MIBDIRS="$ROOT/mibs"
DFO_OID=.1.3.6.1.4.1.32473.46
REL_OID=$DFO_OID.1.3.1
SRV_OID=$DFO_OID.1.2.1
export MIBS=
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1"
T=$(mktemp -d "${TMPDIR:-/tmp}/dhcpfo-test.XXXXXX")
PIDS=()

cleanup() {
	local p rc=$?
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${PIDS[@]}"; do
		for _ in $(seq 1 50); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$p" 2>/dev/null || true
	done
	# a sanitizer report anywhere in the agent's logs fails the test
	if grep -lE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$T"/*.log >/dev/null 2>&1; then
		grep -hE -A12 "ERROR: (Address|Leak)Sanitizer|runtime error:" "$T"/*.log | head -60 >&2
		echo "FAIL: sanitizer report" >&2
		rc=1
	fi
	if [ "${KEEP_TMP:-0}" = 1 ]; then echo "kept $T"; else rm -rf "$T"; fi
	exit "$rc"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
need() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || [ -x "$c" ] ||
			fail "required program '$c' is missing (run make deps)"
	done
}
assert_eq() { # expected actual what
	[ "$1" = "$2" ] || fail "$3: expected [$1], got [$2]"
}

# A free UDP/TCP port on 127.0.0.1 (random, checked with ss).
free_port() {
	local p
	for _ in $(seq 1 100); do
		p=$((20000 + RANDOM % 40000))
		ss -Hltun 2>/dev/null | awk '{print $5}' | grep -q ":$p\$" || { echo "$p"; return; }
	done
	fail "no free port"
}

# wait_for SECONDS CMD...: retry CMD every 0.1 s until it succeeds.
wait_for() {
	local t=$1 i
	shift
	for i in $(seq 1 $((t * 10))); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# What /proc says of a process: open fds, threads, resident kB, CPU ticks
# (utime + stime). For leak and load checks on the agent.
proc_fds() { find "/proc/$1/fd" -mindepth 1 | wc -l; }
proc_threads() { awk '/^Threads:/ {print $2}' "/proc/$1/status"; }
proc_rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
proc_cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# start_snmpd [extra snmpd.conf lines]: a private AgentX master.
start_snmpd() {
	need snmpd snmpget
	SNMP_PORT=${SNMP_PORT:-$(free_port)}
	TRAP_PORT=${TRAP_PORT:-$(free_port)}
	AGENTX_SOCK="$T/agentx.sock"
	mkdir -p "$T/snmpd"
	cat > "$T/snmpd.conf" <<EOC
agentaddress udp:127.0.0.1:$SNMP_PORT
master agentx
agentXSocket $AGENTX_SOCK
agentXPerms 0660 0770
agentXTimeout 1
agentXRetries 5
rocommunity public 127.0.0.1
trap2sink 127.0.0.1:$TRAP_PORT public
${1:-}
EOC
	SNMP_PERSISTENT_DIR="$T/snmpd" snmpd -f -Lf "$T/snmpd.log" -C \
		-c "$T/snmpd.conf" -I -smux -p "$T/snmpd.pid" &
	SNMPD_PID=$!
	PIDS+=("$SNMPD_PID")
	wait_for 10 test -S "$AGENTX_SOCK" || fail "snmpd did not start: $(cat "$T/snmpd.log")"
}

stop_snmpd() {
	kill "$SNMPD_PID" 2>/dev/null || true
	for _ in $(seq 1 50); do kill -0 "$SNMPD_PID" 2>/dev/null || break; sleep 0.1; done
}

# start_trapd: a real snmptrapd logging numeric OIDs to $T/traps.log.
start_trapd() {
	need snmptrapd
	TRAP_PORT=${TRAP_PORT:-$(free_port)}
	printf 'disableAuthorization yes\n' > "$T/snmptrapd.conf"
	: > "$T/traps.log"
	snmptrapd -f -On -C -c "$T/snmptrapd.conf" -Lf "$T/traps.log" \
		-p "$T/snmptrapd.pid" "udp:127.0.0.1:$TRAP_PORT" &
	TRAPD_PID=$!
	PIDS+=("$TRAPD_PID")
	sleep 0.5
}

# start_agent CONF [args]: the subagent in the foreground, log in $T/agent.log.
start_agent() {
	local conf=$1
	shift
	need "$AGENT_BIN"
	"$AGENT_BIN" -f -c "$conf" -x "$AGENTX_SOCK" "$@" >>"$T/agent.log" 2>&1 &
	AGENT_PID=$!
	PIDS+=("$AGENT_PID")
	# snmpget exits 0 on noSuchObject too: wait for the agent's own value
	wait_for 15 agent_registered || fail "agent did not register: $(tail -20 "$T/agent.log")"
}

agent_registered() {
	local v
	v=$(snmpget -v2c -c public -Oqv -t 1 -r 0 "127.0.0.1:$SNMP_PORT" "$DFO_OID.1.1.1.0" 2>/dev/null) &&
		[ -n "$v" ] && ! grep -q "No Such" <<<"$v"
}

stop_agent() {
	kill "$AGENT_PID" 2>/dev/null || true
	for _ in $(seq 1 50); do kill -0 "$AGENT_PID" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$AGENT_PID" 2>/dev/null && fail "agent did not exit on SIGTERM"
	return 0
}

snmp() { # snmp TOOL [args...] against the test master
	local tool=$1
	shift
	"$tool" -v2c -c public -t 3 -r 1 "$@" "127.0.0.1:$SNMP_PORT" "${OIDS[@]}"
}
walk() { OIDS=("${1:-$DFO_OID}"); shift || true; snmp snmpwalk -On "$@"; }
bulkwalk() { OIDS=("${1:-$DFO_OID}"); shift || true; snmp snmpbulkwalk -On "$@"; }
get() { OIDS=("$@"); snmp snmpget -On -Oqv; }

# write_conf FILE: a minimal config header with a private state dir.
conf_header() {
	cat <<EOC
agent = {
  state-dir = "$T/state";
  log-level = "${LOG_LEVEL:-info}";
  ping-interval = 1;
};
EOC
}

# wait_value SECONDS OID VALUE: poll a GET until it returns VALUE.
wait_value() {
	local t=$1 oid=$2 want=$3
	for _ in $(seq 1 $((t * 10))); do
		[ "$(get "$oid" 2>/dev/null)" = "$want" ] && return 0
		sleep 0.1
	done
	return 1
}
