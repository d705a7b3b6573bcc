#!/bin/bash
# tests/integration/kea/pair.sh: a real Kea 2.2 HA pair on loopback for the
# tests (sourced after tests/lib.sh). Each kea-dhcp4 runs on its own DHCP
# port (-p) on lo with its own control socket, lease file and log under
# $T, and its own kea-ctrl-agent, through which the peers exchange HA
# heartbeats and the agent under test asks status-get.
#   kea_pair MODE          start server1 and server2 (load-balancing | hot-standby
#                          | passive-backup: server2 is the backup)
#   kea_start N / kea_stop N    one peer's kea-dhcp4
#   kea_ca_stop N          one peer's control agent
#   kea_state N            local HA state of peer N (through its socket)
HOOKS=/usr/lib/x86_64-linux-gnu/kea/hooks
export KEA_PIDFILE_DIR="$T/kea-run" KEA_LOCKFILE_DIR="$T/kea-run"
mkdir -p "$KEA_PIDFILE_DIR"
declare -A KEA_PID CA_PID
KEA_CA1=$(free_port)
KEA_CA2=$(free_port)
KEA_DHCP1=$(free_port)
KEA_DHCP2=$(free_port)

kea_conf() { # N MODE
	local n=$1 mode=$2 r2=secondary
	[ "$mode" = hot-standby ] && r2=standby
	[ "$mode" = passive-backup ] && r2=backup
	cat > "$T/kea$n.json" <<EOC
{ "Dhcp4": {
  "interfaces-config": { "interfaces": [ "lo" ], "dhcp-socket-type": "udp" },
  "control-socket": { "socket-type": "unix", "socket-name": "$T/kea$n.sock" },
  "lease-database": { "type": "memfile", "persist": true, "name": "$T/kea$n.leases" },
  "multi-threading": { "enable-multi-threading": false },
  "hooks-libraries": [
    { "library": "$HOOKS/libdhcp_lease_cmds.so" },
    { "library": "$HOOKS/libdhcp_ha.so", "parameters": { "high-availability": [ {
        "this-server-name": "server$n", "mode": "$mode",
        "heartbeat-delay": 1000, "max-response-delay": 3000,
        "max-ack-delay": 1000, "max-unacked-clients": 0,
        "sync-timeout": 5000,
        "peers": [
          { "name": "server1", "url": "http://127.0.0.1:$KEA_CA1/", "role": "primary", "auto-failover": true },
          { "name": "server2", "url": "http://127.0.0.1:$KEA_CA2/", "role": "$r2", "auto-failover": true }
        ] } ] } }
  ],
  "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24",
                 "pools": [ { "pool": "192.0.2.100 - 192.0.2.200" } ] } ],
  "loggers": [ { "name": "kea-dhcp4", "severity": "INFO",
                 "output_options": [ { "output": "$T/kea$n.log" } ] } ]
} }
EOC
	local port
	port=$([ "$n" = 1 ] && echo "$KEA_CA1" || echo "$KEA_CA2")
	cat > "$T/ca$n.json" <<EOC
{ "Control-agent": {
  "http-host": "127.0.0.1", "http-port": $port,
  "control-sockets": { "dhcp4": { "socket-type": "unix", "socket-name": "$T/kea$n.sock" } },
  "loggers": [ { "name": "kea-ctrl-agent", "severity": "INFO",
                 "output_options": [ { "output": "$T/ca$n.log" } ] } ]
} }
EOC
}

kea_start() {
	local n=$1 port
	port=$([ "$n" = 1 ] && echo "$KEA_DHCP1" || echo "$KEA_DHCP2")
	rm -f "$KEA_PIDFILE_DIR/kea$n.kea-dhcp4.pid"
	kea-dhcp4 -c "$T/kea$n.json" -p "$port" -P $((port + 1)) >> "$T/kea$n.out" 2>&1 &
	KEA_PID[$n]=$!
	PIDS+=("${KEA_PID[$n]}")
	wait_for 10 test -S "$T/kea$n.sock" || fail "kea-dhcp4 $n did not start: $(tail -5 "$T/kea$n.out")"
}

kea_stop() {
	local n=$1
	kill "${KEA_PID[$n]}" 2>/dev/null || true
	for _ in $(seq 1 100); do kill -0 "${KEA_PID[$n]}" 2>/dev/null || return 0; sleep 0.1; done
	kill -9 "${KEA_PID[$n]}" 2>/dev/null || true
}

kea_ca_start() {
	local n=$1
	kea-ctrl-agent -c "$T/ca$n.json" >> "$T/ca$n.out" 2>&1 &
	CA_PID[$n]=$!
	PIDS+=("${CA_PID[$n]}")
}

kea_ca_stop() {
	kill "${CA_PID[$1]}" 2>/dev/null || true
	for _ in $(seq 1 50); do kill -0 "${CA_PID[$1]}" 2>/dev/null || return 0; sleep 0.1; done
}

kea_state() { # local HA state, straight from the control socket
	/usr/bin/python3 - "$T/kea$1.sock" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(3); s.connect(sys.argv[1])
s.sendall(b'{"command": "status-get"}')
buf = b""
while True:
    d = s.recv(65536)
    if not d:
        break
    buf += d
    try:
        r = json.loads(buf); break
    except ValueError:
        pass
print(r["arguments"]["high-availability"][0]["ha-servers"]["local"]["state"])
PY
}

kea_pair() {
	local mode=$1
	need kea-dhcp4 kea-ctrl-agent /usr/bin/python3
	kea_conf 1 "$mode"
	kea_conf 2 "$mode"
	kea_ca_start 1
	kea_ca_start 2
	kea_start 1
	kea_start 2
	local want=$mode want2=$mode
	[ "$mode" = passive-backup ] && want2=backup
	for _ in $(seq 1 300); do
		[ "$(kea_state 1 2>/dev/null)" = "$want" ] && [ "$(kea_state 2 2>/dev/null)" = "$want2" ] && return 0
		sleep 0.1
	done
	fail "Kea pair did not reach $want/$want2: $(kea_state 1 2>&1) / $(kea_state 2 2>&1); $(tail -3 "$T/kea1.log")"
}
