#!/bin/bash
# Standalone mode: the same MIB module on its own UDP port, no snmpd.
# Same rows as AgentX mode (v2c and v3 authPriv), a strict independent
# client (pysnmp) in both modes, refused credentials, SET refused,
# notifications to the access file's sinks, and bad setups that must not start.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$(dirname "$0")/../lib_sim.sh"
need snmpwalk snmpbulkwalk snmpget snmpset snmptrapd /usr/bin/python3
STRICT="/usr/bin/python3 $ROOT/tests/integration/strict_walk.py"
start_trapd
start_snmpd
mkdir -p "$T/state"
sim_data "$T/s.data" "a:normal b:communicationInterrupted c:partnerDown"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; };
servers = ( { name = "s"; sim = { data-file = "$T/s.data"; }; },
            { name = "t"; sim = { relationships = ( { name = "z"; state = "paused"; scopes = [ "10.0.0.0" ]; } ); }; } );
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 10 "$DFO_OID.1.1.3.0" 4 || fail "AgentX mode rows"

SA_PORT=$(free_port)
cat > "$T/access.conf" <<EOC
rocommunity s3cret 127.0.0.1
createUser dfo SHA "authpass123" AES "privpass123"
rouser dfo priv
trap2sink 127.0.0.1:$TRAP_PORT public
EOC
chmod 600 "$T/access.conf"
mkdir -p "$T/sa-state"
sed "s|$T/state|$T/sa-state|" "$T/conf" > "$T/sa.conf"
"$AGENT_BIN" -f -c "$T/sa.conf" --listen "udp:127.0.0.1:$SA_PORT" --access-file "$T/access.conf" \
	>> "$T/sa.log" 2>&1 &
SA_PID=$!
PIDS+=("$SA_PID")
SA="127.0.0.1:$SA_PORT"
sa() { local cmd=$1; shift; "$cmd" -t 2 -r 1 "$@"; }
v3=(-v3 -l authPriv -u dfo -a SHA -A authpass123 -x AES -X privpass123)
wait_for 10 sa snmpget -v2c -c s3cret "$SA" "$DFO_OID.1.1.1.0" || fail "standalone agent: $(cat "$T/sa.log")"
for _ in $(seq 1 50); do [ "$(sa snmpget -v2c -c s3cret -Oqv "$SA" "$DFO_OID.1.1.3.0")" = 4 ] && break; sleep 0.1; done

# what differs between two processes or ticks between two walks:
# last poll times, poll and call counters, state-since times, data age
strip() { grep -v "No more variables left" | grep -vE "^$DFO_OID\.1\.1\.4\.|^$SRV_OID\.(6|7|10|12|18)\.|^$REL_OID\.(20|21|23)\." ; }
walk "$DFO_OID" | strip > "$T/agentx.walk"
sa snmpwalk -v2c -c s3cret -On "$SA" "$DFO_OID" | strip > "$T/v2c.walk"
sa snmpbulkwalk "${v3[@]}" -On -Cr25 "$SA" "$DFO_OID" | strip > "$T/v3.walk"
diff "$T/agentx.walk" "$T/v2c.walk" > "$T/d1" || fail "v2c walk differs from AgentX: $(head "$T/d1")"
diff "$T/agentx.walk" "$T/v3.walk" > "$T/d2" || fail "v3 walk differs from AgentX: $(head "$T/d2")"
ok "standalone v2c and v3 authPriv walks equal the AgentX walk ($(wc -l < "$T/v2c.walk") varbinds)"

$STRICT 127.0.0.1 "$SNMP_PORT" "$DFO_OID" v2c:public > "$T/strict.agentx" || fail "strict client, AgentX mode"
$STRICT 127.0.0.1 "$SA_PORT" "$DFO_OID" v2c:s3cret > "$T/strict.sa" || fail "strict client, standalone"
$STRICT 127.0.0.1 "$SA_PORT" "$DFO_OID" v3:dfo:authpass123:privpass123 > "$T/strict.v3" || fail "strict client, v3"
diff "$T/strict.agentx" "$T/strict.sa" > /dev/null || fail "strict walks differ between modes"
diff "$T/strict.sa" "$T/strict.v3" > /dev/null || fail "strict walks differ between v2c and v3"
ok "pysnmp: strictly increasing, GETBULK 1/3/7/50 = GETNEXT, both modes equal"

for bad in "-v2c -c wrong" "-v3 -l authPriv -u nobody -a SHA -A authpass123 -x AES -X privpass123" \
	"-v3 -l authPriv -u dfo -a SHA -A wrongpass99 -x AES -X privpass123"; do
	# shellcheck disable=SC2086
	if sa snmpget $bad "$SA" "$DFO_OID.1.1.1.0" > "$T/bad.out" 2>&1; then fail "answered with $bad"; fi
	grep -q "3\.1\.2" "$T/bad.out" && fail "data leaked with $bad"
done
sleep 1.5
grep -q "refused .*unknown community" "$T/sa.log" || fail "no log line for a wrong community"
grep -q "refused .*unknown SNMPv3 user" "$T/sa.log" || fail "no log line for an unknown user"
grep -q "refused .*wrong SNMPv3 authentication key" "$T/sa.log" || fail "no log line for a wrong key"
if sa snmpset -v2c -c s3cret "$SA" "$DFO_OID.1.3.1.2.1.1" s x > "$T/set.out" 2>&1; then fail "SET accepted"; fi
grep -qi "noAccess\|notWritable\|readOnly" "$T/set.out" || fail "SET: $(cat "$T/set.out")"
kill -0 "$SA_PID" || fail "standalone agent died"
ok "wrong community, unknown user, wrong key: no answer, logged; SET refused"

sim_data "$T/s.data" "a:partnerDown b:communicationInterrupted c:partnerDown"
for _ in $(seq 1 100); do
	[ "$(grep "OID: .1.3.6.1.4.1.32473.46.0.1\b" "$T/traps.log" | grep -c '"a"')" -ge 2 ] && break
	sleep 0.1
done
assert_eq 2 "$(grep "OID: .1.3.6.1.4.1.32473.46.0.1\b" "$T/traps.log" | grep -c '"a"')" \
	"state-change notifications (one per mode)"
ok "standalone notifications reach the access file's trap2sink"

# bad setups: a clear error and a non-zero exit
expect_refusal() { # message args...
	local msg=$1
	shift
	if timeout 10 "$AGENT_BIN" -f -c "$T/sa.conf" "$@" > "$T/r.out" 2>&1; then fail "started with $*"; fi
	grep -q "$msg" "$T/r.out" || fail "expected '$msg': $(cat "$T/r.out")"
}
expect_refusal "cannot listen on udp:127.0.0.1:$SA_PORT" --listen "udp:127.0.0.1:$SA_PORT" --access-file "$T/access.conf"
expect_refusal "cannot read access file" --listen "udp:127.0.0.1:$(free_port)" --access-file "$T/nope.conf"
expect_refusal "needs an access file" --listen "udp:127.0.0.1:$(free_port)"
printf 'trap2sink 127.0.0.1:162 public\n' > "$T/norule.conf"
chmod 600 "$T/norule.conf"
expect_refusal "no access rule" --listen "udp:127.0.0.1:$(free_port)" --access-file "$T/norule.conf"
cp "$T/access.conf" "$T/open.conf"
chmod 644 "$T/open.conf"
expect_refusal "readable by group or others" --listen "udp:127.0.0.1:$(free_port)" --access-file "$T/open.conf"
ok "port in use, missing/unreadable access file, no rule, readable secrets: refused with a clear error"
