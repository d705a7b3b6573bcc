#!/bin/bash
# A real Kea 2.2 pair in passive-backup mode (a primary and a backup: no
# heartbeats, no remote map in status-get) through a real snmpd, a
# kea-dhcp4 without the HA hook (an actionable "not supported" error, not
# an empty table), and a control agent whose kea-dhcp4 is down (the agent
# answers "Unable to forward": server unavailable 1722, not bad data).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/integration/kea/pair.sh
. "$(dirname "$0")/kea/pair.sh"
need snmpget
kea_pair passive-backup
# a third kea-dhcp4 with no hooks at all
cat > "$T/kea3.json" <<EOC
{ "Dhcp4": {
  "interfaces-config": { "interfaces": [ "lo" ], "dhcp-socket-type": "udp" },
  "control-socket": { "socket-type": "unix", "socket-name": "$T/kea3.sock" },
  "lease-database": { "type": "memfile", "persist": false },
  "loggers": [ { "name": "kea-dhcp4", "severity": "INFO",
                 "output_options": [ { "output": "$T/kea3.log" } ] } ]
} }
EOC
P3=$(free_port)
kea-dhcp4 -c "$T/kea3.json" -p "$P3" -P $((P3 + 1)) >> "$T/kea3.out" 2>&1 &
PIDS+=($!)
wait_for 10 test -S "$T/kea3.sock" || fail "kea-dhcp4 3 did not start: $(tail -5 "$T/kea3.out")"
start_snmpd
mkdir -p "$T/state"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; unreachable-after = 1; timeout = 2; };
servers = (
  { name = "pb-primary"; type = "kea"; kea = { url = "http://127.0.0.1:$KEA_CA1/"; }; },
  { name = "pb-backup"; type = "kea"; kea = { url = "http://127.0.0.1:$KEA_CA2/"; }; },
  { name = "no-ha"; type = "kea"; kea = { socket = "$T/kea3.sock"; }; }
);
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 20 "$REL_OID.7.1.1" '"passive-backup"' || fail "primary row: $(get "$REL_OID.7.1.1") $(get "$SRV_OID.9.1")"
wait_value 20 "$REL_OID.7.2.1" '"backup"' || fail "backup row: $(get "$REL_OID.7.2.1") $(get "$SRV_OID.9.2")"
for s in 1 2; do
	assert_eq '"server1/server2"' "$(get "$REL_OID.2.$s.1")" "relationship name on server $s"
	assert_eq 3 "$(get "$REL_OID.3.$s.1")" "mode passiveBackup on server $s"
done
assert_eq 1 "$(get "$REL_OID.4.1.1")" "role primary"
assert_eq 4 "$(get "$REL_OID.5.1.1")" "primary state normal"
assert_eq 4 "$(get "$REL_OID.4.2.1")" "role backup"
assert_eq 26 "$(get "$REL_OID.5.2.1")" "backup state backup"
ok "passive-backup: primary normal(4), backup backup(26), both named server1/server2"

wait_value 10 "$SRV_OID.8.3" 50 || fail "no HA hook: $(get "$SRV_OID.8.3") $(get "$SRV_OID.9.3")"
get "$SRV_OID.9.3" | grep -q "libdhcp_ha.so" || fail "no-HA text: $(get "$SRV_OID.9.3")"
assert_eq 2 "$(get "$SRV_OID.5.3")" "a server without HA is not reachable-and-fine"
ok "kea-dhcp4 without the HA hook: 50, $(get "$SRV_OID.9.3")"

kea_stop 2
wait_value 10 "$SRV_OID.8.2" 1722 || fail "dhcp4 behind the control agent down: $(get "$SRV_OID.8.2") $(get "$SRV_OID.9.2")"
get "$SRV_OID.9.2" | grep -q "forward" || fail "text: $(get "$SRV_OID.9.2")"
assert_eq '"backup"' "$(get "$REL_OID.7.2.1")" "the backup's row is kept"
assert_eq 4 "$(get "$REL_OID.5.1.1")" "the primary does not care in passive-backup"
ok "kea-dhcp4 down behind a running control agent: 1722, row kept"
kill -0 "$AGENT_PID" || fail "agent died"
