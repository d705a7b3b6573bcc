#!/bin/bash
# Secrets (a Kea basic-auth password, an OMAPI key) are used but never
# reach the debug log, the MIB or the process title; secret files others
# can read are refused with file:line at config load or as a server error.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need snmpwalk /usr/bin/python3
FAKE=$(free_port)
/usr/bin/python3 "$ROOT/tests/integration/kea/fake_ca.py" "$FAKE" &
PIDS+=($!)
start_snmpd
mkdir -p "$T/state"
PASS="kea-Pa55word-$RANDOM$RANDOM"
KEY=$(head -c 24 /dev/urandom | base64 -w0)
printf 'admin:%s\n' "$PASS" > "$T/kea.cred"
printf '%s\n' "$KEY" > "$T/omapi.key"
chmod 600 "$T/kea.cred" "$T/omapi.key"
CLOSED=$(free_port)
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; unreachable-after = 1; timeout = 2; };
servers = (
  { name = "kea"; type = "kea"; kea = { url = "http://127.0.0.1:$FAKE/auth"; credentials-file = "$T/kea.cred"; }; },
  { name = "dhcpd"; type = "dhcpd"; dhcpd = { host = "127.0.0.1"; port = $CLOSED;
      key-name = "omapi_key"; key-file = "$T/omapi.key"; peers = [ "fo1" ]; }; }
);
EOC
} > "$T/conf"
start_agent "$T/conf" -d
wait_value 10 "$SRV_OID.8.1" 5 || fail "kea: the credentials were not used: $(get "$SRV_OID.9.1")"
wait_value 10 "$SRV_OID.8.2" 1225 || fail "dhcpd: $(get "$SRV_OID.9.2")"
sleep 2
walk "$DFO_OID" > "$T/walk"
for s in "$PASS" "$KEY"; do
	grep -qF -- "$s" "$T/agent.log" && fail "a secret is in the debug log"
	grep -qF -- "$s" "$T/walk" && fail "a secret is in the MIB"
	tr '\0' ' ' < "/proc/$AGENT_PID/cmdline" | grep -qF -- "$s" && fail "a secret is in the process title"
done
grep -q "debug" "$T/agent.log" || fail "the log is not at debug level"
ok "Kea password and OMAPI key used; absent from the debug log, the MIB and the process title"

chmod 640 "$T/omapi.key"
if "$AGENT_BIN" --check-config -c "$T/conf" > "$T/cc" 2>&1; then fail "group-readable OMAPI key accepted"; fi
grep -q "$T/conf:[0-9]*: key-file: .*readable by group or others" "$T/cc" || fail "message: $(cat "$T/cc")"
grep -qF -- "$KEY" "$T/cc" && fail "the key is in the error message"
ok "a group-readable key file is refused at config load with file:line"
