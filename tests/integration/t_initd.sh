#!/bin/bash
# The LSB init script drives the installed agent (from a temp root, no
# system service touched) against a real snmpd: start, status, reload,
# stop; a broken config is refused on start and on reload and the running
# agent stays as it was. Started as root with agent.user, the agent runs
# as that user and owns its state directory.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need make start-stop-daemon snmpget
chmod 755 "$T" # the unprivileged agent must reach its state dir and socket
R="$T/root"
make -s -C "$ROOT" BUILD="$BUILD" DESTDIR="$R" PREFIX=/usr sysconfdir=/etc localstatedir=/var install \
	> "$T/install.log" 2>&1 || fail "make install: $(cat "$T/install.log")"
start_snmpd "agentXPerms 0666 0777"
CONF="$R/etc/dhcpfo/dhcpfo.conf"
good_conf() { # servers...
	{
		printf 'agent = { state-dir = "%s"; user = "nobody"; ping-interval = 1; };\n' "$R/var/lib/dhcpfo"
		echo 'servers = ('
		local sep="" s
		for s in "$@"; do
			printf '%s{ name = "%s"; sim = { relationships = ( { name = "%s-rel"; } ); }; }\n' "$sep" "$s" "$s"
			sep=","
		done
		echo ');'
	} > "$CONF"
}
good_conf one
cat > "$T/default" <<EOC
DAEMON=$R/usr/sbin/dhcpfo-agentx
CONF=$CONF
PIDFILE=$T/dhcpfo.pid
DAEMON_ARGS="-x $AGENTX_SOCK"
EOC
export DEFAULTS="$T/default"
INIT="$R/etc/init.d/dhcpfo"
"$INIT" start > "$T/out" 2>&1 || fail "start: $(cat "$T/out")"
PID=$(cat "$T/dhcpfo.pid")
PIDS+=("$PID")
"$INIT" status | grep -q "is running (pid $PID)" || fail "status"
wait_value 10 "$REL_OID.2.1.1" '"one-rel"' || fail "started agent does not serve"
assert_eq nobody "$(ps -o user= -p "$PID" | tr -d ' ')" "the agent's user"
wait_for 5 test -s "$R/var/lib/dhcpfo/indexmap" || fail "no index map written"
assert_eq nobody "$(stat -c %U "$R/var/lib/dhcpfo")" "state dir owner"
assert_eq 1 "$(awk '/^NoNewPrivs:/ {print $2}' "/proc/$PID/status")" "no_new_privs"
assert_eq "0000000000000000 0000000000000000" "$(awk '/^Cap(Eff|Prm):/ {print $2}' "/proc/$PID/status" | tr '\n' ' ' | sed 's/ $//')" "capabilities left"
ok "init script start/status; the agent runs as nobody (no capabilities, no_new_privs) and owns its state dir"

good_conf one two
"$INIT" reload > "$T/out" 2>&1 || fail "reload: $(cat "$T/out")"
wait_value 10 "$REL_OID.2.2.1" '"two-rel"' || fail "reload did not add server two"
echo 'servers = ( { name = "x" ' > "$CONF"
if "$INIT" reload > "$T/out" 2>&1; then fail "reload accepted a broken config"; fi
grep -q "is broken; nothing changed" "$T/out" || fail "reload message: $(cat "$T/out")"
assert_eq "$PID" "$(cat "$T/dhcpfo.pid")" "pid after the refused reload"
kill -0 "$PID" || fail "agent gone after a refused reload"
assert_eq '"two-rel"' "$(get "$REL_OID.2.2.1")" "still serving the running config"
ok "reload applies a good config; a broken one is refused and the agent stays as it was"

if "$INIT" restart > "$T/out" 2>&1; then fail "restart accepted a broken config"; fi
kill -0 "$PID" || fail "a refused restart stopped the agent"
good_conf one two
"$INIT" stop > "$T/out" 2>&1 || fail "stop: $(cat "$T/out")"
for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$PID" 2>/dev/null && fail "agent still running after stop"
set +e; "$INIT" status > "$T/out"; rc=$?; set -e
assert_eq 3 "$rc" "status exit code when stopped"
echo 'servers = ( { name = "x" ' > "$CONF"
if "$INIT" start > "$T/out" 2>&1; then fail "started with a broken config"; fi
[ -e "$T/dhcpfo.pid" ] && kill -0 "$(cat "$T/dhcpfo.pid")" 2>/dev/null && fail "running after a refused start"
ok "stop, status 3 when stopped, restart and start refused with a broken config"
