#!/bin/bash
# The Zabbix template against a real Zabbix 6.0 server (Debian 12's
# zabbix-server-pgsql + zabbix-frontend-php on PHP's built-in server, a
# private PostgreSQL cluster), all on private ports under $T:
# - the committed template is what contrib/zabbix/gen_template.py makes of
#   the MIB, and it imports through the API without errors or PHP warnings;
# - SNMP discovery on a host pointing at snmpd + the subagent (sim data)
#   creates one item set per server and per relationship, named right;
# - every discovered item's value matches an snmpwalk of the same rows;
# - partner-down raises the HIGH trigger (and only that one), normal again
#   resolves it; the state-change notification reaches the trap item
#   through snmptrapd -> the Zabbix SNMP trapper file.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$(dirname "$0")/../lib_sim.sh"
need snmpd snmpwalk snmpget snmptrapd curl

ZDIR="$ROOT/contrib/zabbix"
TPL="$ZDIR/dhcpfo_template_6.0.yaml"
TNAME="DHCP failover by SNMP dhcpfo"
PGBIN=/usr/lib/postgresql/15/bin
SQL=/usr/share/zabbix-server-pgsql
START=$(date +%s)
el() { echo "$(($(date +%s) - START)) s"; }

# ---- the template is the generator's output -------------------------------
[ -f "$TPL" ] || fail "$TPL is missing"
/usr/bin/python3 "$ZDIR/gen_template.py" -o "$T/gen.yaml" || fail "gen_template.py failed"
cmp -s "$T/gen.yaml" "$TPL" ||
	fail "committed template differs from gen_template.py output: $(diff "$TPL" "$T/gen.yaml" | head -20)"
ok "committed template == gen_template.py output from the MIB"

# ---- packages: installed here if missing; a failure is a test failure ------
have_zabbix() {
	[ -x /usr/sbin/zabbix_server ] && [ -x "$PGBIN/postgres" ] && [ -x "$PGBIN/initdb" ] &&
		[ -f /usr/share/zabbix/api_jsonrpc.php ] && [ -f "$SQL/schema.sql.gz" ] &&
		command -v php >/dev/null && command -v jq >/dev/null && command -v psql >/dev/null &&
		php -r 'exit(extension_loaded("pgsql") ? 0 : 1);' 2>/dev/null
}
if ! have_zabbix; then
	sh "$ROOT/tools/deps.sh" > "$T/deps.log" 2>&1 ||
		fail "Zabbix packages missing and not installable: $(tail -5 "$T/deps.log")"
	have_zabbix || fail "Zabbix packages still missing after tools/deps.sh"
fi
need jq php psql setpriv "$PGBIN/postgres" /usr/sbin/zabbix_server
ok "zabbix $(/usr/sbin/zabbix_server -V | head -1 | awk '{print $3}'), postgres, php present ($(el))"

# zabbix_server first (its HA manager lingers if the database goes first),
# PostgreSQL with a fast shutdown, then lib.sh's cleanup for the rest.
ZBX_PID="" PG_PID="" ZBX_KIDS=()
zbx_cleanup() {
	local rc=$? p
	set +e
	if [ -n "$ZBX_PID" ]; then
		kill "$ZBX_PID" 2>/dev/null || true
		for _ in $(seq 1 150); do kill -0 "$ZBX_PID" 2>/dev/null || break; sleep 0.1; done
		for p in "${ZBX_KIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	fi
	if [ -n "$PG_PID" ]; then
		kill -INT "$PG_PID" 2>/dev/null || true
		for _ in $(seq 1 100); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
	fi
	(exit "$rc")
	cleanup
}
trap zbx_cleanup EXIT

# ---- PostgreSQL: a private cluster as the postgres user --------------------
chmod 711 "$T"
mkdir -p "$T/pg" "$T/pgsock"
chown postgres: "$T/pg" "$T/pgsock"
as_pg() { (cd "$T/pg" && exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"); }
as_pg "$PGBIN/initdb" -D "$T/pg/data" -U zabbix -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
	> "$T/initdb.log" 2>&1 || fail "initdb: $(tail -5 "$T/initdb.log")"
PG_PORT=$(free_port)
# (a subshell that execs: $! is the postmaster itself)
(cd "$T/pg" && exec setpriv --reuid=postgres --regid=postgres --init-groups \
	"$PGBIN/postgres" -D "$T/pg/data" -p "$PG_PORT" -k "$T/pgsock" \
	-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
	-c full_page_writes=off) > "$T/postgres.log" 2>&1 &
PG_PID=$!
PIDS+=("$PG_PID")
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U zabbix)
wait_for 20 "${PSQL[@]}" -c 'select 1' postgres || fail "postgres: $(tail -5 "$T/postgres.log")"
assert_eq "$PG_PID" "$(head -1 "$T/pg/data/postmaster.pid")" "postmaster pid"
"${PSQL[@]}" -c 'create database zabbix template template0' postgres || fail "createdb"
# the schema import is the slow step: in the background while the SNMP
# side starts (schema + images in one transaction; data.sql has its own)
{ echo 'BEGIN;'; zcat "$SQL/schema.sql.gz" "$SQL/images.sql.gz"; echo 'COMMIT;'
	zcat "$SQL/data.sql.gz"; } | "${PSQL[@]}" zabbix > "$T/schema.log" 2>&1 &
LOAD_PID=$!
PIDS+=("$LOAD_PID")

# ---- snmptrapd -> contrib's traphandle -> Zabbix's trapper file; snmpd; agent
TRAP_PORT=$(free_port)
ZTRAPS="$T/zabbix_traps.log"
: > "$ZTRAPS"
printf 'disableAuthorization yes\ntraphandle default /bin/sh %s %s\n' \
	"$ZDIR/snmptrap_to_zabbix.sh" "$ZTRAPS" > "$T/snmptrapd.conf"
snmptrapd -f -On -C -c "$T/snmptrapd.conf" -Lf "$T/snmptrapd.log" -p "$T/snmptrapd.pid" \
	"udp:127.0.0.1:$TRAP_PORT" &
PIDS+=("$!")
start_snmpd
mkdir -p "$T/state"
D="$T/hq.data"
sim_data "$D" "hq-lan:normal hq-guest:normal"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; unreachable-after = 2; };
servers = (
  { name = "dhcp-hq"; sim = { data-file = "$D"; }; },
  { name = "dhcp-branch"; sim = { relationships = (
      { name = "branch-voice"; mode = "hot-standby"; role = "secondary";
        state = "normal"; prev-state = "recover"; primary = "192.0.2.20";
        secondary = "192.0.2.21"; mclt = 3600; scopes = [ "10.20.0.0" ]; } ); }; }
);
EOC
} > "$T/agent.conf"
start_agent "$T/agent.conf"
wait_value 10 "$DFO_OID.1.1.3.0" 3 || fail "3 relationships expected"
ok "snmpd + agent up, 3 relationships on 2 sim servers ($(el))"

# ---- the frontend (API) on PHP's built-in server ----------------------------
# Debian's frontend reads /etc/zabbix/zabbix.conf.php (a constant in
# CConfigFile.php): run a private copy pointing at a config under $T.
cp -a /usr/share/zabbix "$T/ui"
sed -i "s|'/etc/zabbix/zabbix.conf.php'|'$T/zabbix.conf.php'|" \
	"$T/ui/include/classes/core/CConfigFile.php"
grep -qF "$T/zabbix.conf.php" "$T/ui/include/classes/core/CConfigFile.php" ||
	fail "could not point the frontend at a private config"
# zabbix_server takes a ListenPort of 1024..32767 only
ZBX_PORT=""
for _ in $(seq 1 100); do
	p=$(free_port)
	[ "$p" -le 32767 ] && { ZBX_PORT=$p; break; }
done
[ -n "$ZBX_PORT" ] || fail "no free port below 32768"
cat > "$T/zabbix.conf.php" <<EOC
<?php
\$DB['TYPE'] = 'POSTGRESQL';
\$DB['SERVER'] = '127.0.0.1';
\$DB['PORT'] = '$PG_PORT';
\$DB['DATABASE'] = 'zabbix';
\$DB['USER'] = 'zabbix';
\$DB['PASSWORD'] = '';
\$DB['SCHEMA'] = '';
\$DB['ENCRYPTION'] = false;
\$DB['KEY_FILE'] = '';
\$DB['CERT_FILE'] = '';
\$DB['CA_FILE'] = '';
\$DB['VERIFY_HOST'] = false;
\$DB['CIPHER_LIST'] = '';
\$DB['VAULT_URL'] = '';
\$DB['VAULT_DB_PATH'] = '';
\$DB['VAULT_TOKEN'] = '';
\$DB['DOUBLE_IEEE754'] = true;
\$ZBX_SERVER = '127.0.0.1';
\$ZBX_SERVER_PORT = '$ZBX_PORT';
\$ZBX_SERVER_NAME = 'dhcpfo-test';
\$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
EOC
WEB_PORT=$(free_port)
php -d error_reporting=E_ALL -d display_errors=0 -d log_errors=1 \
	-d error_log="$T/php_errors.log" -S "127.0.0.1:$WEB_PORT" -t "$T/ui" > "$T/php.log" 2>&1 &
PIDS+=("$!")
API="http://127.0.0.1:$WEB_PORT/api_jsonrpc.php"

# api METHOD PARAMS-JSON: prints the result; fails the test on an error.
AUTH=""
api() {
	local req resp
	req=$(jq -cn --arg m "$1" --argjson p "$2" --arg a "$AUTH" \
		'{jsonrpc: "2.0", method: $m, params: $p, id: 1} + (if $a == "" then {} else {auth: $a} end)')
	resp=$(curl -sS --max-time 60 -H 'Content-Type: application/json-rpc' -d "$req" "$API") ||
		fail "API $1: no answer"
	jq -e 'has("result")' <<<"$resp" >/dev/null 2>&1 || fail "API $1: $(head -c 600 <<<"$resp")"
	jq -c .result <<<"$resp"
}

wait "$LOAD_PID" || fail "schema import: $(grep -v '^WARNING' "$T/schema.log" | tail -5)"
ok "database created and loaded ($(el))"

# ---- zabbix_server ------------------------------------------------------------
mkdir -p "$T/zsock"
cat > "$T/zabbix_server.conf" <<EOC
LogFile=$T/zabbix_server.log
LogFileSize=0
PidFile=$T/zabbix_server.pid
SocketDir=$T/zsock
DBHost=127.0.0.1
DBPort=$PG_PORT
DBName=zabbix
DBUser=zabbix
ListenIP=127.0.0.1
ListenPort=$ZBX_PORT
AllowRoot=1
CacheUpdateFrequency=2
StartPollers=2
StartPollersUnreachable=1
StartLLDProcessors=1
StartPreprocessors=2
StartTrappers=1
StartPingers=0
StartDiscoverers=0
StartHTTPPollers=0
StartAlerters=1
StartEscalators=1
StartTimers=1
StartSNMPTrapper=1
SNMPTrapperFile=$ZTRAPS
HousekeepingFrequency=0
Timeout=4
EOC
/usr/sbin/zabbix_server -f -c "$T/zabbix_server.conf" > "$T/zabbix_server.out" 2>&1 &
ZBX_PID=$!
PIDS+=("$ZBX_PID")
zbx_started() {
	kill -0 "$ZBX_PID" || return 0
	grep -q "server #0 started \[main process\]" "$T/zabbix_server.log"
}
wait_for 30 zbx_started || true
if ! kill -0 "$ZBX_PID" 2>/dev/null || ! grep -q "server #0 started" "$T/zabbix_server.log"; then
	fail "zabbix_server did not start: $(cat "$T/zabbix_server.out"; tail -n 5 "$T/zabbix_server.log")"
fi
sleep 0.5
mapfile -t ZBX_KIDS < <(pgrep -P "$ZBX_PID")

AUTH=$(api user.login '{"username": "Admin", "password": "zabbix"}' | jq -r .)
[[ $AUTH =~ ^[0-9a-f]{32}$ ]] || fail "API login: [$AUTH]"
ok "zabbix_server $(AUTH="" api apiinfo.version '{}' | jq -r .) up, API login ($(el))"

# the stock "Zabbix server" host polls an agent that is not there: off
zs=$(api host.get '{"filter": {"host": "Zabbix server"}, "output": ["hostid"]}' | jq -r '.[0].hostid')
[ "$zs" = null ] || api host.update "$(jq -cn --arg h "$zs" '{hostid: $h, status: 1}')" > /dev/null

# ---- import the template ---------------------------------------------------------
yes_rules='{"createMissing": true, "updateExisting": true}'
rules=$(jq -cn --argjson y "$yes_rules" '{groups: {createMissing: true}, templates: $y,
	items: $y, discoveryRules: $y, triggers: $y, valueMaps: $y}')
params=$(jq -cn --rawfile s "$TPL" --argjson r "$rules" '{format: "yaml", source: $s, rules: $r}')
assert_eq true "$(api configuration.import "$params")" "configuration.import"
if [ -s "$T/php_errors.log" ]; then
	fail "PHP warnings during the import: $(head -5 "$T/php_errors.log")"
fi
tpl=$(api template.get "$(jq -cn --arg n "$TNAME" '{filter: {host: $n}, output: ["templateid"],
	selectItems: "count", selectDiscoveries: "count", selectTriggers: "count",
	selectMacros: "extend", selectValueMaps: "extend"}')")
TPLID=$(jq -r '.[0].templateid' <<<"$tpl")
[ "$TPLID" != null ] || fail "template not found after import"
# keys at the template's item depth: its items and its 2 discovery rules
n_items=$(($(grep -c "^          key: " "$TPL") - 2))
assert_eq "$n_items" "$(jq -r '.[0].items' <<<"$tpl")" "template items"
assert_eq 2 "$(jq -r '.[0].discoveries' <<<"$tpl")" "discovery rules"
vm=$(jq -r '.[0].valuemaps[] | select(.name == "DHCPFO-MIB::DhcpfoFailoverState") |
	.mappings[] | select(.value == "6") | .newvalue' <<<"$tpl")
assert_eq partnerDown "$vm" "value map from the MIB"
# a second import of the same file changes nothing and still passes
assert_eq true "$(api configuration.import "$params")" "configuration.import (again)"
[ ! -s "$T/php_errors.log" ] || fail "PHP warnings: $(head -5 "$T/php_errors.log")"
ok "template imported: $n_items items, 2 discovery rules, value maps; no PHP warnings ($(el))"

# ---- a host on the test snmpd ------------------------------------------------------
STATE_TIME=10s
AGE_MAX=5
host=$(jq -cn --arg port "$SNMP_PORT" --arg tpl "$TPLID" --arg st "$STATE_TIME" --arg age "$AGE_MAX" '{
	host: "dhcpfo-test", groups: [{groupid: "2"}], templates: [{templateid: $tpl}],
	interfaces: [{type: 2, main: 1, useip: 1, ip: "127.0.0.1", dns: "", port: $port,
		details: {version: 2, bulk: 1, community: "public"}}],
	macros: [{macro: "{$DHCPFO.DELAY}", value: "2s"}, {macro: "{$DHCPFO.DELAY.CONF}", value: "2s"},
		{macro: "{$DHCPFO.LLD.DELAY}", value: "10s"}, {macro: "{$DHCPFO.STATE.TIME}", value: $st},
		{macro: "{$DHCPFO.DATA.AGE.MAX}", value: $age}]}')
HOSTID=$(api host.create "$host" | jq -r '.hostids[0]')
/usr/sbin/zabbix_server -c "$T/zabbix_server.conf" -R config_cache_reload > /dev/null ||
	fail "config_cache_reload"
rules=$(api discoveryrule.get "$(jq -cn --arg h "$HOSTID" '{hostids: $h, output: ["itemid", "key_"]}')")
assert_eq 2 "$(jq length <<<"$rules")" "discovery rules on the host"
sleep 1
api task.create "$(jq -c '[.[] | {type: 6, request: {itemid: .itemid}}]' <<<"$rules")" > /dev/null

# ---- discovery: one item set per server and per relationship -----------------------
walk "$SRV_OID" -Oq > "$T/srv.walk"
walk "$REL_OID" -Oq > "$T/rel.walk"
discovered() {
	api item.get "$(jq -cn --arg h "$HOSTID" '{hostids: $h, filter: {flags: 4},
		output: ["itemid", "name", "key_", "snmp_oid", "lastvalue", "lastclock", "state",
		"error", "value_type"]}')"
}
n_srv_proto=$(api itemprototype.get "$(jq -cn --arg h "$HOSTID" '{hostids: $h,
	search: {key_: "dhcpfo.server."}, output: ["key_"]}')" | jq length)
n_rel_proto=$(api itemprototype.get "$(jq -cn --arg h "$HOSTID" '{hostids: $h,
	search: {key_: "dhcpfo.rel."}, output: ["key_"]}')" | jq length)
want=$((2 * n_srv_proto + 3 * n_rel_proto))
items="[]"
for _ in $(seq 1 60); do
	items=$(discovered)
	[ "$(jq length <<<"$items")" -ge "$want" ] && break
	sleep 1
done
assert_eq "$want" "$(jq length <<<"$items")" "discovered items (2 servers x $n_srv_proto + 3 relationships x $n_rel_proto)"
# the names the walk implies: server name by serverIndex, relationship by serverIndex.relIndex
declare -A SRVNAME
while read -r oid val; do SRVNAME[${oid##*.}]=${val//\"/}; done < <(grep "^$SRV_OID\.2\." "$T/srv.walk")
assert_eq "dhcp-branch dhcp-hq" "$(printf '%s\n' "${SRVNAME[@]}" | sort | tr '\n' ' ' | sed 's/ $//')" "servers in the walk"
for s in "${!SRVNAME[@]}"; do
	got=$(jq -r --arg s "$s" '[.[] | select(.key_ | endswith("[" + $s + "]")) | .name] | sort | .[]' <<<"$items")
	want_names=$(api itemprototype.get "$(jq -cn --arg h "$HOSTID" '{hostids: $h,
		search: {key_: "dhcpfo.server."}, output: ["name"]}')" |
		jq -r --arg n "${SRVNAME[$s]}" '[.[].name | sub("\\{#SRVNAME\\}"; $n)] | sort | .[]')
	assert_eq "$want_names" "$got" "items of server ${SRVNAME[$s]}"
done
rel_names=$(api itemprototype.get "$(jq -cn --arg h "$HOSTID" '{hostids: $h,
	search: {key_: "dhcpfo.rel."}, output: ["name"]}')")
nrel=0
while read -r oid val; do
	idx=${oid#"$REL_OID.2."}
	rname=${val//\"/}
	sname=${SRVNAME[${idx%%.*}]}
	got=$(jq -r --arg i "$idx" '[.[] | select(.key_ | endswith("[" + $i + "]")) | .name] | sort | .[]' <<<"$items")
	want_names=$(jq -r --arg s "$sname" --arg r "$rname" \
		'[.[].name | sub("\\{#SRVNAME\\}"; $s) | sub("\\{#RELNAME\\}"; $r)] | sort | .[]' <<<"$rel_names")
	assert_eq "$want_names" "$got" "items of relationship $sname/$rname ($idx)"
	nrel=$((nrel + 1))
done < <(grep "^$REL_OID\.2\." "$T/rel.walk")
assert_eq 3 "$nrel" "relationships in the walk"
grep -q "Relationship dhcp-branch/branch-voice: state" <<<"$(jq -r '.[].name' <<<"$items")" ||
	fail "no 'Relationship dhcp-branch/branch-voice: state' item"
ok "discovery: ${#SRVNAME[@]} servers x $n_srv_proto and $nrel relationships x $n_rel_proto items, named from the walk ($(el))"

# ---- item values == snmpwalk of the same rows --------------------------------------
/usr/sbin/zabbix_server -c "$T/zabbix_server.conf" -R config_cache_reload > /dev/null
# an item waits for a value unless the walk has no such instance (its
# CHECK_NOT_SUPPORTED step discards those)
pending() {
	local w
	w=$(cat "$T/srv.walk" "$T/rel.walk" | awk '{print $1}' | jq -R . | jq -sc .)
	jq -r --argjson w "$w" '[.[] | select(.lastclock == "0" and
		((("." + .snmp_oid) as $o | $w | index($o)) != null))] | length' <<<"$1"
}
for _ in $(seq 1 60); do
	items=$(discovered)
	[ "$(pending "$items")" = 0 ] && break
	sleep 1
done
assert_eq 0 "$(pending "$items")" "items still without a value: $(jq -c '[.[] | select(.lastclock == "0") | .key_]' <<<"$items")"
walk "$SRV_OID" -Oq > "$T/srv.walk"
walk "$REL_OID" -Oq > "$T/rel.walk"
checked=0
while IFS=$'\x1f' read -r key oid lastclock lastvalue state err; do
	[ "$state" = 0 ] || fail "$key is not supported: $err"
	line=$(grep -m1 "^\.$oid " "$T/srv.walk" "$T/rel.walk" -h || true)
	if [ -z "$line" ]; then
		assert_eq 0 "$lastclock" "$key: no instance in the walk, so no value"
		continue
	fi
	wv=${line#* }
	wv=${wv#\"}
	wv=${wv%\"}
	case $key in
	*.dataage\[*)
		d=$((wv - lastvalue))
		[ "${d#-}" -le 6 ] || fail "$key: zabbix $lastvalue, walk $wv" ;;
	*) assert_eq "$wv" "$lastvalue" "$key ($oid) zabbix vs snmpwalk" ;;
	esac
	checked=$((checked + 1))
done < <(jq -r '.[] | [.key_, .snmp_oid, .lastclock, .lastvalue, .state, .error] | join("\u001f")' <<<"$items")
[ "$checked" -ge $((want - 3)) ] || fail "only $checked items compared"
lld=$(api discoveryrule.get "$(jq -cn --arg h "$HOSTID" '{hostids: $h, output: ["key_", "state", "error"]}')")
assert_eq "[]" "$(jq -c '[.[] | select(.state != "0" or .error != "")]' <<<"$lld")" "discovery rules in error"
if grep -E 'item "dhcpfo-test:.*became not supported' "$T/zabbix_server.log" >&2; then
	fail "template items became not supported"
fi
ok "$checked discovered item values == snmpwalk of the same rows ($(el))"

# ---- partner-down raises the HIGH trigger; normal resolves it -----------------------
idx=$(grep -F '"hq-lan"' "$T/rel.walk" | awk '{print $1}')
idx=${idx#"$REL_OID.2."}
problems() {
	api problem.get "$(jq -cn --arg h "$HOSTID" '{hostids: $h, output: ["name", "severity", "r_eventid"]}')"
}
state_is() { [ "$(get "$REL_OID.5.$idx")" = "$1" ]; }
problem_names() { problems | jq -r '[.[].name] | sort | join(" | ")'; }
# expect_problems WANT WHAT: wait up to 40 s for exactly these open problems
expect_problems() {
	local got=""
	for _ in $(seq 1 40); do
		got=$(problem_names)
		[ "$got" = "$1" ] && break
		sleep 1
	done
	assert_eq "$1" "$got" "$2"
}
sim_data "$D" "hq-lan:partnerDown hq-guest:normal"
wait_for 10 state_is 6 || fail "agent did not see partnerDown"
t0=$(date +%s)
want_problem="Relationship dhcp-hq/hq-lan: partner down for $STATE_TIME"
p="[]"
for _ in $(seq 1 60); do
	p=$(problems)
	[ "$(jq length <<<"$p")" -gt 0 ] && break
	sleep 1
done
t1=$(date +%s)
assert_eq "$want_problem" "$(jq -r '[.[].name] | join(" | ")' <<<"$p")" "problems after partner-down"
assert_eq 4 "$(jq -r '.[0].severity' <<<"$p")" "severity (4 = high)"
[ $((t1 - t0)) -ge 8 ] || fail "problem raised after $((t1 - t0)) s, before {\$DHCPFO.STATE.TIME}=$STATE_TIME"
sleep 3
assert_eq "$want_problem" "$(problems | jq -r '[.[].name] | join(" | ")')" \
	"still one problem (the not-normal WARNING depends on the HIGH one)"
ok "partnerDown -> '$want_problem' (high) after $((t1 - t0)) s, nothing else ($(el))"

# the notification reached Zabbix's SNMP trapper, in the trap item of the host
trapv() {
	api item.get "$(jq -cn --arg h "$HOSTID" '{hostids: $h, search: {key_: "snmptrap["},
		output: ["name", "lastvalue"]}')" | jq -r '.[] | select(.name == "Trap: dhcpfoRelStateChange") | .lastvalue'
}
for _ in $(seq 1 20); do
	grep -q "^$REL_OID.5.$idx 6$" <<<"$(trapv)" && break
	sleep 1
done
v=$(trapv)
grep -q "^$REL_OID.5.$idx 6$" <<<"$v" || fail "trap item value: [$v], trapper file: $(tail -5 "$ZTRAPS")"
grep -qF '"hq-lan"' <<<"$v" || fail "trap item value lacks the relationship name: $v"
ok "dhcpfoRelStateChange -> snmptrapd -> snmptrap_to_zabbix.sh -> Zabbix trap item 'Trap: dhcpfoRelStateChange'"

sim_data "$D" "hq-lan:normal hq-guest:normal"
expect_problems "" "open problems after normal again"
ev=$(api event.get "$(jq -cn --arg h "$HOSTID" '{hostids: $h, source: 0, object: 0, value: 1,
	output: ["name", "r_eventid"]}')")
assert_eq "$want_problem" "$(jq -r '[.[].name] | join(" | ")' <<<"$ev")" "problem events"
[ "$(jq -r '.[0].r_eventid' <<<"$ev")" != 0 ] || fail "problem event without a recovery event"
ok "normal again -> problem resolved ($(el))"

# ---- severity by state: communication-interrupted average, other states warning
sim_data "$D" "hq-lan:communicationInterrupted hq-guest:recoverWait"
want_problems="Relationship dhcp-hq/hq-guest: not normal for $STATE_TIME | Relationship dhcp-hq/hq-lan: communication interrupted for $STATE_TIME"
expect_problems "$want_problems" "problems for communicationInterrupted + recoverWait"
assert_eq "3 2" "$(problems | jq -r '[.[] | {name, severity}] | sort_by(.name) | [.[].severity] | reverse | join(" ")')" \
	"severities (communication interrupted: average, not normal: warning)"
sim_data "$D" "hq-lan:normal hq-guest:normal"
expect_problems "" "open problems after normal again"
ok "communicationInterrupted -> average, recoverWait -> warning 'not normal', both resolved ($(el))"

# ---- server unreachable: its trigger, the data-age triggers, the trap --------------
sim_data "$D" "hq-lan:normal hq-guest:normal" "fail-calls = -1; fail-error = 1722;"
want_problems="DHCP server dhcp-hq is unreachable from dhcpfo | Relationship dhcp-hq/hq-guest: data older than ${AGE_MAX}s | Relationship dhcp-hq/hq-lan: data older than ${AGE_MAX}s"
expect_problems "$want_problems" "problems while dhcp-hq is unreachable"
sev=$(problems | jq -r '[.[].severity] | sort | join(" ")')
assert_eq "2 2 3" "$sev" "severities (data age: warning, unreachable: average)"
code=$(api item.get "$(jq -cn --arg h "$HOSTID" '{hostids: $h, filter: {key_: "dhcpfo.server.lasterrorcode[1]"},
	output: ["lastvalue"]}')" | jq -r '.[0].lastvalue')
assert_eq 1722 "$code" "last error code item"
tv=""
for _ in $(seq 1 10); do
	tv=$(api item.get "$(jq -cn --arg h "$HOSTID" '{hostids: $h, search: {key_: "snmptrap["},
		output: ["name", "lastvalue"]}')" | jq -r '.[] | select(.name == "Trap: dhcpfoServerUnreachable") | .lastvalue')
	grep -q 1722 <<<"$tv" && break
	sleep 1
done
grep -q 1722 <<<"$tv" || fail "dhcpfoServerUnreachable trap item: [$tv]"
ok "unreachable server -> average + 2 data-age warnings, error code 1722, trap item ($(el))"
sim_data "$D" "hq-lan:normal hq-guest:normal"
expect_problems "" "open problems once dhcp-hq answers again"
ok "reachable again -> all resolved ($(el))"
kill -0 "$ZBX_PID" || fail "zabbix_server died"
