#!/bin/bash
# The windows backend (MS-DHCPM over DCE/RPC, Samba's client libraries)
# against tests/integration/windows/fake_dhcpsrv.py, a test server that
# speaks the MS-DHCPM wire format for R_DhcpV4FailoverEnumRelationship
# (opnum 93) and the endpoint mapper, through a real snmpd + snmpwalk:
# rows and their columns, paging at page sizes 1, 7 and 100 (ceil(N/P)
# enumeration calls), the endpoint mapper on port 135 of a private
# loopback address, RPC faults and DHCP error returns on the server row,
# wrong NDR -> ERROR_INVALID_DATA (13) with the agent still answering,
# MORE_DATA forever, a refused connection, the secret never published.
# Authentication: the test server speaks no NTLM/Kerberos; an auth =
# "ntlm" bind is refused by it, which is all that is checked of auth here.
# Also: tools/build-windows.sh --test (the native build under wine).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need snmpwalk snmpget /usr/bin/python3
/usr/bin/python3 -c 'import impacket.dcerpc.v5.ndr' 2>/dev/null ||
	fail "python3-impacket is missing (run make deps)"
FAKE="$ROOT/tests/integration/windows/fake_dhcpsrv.py"

# The native Windows part first (mingw-w64 build of the pager over the
# dhcpsapi.dll backend, run under wine against a stub dhcpsapi.dll); a
# missing mingw-w64 or wine fails.
bash "$ROOT/tools/build-windows.sh" --test "$T/win" > "$T/win.log" 2>&1 ||
	fail "native Windows build/test: $(tail -5 "$T/win.log")"
tail -1 "$T/win.log"

# Is the windows backend in this build (needs samba-dev, -DDFO_HAVE_WINDOWS)?
printf 'servers = ( { name = "w"; type = "windows"; windows = { host = "127.0.0.1"; auth = "none"; }; } );\n' > "$T/probe.conf"
if ! "$AGENT_BIN" --check-config -c "$T/probe.conf" > "$T/probe.log" 2>&1; then
	grep -q "unknown backend type 'windows'" "$T/probe.log" &&
		fail "$AGENT_BIN was built without the windows backend (samba-dev missing: run make deps)"
	fail "probe config rejected: $(cat "$T/probe.log")"
fi

N=20
{
	echo '{"relationships": ['
	for i in $(seq 1 $N); do
		sep=,; [ "$i" = $N ] && sep=
		st=NORMAL; mode=load-balance; role=primary
		[ "$i" = 2 ] && st=COMMUNICATION_INT
		[ "$i" = 3 ] && { st=PARTNER_DOWN; mode=hot-standby; role=secondary; }
		printf '{"name": "fo-%02d", "primary": "192.0.2.%d", "secondary": "198.51.100.%d", "mode": "%s", "role": "%s", "state": "%s", "prev-state": "STARTUP", "mclt": %d, "safe-period": 600, "percentage": 50, "scopes": ["10.0.%d.0", "10.1.%d.0"], "secret": "TOPSECRET-%d"}%s\n' \
			"$i" "$i" "$i" "$mode" "$role" "$st" $((3600 + i)) "$i" "$i" "$i" "$sep"
	done
	echo ']}'
} > "$T/fixture.json"

# start_fake NAME HOST PORT EPM_PORT MODE: one test server, stopped by pid
start_fake() {
	local name=$1 host=$2 port=$3 epm=$4 mode=$5
	echo "$mode" > "$T/$name.mode"
	/usr/bin/python3 "$FAKE" --host "$host" --port "$port" --epm-port "$epm" \
		--fixture "$T/fixture.json" --mode-file "$T/$name.mode" \
		--count-file "$T/$name.count" > "$T/$name.log" 2>&1 &
	PIDS+=($!)
	wait_for 10 grep -q listening "$T/$name.log" || fail "fake server $name did not start: $(cat "$T/$name.log")"
}

# The endpoint mapper has a fixed port, 135: a private loopback address
# of our own keeps it from colliding with anything (needs root).
EPM_HOST=127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))
P_GOOD=$(free_port)
start_fake good "$EPM_HOST" "$P_GOOD" 135 normal
P_FAULT=$(free_port); start_fake fault 127.0.0.1 "$P_FAULT" 0 fault:5
P_BAD=$(free_port); start_fake bad 127.0.0.1 "$P_BAD" 0 bad-ndr
P_STATUS=$(free_port); start_fake status 127.0.0.1 "$P_STATUS" 0 status:20121
P_FOREVER=$(free_port); start_fake forever 127.0.0.1 "$P_FOREVER" 0 more-data-forever
P_DEAD=$(free_port)  # nothing listens there

umask 077
printf 'user = dhcpmon\ndomain = EXAMPLE\npassword = NotAR3alPassw0rd!\n' > "$T/dc.cred"
umask 022
start_snmpd
mkdir -p "$T/state"
{
	conf_header
	cat <<EOC
defaults = { poll-interval = 300; timeout = 5; };
servers = (
  { name = "p1";      page-size = 1;   type = "windows"; windows = { host = "$EPM_HOST"; port = $P_GOOD; auth = "none"; }; },
  { name = "p7";      page-size = 7;   type = "windows"; windows = { host = "$EPM_HOST"; port = 0; auth = "none"; }; },
  { name = "p100";    page-size = 100; type = "windows"; windows = { host = "$EPM_HOST"; auth = "none"; }; },
  { name = "fault";   type = "windows"; poll-interval = 2; windows = { host = "127.0.0.1"; port = $P_FAULT; auth = "none"; }; },
  { name = "badndr";  type = "windows"; poll-interval = 2; windows = { host = "127.0.0.1"; port = $P_BAD; auth = "none"; }; },
  { name = "status";  type = "windows"; windows = { host = "127.0.0.1"; port = $P_STATUS; auth = "none"; }; },
  { name = "forever"; type = "windows"; page-size = 5; max-pages = 10; windows = { host = "127.0.0.1"; port = $P_FOREVER; auth = "none"; }; },
  { name = "dead";    type = "windows"; windows = { host = "127.0.0.1"; port = $P_DEAD; auth = "none"; }; },
  { name = "ntlm";    type = "windows"; windows = { host = "127.0.0.1"; port = $P_STATUS; auth = "ntlm"; credentials-file = "$T/dc.cred"; }; }
);
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 20 "$DFO_OID.1.1.3.0" $((3 * N)) || fail "$((3 * N)) rows expected, got $(get "$DFO_OID.1.1.3.0"); $(tail -5 "$T/agent.log")"

# --- rows and paging: ceil(N/P) calls for P = 1, 7, 100
assert_eq 4 "$(get "$SRV_OID.3.1")" "backend type windows (4)"
for i in 1 2 3; do assert_eq $N "$(get "$SRV_OID.13.$i")" "rows of server $i"; done
assert_eq $N "$(get "$SRV_OID.12.1")" "calls at page size 1 (ceil($N/1))"
assert_eq 3 "$(get "$SRV_OID.12.2")" "calls at page size 7 (ceil($N/7))"
assert_eq 1 "$(get "$SRV_OID.12.3")" "calls at page size 100 (ceil($N/100))"
assert_eq $((N + 3 + 1)) "$(cat "$T/good.count")" "opnum 93 calls seen by the server"
ok "paging: $N rows in $N, 3 and 1 calls at page sizes 1, 7, 100"

walk "$REL_OID.2.1" -Oqv > "$T/names"
assert_eq $N "$(wc -l < "$T/names")" "walked names"
assert_eq '"fo-01"' "$(head -1 "$T/names")" "first name"
assert_eq '"fo-20"' "$(tail -1 "$T/names")" "last name"
walk "$REL_OID.2.2" -Oqv | diff - "$T/names" > /dev/null || fail "epm-found server differs from the fixed-port one"
# state (FSM_STATE + 1), mode, role, raw state, MCLT of a few rows
assert_eq 4 "$(get "$REL_OID.5.1.1")" "fo-01 NORMAL"
assert_eq 5 "$(get "$REL_OID.5.1.2")" "fo-02 COMMUNICATION_INT"
assert_eq 6 "$(get "$REL_OID.5.1.3")" "fo-03 PARTNER_DOWN"
assert_eq 3 "$(get "$REL_OID.6.1.3")" "fo-03 prev STARTUP"
assert_eq 2 "$(get "$REL_OID.3.1.3")" "fo-03 hot-standby"
assert_eq 2 "$(get "$REL_OID.4.1.3")" "fo-03 secondary"
assert_eq '"PARTNER_DOWN"' "$(get "$REL_OID.7.1.3")" "fo-03 raw state"
walk "$REL_OID" -Oqv > "$T/allcols"
grep -q "3607" "$T/allcols" || fail "MCLT 3607 of fo-07 not published"
grep -q "TOPSECRET" "$T/allcols" "$T/agent.log" && fail "a SharedSecret reached the MIB or the log"
grep -q "NotAR3alPassw0rd" "$T/agent.log" "$T/allcols" && fail "the password reached the log or the MIB"
ok "rows: names, states, modes, roles, raw states; no secret published"

# --- failures on the server row
wait_value 10 "$SRV_OID.8.4" 5 || fail "RPC fault 5: lastErrorCode $(get "$SRV_OID.8.4")"
get "$SRV_OID.9.4" | grep -q "ERROR_ACCESS_DENIED" || fail "fault text: $(get "$SRV_OID.9.4")"
wait_value 10 "$SRV_OID.8.5" 13 || fail "wrong NDR: lastErrorCode $(get "$SRV_OID.8.5")"
get "$SRV_OID.9.5" | grep -q "malformed MS-DHCPM response" || fail "NDR text: $(get "$SRV_OID.9.5")"
wait_value 10 "$SRV_OID.8.6" 20121 || fail "status 20121: lastErrorCode $(get "$SRV_OID.8.6")"
get "$SRV_OID.9.6" | grep -q "ERROR_DHCP_NO_ADMIN_PERMISSION" || fail "status text: $(get "$SRV_OID.9.6")"
wait_value 10 "$SRV_OID.8.7" 13 || fail "MORE_DATA forever: lastErrorCode $(get "$SRV_OID.8.7")"
wait_value 10 "$SRV_OID.8.8" 1225 || fail "refused connection: lastErrorCode $(get "$SRV_OID.8.8")"
wait_value 10 "$SRV_OID.8.9" 1825 || fail "NTLM bind refused: lastErrorCode $(get "$SRV_OID.8.9")"
code=1825
for i in 4 5 6 7 8 9; do assert_eq 0 "$(get "$SRV_OID.13.$i")" "rows of failing server $i"; done
ok "fault 5, wrong NDR 13, status 20121, MORE_DATA forever 13, refused 1225, ntlm refused $code"

# other wrong NDR and faults, switched at run time; the agent keeps answering
value_has() { get "$1" | grep -qF "$2"; } # OID TEXT
for m in "huge-count:NumElements too large" "bad-conformance:conformance != NumElements" \
	"read-mismatch:RelationshipRead 21 but 20" "bad-ndr:truncated"; do
	echo "${m%%:*}" > "$T/bad.mode"
	wait_for 10 value_has "$SRV_OID.9.5" "${m#*:}" || fail "${m%%:*}: lastError $(get "$SRV_OID.9.5")"
	assert_eq 13 "$(get "$SRV_OID.8.5")" "${m%%:*}: lastErrorCode"
done
echo fault:0x1c010002 > "$T/fault.mode"
wait_value 10 "$SRV_OID.8.4" 1745 || fail "nca_s_op_rng_error: lastErrorCode $(get "$SRV_OID.8.4")"
kill -0 "$AGENT_PID" || fail "agent died"
walk "$REL_OID.2.1" -Oqv | diff - "$T/names" > /dev/null || fail "good rows changed while others failed"
# and a server that recovers gets its rows
echo normal > "$T/bad.mode"
wait_value 10 "$SRV_OID.13.5" $N || fail "recovered server rows: $(get "$SRV_OID.13.5")"
assert_eq 0 "$(get "$SRV_OID.8.5")" "error cleared after recovery"
ok "huge counts, bad conformance, read mismatch -> 13; op_rng fault -> 1745; recovery"

# --- the credentials file must not be group/world readable
chmod 0644 "$T/dc.cred"
if "$AGENT_BIN" --check-config -c "$T/conf" > "$T/check.log" 2>&1; then
	fail "a world-readable credentials file was accepted"
fi
grep -q "refusing a secret file readable by group or others" "$T/check.log" || fail "mode error: $(cat "$T/check.log")"
grep -q "NotAR3alPassw0rd" "$T/check.log" && fail "password in the config check output"
ok "world-readable credentials file refused at load"
