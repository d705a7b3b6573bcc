#!/bin/bash
# tests/integration/dhcpd/pair.sh: a real ISC dhcpd failover pair for the
# t_dhcpd_*.sh tests. Sourced after tests/lib.sh.
#
# Everything runs inside a private network namespace: dhcpd must see an
# interface with an address in a declared subnet (veth pair va/vb with
# 192.0.2.1 and 192.0.2.2, which exist only inside the namespace), the two
# servers talk failover over loopback addresses 127.0.0.1-4, and OMAPI
# listens on loopback ports. Loopback is per namespace, so snmpd, the
# agent, snmptrapd, snmpwalk and the Python OMAPI client run in the same
# namespace: a veth to the host namespace would need host-side addresses
# and routes, i.e. changes to the host's network, which a test must not do.
#
# dhcpd_enter_netns: called by the test first. In the outer run it creates
# the namespace (named after $T, so unique per run), re-runs the test inside
# it, deletes the namespace and exits with the inner run's status.
# shellcheck disable=SC2034
DHCPD_PID_a=""
DHCPD_PID_b=""
DHCPD_FIX=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

dhcpd_enter_netns() {
	[ -n "${DFO_NETNS:-}" ] && return 0
	need ip dhcpd snmpd snmptrapd snmpwalk /usr/bin/python3
	/usr/bin/python3 -c 'import pypureomapi' 2>/dev/null ||
		fail "python3-pypureomapi is missing (run make deps)"
	local ns rc=0
	ns="dfo-${T##*.}"
	ip netns add "$ns" || fail "cannot create network namespace $ns (needs root)"
	trap 'ip netns del "'"$ns"'" 2>/dev/null; cleanup' EXIT
	ip -n "$ns" link set lo up
	ip -n "$ns" link add va type veth peer name vb
	ip -n "$ns" addr add 192.0.2.1/24 dev va
	ip -n "$ns" addr add 192.0.2.2/24 dev vb
	ip -n "$ns" link set va up
	ip -n "$ns" link set vb up
	ip netns exec "$ns" env DFO_NETNS="$ns" bash "$0" "$@" || rc=$?
	exit "$rc"
}

# dhcpd_setup [AUTO_PARTNER_DOWN]: ports, key and both dhcpd.conf files.
dhcpd_setup() {
	OMAPI_A=$(free_port); OMAPI_B=$(free_port)
	FO1_A=$(free_port); FO1_B=$(free_port); FO2_A=$(free_port); FO2_B=$(free_port)
	DHCP_A=$(free_port); DHCP_B=$(free_port)
	SECRET=$(head -c 32 /dev/urandom | base64 -w0)
	mkdir -p "$T/dhcpd"
	local f
	for f in primary peers-a secondary; do
		sed -e "s|@OMAPI_A@|$OMAPI_A|; s|@OMAPI_B@|$OMAPI_B|; s|@SECRET@|$SECRET|" \
		    -e "s|@DIR@|$T/dhcpd|; s|@FO1_A@|$FO1_A|; s|@FO1_B@|$FO1_B|" \
		    -e "s|@FO2_A@|$FO2_A|; s|@FO2_B@|$FO2_B|; s|@APD@|${1:-5}|" \
		    "$DHCPD_FIX/$f.conf.in" > "$T/dhcpd/$f.conf"
	done
	umask 077
	printf '%s\n' "$SECRET" > "$T/dhcpd/omapi.key"
	head -c 32 /dev/urandom | base64 -w0 > "$T/dhcpd/wrong.key"
	umask 022
	touch "$T/dhcpd/a.leases" "$T/dhcpd/b.leases"
}

# start_dhcpd a|b: primary (a) or secondary (b), in the foreground (-f) so
# its pid is ours; logs in $T/dhcpd/W.log.
start_dhcpd() {
	local w=$1 conf iface port omapi
	if [ "$w" = a ]; then conf=primary iface=va port=$DHCP_A omapi=$OMAPI_A
	else conf=secondary iface=vb port=$DHCP_B omapi=$OMAPI_B; fi
	dhcpd -4 -f -d -cf "$T/dhcpd/$conf.conf" -lf "$T/dhcpd/$w.leases" \
		-pf "$T/dhcpd/$w.pid" -p "$port" "$iface" >>"$T/dhcpd/$w.log" 2>&1 &
	local pid=$!
	PIDS+=("$pid")
	printf -v "DHCPD_PID_$w" %s "$pid"
	wait_for 15 sh -c "ss -Hltn | grep -q ':$omapi\\b'" ||
		fail "dhcpd $w did not open OMAPI port $omapi: $(tail -5 "$T/dhcpd/$w.log")"
}

# stop_dhcpd a|b: SIGTERM, then wait until the pid is gone (dhcpd takes
# about 2 s to exit: it tells its failover partner it is shutting down).
stop_dhcpd() {
	local pid
	local v="DHCPD_PID_$1"; pid=${!v}
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
	fail "dhcpd $1 (pid $pid) still running 15 s after SIGTERM"
}

# rel_index SERVER_INDEX NAME: the relIndex of a relationship by name.
rel_index() {
	walk "$REL_OID.2.$1" 2>/dev/null |
		awk -v n="\"$2\"" -v p="$REL_OID.2.$1." '$4 == n { sub(p, "", $1); print $1; exit }'
}

# omapi_py PORT KEYFILE NAME: the independent client (pypureomapi) prints
# "local-state partner-state hierarchy mclt" of a failover peer.
omapi_py() {
	/usr/bin/python3 - "$@" <<'PY'
import struct, sys
import pypureomapi as P
port, keyfile, name = int(sys.argv[1]), sys.argv[2], sys.argv[3]
key = open(keyfile).read().strip().encode()
o = P.Omapi("127.0.0.1", port, b"omapi_key", key, timeout=5)
m = P.OmapiMessage.open(b"failover-state")
m.obj.append((b"name", name.encode()))
r = o.query_server(m)
if r.opcode != P.OMAPI_OP_UPDATE:
    print("status", dict(r.message))
    sys.exit(1)
d = dict(r.obj)
u = lambda k: struct.unpack("!I", d[k])[0]
print(u(b"local-state"), u(b"partner-state"), u(b"hierarchy"), u(b"mclt"))
PY
}
