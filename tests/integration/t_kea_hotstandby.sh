#!/bin/bash
# A real Kea 2.2 HA pair in hot-standby mode through a real snmpd: mode,
# roles (primary / standby), names and addresses from config-get, and the
# credentials file of the control-agent transport is refused when others
# can read it.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/integration/kea/pair.sh
. "$(dirname "$0")/kea/pair.sh"
need snmpget
kea_pair hot-standby
start_snmpd
mkdir -p "$T/state"
printf 'admin:not-used\n' > "$T/cred"
chmod 644 "$T/cred"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; unreachable-after = 1; };
servers = (
  { name = "primary"; type = "kea"; kea = { url = "http://127.0.0.1:$KEA_CA1/"; }; },
  { name = "standby"; type = "kea"; kea = { socket = "$T/kea2.sock"; }; },
  { name = "leaky"; type = "kea"; kea = { url = "http://127.0.0.1:$KEA_CA1/"; credentials-file = "$T/cred"; }; }
);
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 20 "$REL_OID.7.1.1" '"hot-standby"' || fail "primary row: $(get "$REL_OID.7.1.1")"
wait_value 20 "$REL_OID.7.2.1" '"hot-standby"' || fail "standby row"
assert_eq 2 "$(get "$REL_OID.3.1.1")" "mode hotStandby"
assert_eq 1 "$(get "$REL_OID.4.1.1")" "primary role"
assert_eq 3 "$(get "$REL_OID.4.2.1")" "standby role"
assert_eq 4 "$(get "$REL_OID.5.2.1")" "state normal"
assert_eq '"server1"' "$(get "$REL_OID.12.1.1")" "primary name from config-get"
assert_eq '"server2"' "$(get "$REL_OID.15.2.1")" "secondary name from config-get"
assert_eq '"7F 00 00 01 "' "$(get "$REL_OID.11.1.1" | tr -d '\n')" "primary address from the peer URL"
ok "hot-standby pair: mode, roles, names and addresses"
wait_value 10 "$SRV_OID.8.3" 5 || fail "group-readable credentials accepted"
get "$SRV_OID.9.3" | grep -q "readable by group or others" || fail "text: $(get "$SRV_OID.9.3")"
grep -q "not-used" "$T/agent.log" && fail "a secret reached the log"
ok "credentials file readable by others: refused (5), never logged"
