#!/bin/bash
# dhcpfo-agentx as a command: options, --check-config with file:line
# errors, a master that is not there yet, a master that restarts.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need snmpget
"$AGENT_BIN" --version | grep -Eq '^dhcpfo-agentx [0-9]+\.[0-9]+' || fail "--version"
"$AGENT_BIN" --help | grep -q -- '--check-config' || fail "--help"
if "$AGENT_BIN" --bogus 2>/dev/null; then fail "unknown option accepted"; fi
ok "--version, --help, unknown option"

"$AGENT_BIN" --check-config -c "$ROOT/conf/dhcpfo.conf" | grep -q 'OK (2 servers)' ||
	fail "demo config rejected"
printf 'servers = (\n { name = "a";\n  sim = { relationships = ( { name = "x"; primary = "1.2.3"; } ); }; } );\n' > "$T/bad.conf"
if "$AGENT_BIN" --check-config -c "$T/bad.conf" 2> "$T/err"; then fail "bad config accepted"; fi
grep -q "^.*$T/bad.conf:3: primary '1.2.3' is not an IPv4 or IPv6 address" "$T/err" ||
	fail "no file:line error: $(cat "$T/err")"
printf 'agent = { colour = "blue"; };\nservers = ( { name = "a";\n typo = 1; } );\n' > "$T/warn.conf"
"$AGENT_BIN" --check-config -c "$T/warn.conf" > /dev/null 2> "$T/err" || fail "unknown keys must only warn"
grep -q "$T/warn.conf:1: unknown key 'colour' ignored" "$T/err" || fail "warning: $(cat "$T/err")"
grep -q "$T/warn.conf:3: unknown key 'typo' ignored" "$T/err" || fail "warning: $(cat "$T/err")"
if "$AGENT_BIN" -f -c "$T/missing.conf" 2> "$T/err"; then fail "missing config accepted"; fi
grep -q "missing.conf: cannot read file" "$T/err" || fail "missing file: $(cat "$T/err")"
ok "--check-config: file:line errors, unknown keys warned, missing file refused"
# under systemd (stderr is the JOURNAL_STREAM): "<N>" priority prefixes
: > "$T/journal"
js=$(stat -c '%d:%i' "$T/journal")
JOURNAL_STREAM=$js "$AGENT_BIN" --check-config -c "$T/warn.conf" > /dev/null 2>> "$T/journal" ||
	fail "unknown keys must only warn (journal)"
grep -qx "<4>warning: $T/warn.conf:1: unknown key 'colour' ignored" "$T/journal" ||
	fail "journal priority prefix: $(cat "$T/journal")"
JOURNAL_STREAM=1:2 "$AGENT_BIN" --check-config -c "$T/warn.conf" > /dev/null 2> "$T/err"
grep -q "^<" "$T/err" && fail "priority prefix on a stderr that is not the journal: $(cat "$T/err")"
ok "journald: <N> priority prefixes only when stderr is the JOURNAL_STREAM"

# no master yet: the agent waits and registers once snmpd appears
mkdir -p "$T/state"
{ conf_header; echo 'servers = ( { name = "a"; sim = { relationships = ( { name = "x"; } ); }; } );'; } > "$T/a.conf"
AGENTX_SOCK="$T/agentx.sock"
"$AGENT_BIN" -f -c "$T/a.conf" -x "$AGENTX_SOCK" >> "$T/agent.log" 2>&1 &
AGENT_PID=$!
PIDS+=("$AGENT_PID")
sleep 2
kill -0 "$AGENT_PID" || fail "agent exited without a master: $(cat "$T/agent.log")"
start_snmpd
wait_value 15 "$REL_OID.2.1.1" '"x"' || fail "agent did not register after the master came up: $(tail "$T/agent.log")"
ok "agent started before the master registers when it appears"

# the master restarts: the agent reconnects (ping interval 1 s)
stop_snmpd
start_snmpd
t0=$(date +%s)
wait_value 15 "$REL_OID.2.1.1" '"x"' || fail "no reconnect: $(tail "$T/agent.log")"
ok "re-registered $(( $(date +%s) - t0 )) s after snmpd restarted"
grep -q "AgentX master disconnected" "$T/agent.log" || grep -q "master disconnected" "$T/agent.log" ||
	fail "disconnect not logged: $(tail "$T/agent.log")"
stop_agent
wait "$AGENT_PID" 2>/dev/null; rc=$?
assert_eq 0 "$rc" "exit status after SIGTERM"
ok "clean exit on SIGTERM"
