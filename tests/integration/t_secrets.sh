#!/bin/bash
# Secrets (a Kea basic-auth password, an OMAPI key) are used but never
# reach the debug log, the MIB, the process title or what a core dump
# would hold (every readable mapping not marked MADV_DONTDUMP, read from
# /proc/PID/mem while an OMAPI session with the key is open); secret files
# others can read are refused with file:line at config load or as a server
# error; a Kea URL carrying user:password@ is refused without echoing it.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need snmpwalk /usr/bin/python3 base64 od
[ "$(id -u)" -eq 0 ] || fail "needs root (reads /proc/PID/mem of the agent)"
FAKE=$(free_port)
/usr/bin/python3 "$ROOT/tests/integration/kea/fake_ca.py" "$FAKE" &
PIDS+=($!)
OMAPI=$(free_port)
/usr/bin/python3 "$ROOT/tests/integration/dhcpd/omapi_accept.py" "$OMAPI" &
PIDS+=($!)
# what a core dump would hold: every readable mapping without VmFlags dd
cat > "$T/dumpable.py" <<'PY'
import re, sys
pid, needles = int(sys.argv[1]), [bytes.fromhex(h) for h in sys.argv[2:]]
regions, cur = [], None
for line in open(f"/proc/{pid}/smaps"):
    m = re.match(r"([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+ *(.*)", line)
    if m:
        cur = [int(m.group(1), 16), int(m.group(2), 16), m.group(3),
               m.group(4).strip() or "anonymous memory", False]
        regions.append(cur)
    elif line.startswith("VmFlags:") and cur is not None:
        cur[4] = "dd" in line.split()[1:]
mem = open(f"/proc/{pid}/mem", "rb", 0)
hits = []
for lo, hi, perm, name, dd in regions:
    if dd or "r" not in perm or name in ("[vvar]", "[vsyscall]"):
        continue
    try:
        mem.seek(lo)
        data = mem.read(hi - lo)
    except (OSError, ValueError):
        continue
    for i, n in enumerate(needles):
        if n in data:
            hits.append(f"secret {i} in {name}")
print("; ".join(hits))
sys.exit(1 if hits else 0)
PY
hex() { od -An -tx1 | tr -d ' \n'; }
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
      key-name = "omapi_key"; key-file = "$T/omapi.key"; peers = [ "fo1" ]; }; },
  { name = "keyed"; type = "dhcpd"; dhcpd = { host = "127.0.0.1"; port = $OMAPI;
      key-name = "omapi_key"; key-file = "$T/omapi.key"; peers = [ "fo1" ]; }; }
);
EOC
} > "$T/conf"
start_agent "$T/conf" -d
wait_value 10 "$SRV_OID.8.1" 5 || fail "kea: the credentials were not used: $(get "$SRV_OID.9.1")"
wait_value 10 "$SRV_OID.8.2" 1225 || fail "dhcpd: $(get "$SRV_OID.9.2")"
# the keyed session is open: fo1's row carries dhcpd's "not found"
rowerr() { get "$REL_OID.29.3.1" | grep -q "no failover peer"; }
wait_for 10 rowerr || fail "no keyed OMAPI session: $(get "$SRV_OID.9.3") / $(get "$REL_OID.29.3.1")"
sleep 2
walk "$DFO_OID" > "$T/walk"
for s in "$PASS" "$KEY"; do
	grep -qF -- "$s" "$T/agent.log" && fail "a secret is in the debug log"
	grep -qF -- "$s" "$T/walk" && fail "a secret is in the MIB"
	tr '\0' ' ' < "/proc/$AGENT_PID/cmdline" | grep -qF -- "$s" && fail "a secret is in the process title"
done
grep -q "debug" "$T/agent.log" || fail "the log is not at debug level"
ok "Kea password and OMAPI key used; absent from the debug log, the MIB and the process title"

if ! /usr/bin/python3 "$T/dumpable.py" "$AGENT_PID" "$(printf %s "$KEY" | base64 -d | hex)" \
	"$(printf %s "$PASS" | hex)" "$(printf %s "$KEY" | hex)" > "$T/dump.txt"; then
	fail "secrets in memory a core dump would hold (0 = decoded OMAPI key, 1 = Kea password, 2 = key file text): $(cat "$T/dump.txt")"
fi
ok "neither the OMAPI key (file text or decoded, keyed session open) nor the Kea password is in dumpable memory"

chmod 640 "$T/omapi.key"
if "$AGENT_BIN" --check-config -c "$T/conf" > "$T/cc" 2>&1; then fail "group-readable OMAPI key accepted"; fi
grep -q "$T/conf:[0-9]*: key-file: .*readable by group or others" "$T/cc" || fail "message: $(cat "$T/cc")"
grep -qF -- "$KEY" "$T/cc" && fail "the key is in the error message"
ok "a group-readable key file is refused at config load with file:line"

# credentials in a Kea URL would reach the MIB's address column and every
# error text: refused at load, without echoing them
UPASS="url-Pa55-$RANDOM$RANDOM"
{ conf_header; cat <<EOC
servers = ( { name = "k"; type = "kea"; kea = { url = "http://admin:$UPASS@127.0.0.1:$FAKE/"; }; } );
EOC
} > "$T/conf.url"
if "$AGENT_BIN" --check-config -c "$T/conf.url" > "$T/cu" 2>&1; then fail "a Kea URL with user:password@ accepted"; fi
grep -q "$T/conf.url:[0-9]*: .*credentials" "$T/cu" || fail "message: $(cat "$T/cu")"
grep -qF -- "$UPASS" "$T/cu" && fail "the password is echoed in the error message"
ok "a Kea URL with user:password@ is refused at config load with file:line, not echoed"
