#!/bin/bash
# tools/demo.sh: the README's first command (make demo). Starts a private
# snmpd as AgentX master (own port, own socket under a temp dir), the
# subagent on conf/dhcpfo.conf (the simulator), shows the relationship
# table, the server table and a walk of the relationship table with
# names, then stops both by pid.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
AGENT=${1:-$ROOT/build/dhcpfo-agentx}
T=$(mktemp -d "${TMPDIR:-/tmp}/dhcpfo-demo.XXXXXX")
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do
		for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
	done
	rm -rf "$T"
}
trap cleanup EXIT
export MIBS=
PORT=""
for _ in $(seq 1 100); do # a port nothing listens on
	p=$((20000 + RANDOM % 40000))
	ss -Hltun 2>/dev/null | awk '{print $5}' | grep -q ":$p\$" || { PORT=$p; break; }
done
[ -n "$PORT" ] || { echo "demo: no free port" >&2; exit 1; }
mkdir -p "$T/state" "$T/snmpd"
cat > "$T/snmpd.conf" <<EOC
agentaddress udp:127.0.0.1:$PORT
master agentx
agentXSocket $T/agentx.sock
agentXPerms 0660 0770
rocommunity public 127.0.0.1
EOC
SNMP_PERSISTENT_DIR="$T/snmpd" snmpd -f -Lf "$T/snmpd.log" -C -c "$T/snmpd.conf" \
	-I -smux -p "$T/snmpd.pid" &
PIDS+=($!)
for _ in $(seq 1 50); do [ -S "$T/agentx.sock" ] && break; sleep 0.1; done
sed "s|/var/lib/dhcpfo|$T/state|" "$ROOT/conf/dhcpfo.conf" > "$T/dhcpfo.conf"
"$AGENT" -f -c "$T/dhcpfo.conf" -x "$T/agentx.sock" 2>"$T/agent.log" &
PIDS+=($!)
MIBOPTS=(-M "$ROOT/mibs" -m DHCPFO-MIB)
for _ in $(seq 1 100); do
	n=$(snmpget -v2c -c public -Oqv "${MIBOPTS[@]}" "127.0.0.1:$PORT" \
		DHCPFO-MIB::dhcpfoAgentRelationships.0 2>/dev/null || true)
	[ "${n:-0}" -ge 5 ] 2>/dev/null && break
	sleep 0.1
done
echo "== snmptable DHCPFO-MIB::dhcpfoRelTable"
snmptable -v2c -c public "${MIBOPTS[@]}" -Cb -Cw 160 "127.0.0.1:$PORT" DHCPFO-MIB::dhcpfoRelTable |
	cut -c1-160
echo
echo "== snmpwalk DHCPFO-MIB::dhcpfoServerTable"
snmpwalk -v2c -c public "${MIBOPTS[@]}" "127.0.0.1:$PORT" DHCPFO-MIB::dhcpfoServerTable
echo
# (never "snmpwalk | head": snmpwalk would die of SIGPIPE, 141 under pipefail)
echo "== snmpwalk DHCPFO-MIB::dhcpfoRelTable"
snmpwalk -v2c -c public "${MIBOPTS[@]}" "127.0.0.1:$PORT" DHCPFO-MIB::dhcpfoRelTable
echo
echo "== agent log"
cat "$T/agent.log"
if [ -n "${DEMO_HOLD:-}" ]; then echo "port $PORT"; sleep "$DEMO_HOLD"; fi
