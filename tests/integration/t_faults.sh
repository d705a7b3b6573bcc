#!/bin/bash
# Fault injection through the sim's data file and a fake Kea endpoint:
# errors on every call, latency beyond the timeout, MORE_DATA forever, a
# handle that does not advance, lying totals, more rows than asked, rows
# without an array, a reply cut off mid-way. For each: the last good rows
# keep being served, the fault is in the server row and logged once (not
# per poll), and everything recovers when the fault ends.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$(dirname "$0")/../lib_sim.sh"
need snmpget /usr/bin/python3
FAKE=$(free_port)
/usr/bin/python3 "$ROOT/tests/integration/kea/fake_ca.py" "$FAKE" &
PIDS+=($!)
start_snmpd
mkdir -p "$T/state"
ROWS="r1:normal r2:normal r3:normal r4:normal r5:normal r6:normal"
sim_data "$T/s.data" "$ROWS"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; unreachable-after = 1000; timeout = 1; page-size = 2; };
servers = ( { name = "s"; sim = { data-file = "$T/s.data"; }; },
            { name = "cut"; type = "kea"; kea = { url = "http://127.0.0.1:$FAKE/close"; }; } );
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 10 "$SRV_OID.13.1" 6 || fail "6 rows"
served=0
fault() { # fault-text code message-part
	local f=$1 code=$2 msg=$3 n before
	before=$(grep -c "server s: poll failed" "$T/agent.log" || true)
	sim_data "$T/s.data" "$ROWS" "$f"
	wait_value 10 "$SRV_OID.8.1" "$code" || fail "[$f]: error code $(get "$SRV_OID.8.1"): $(get "$SRV_OID.9.1")"
	get "$SRV_OID.9.1" | grep -q "$msg" || fail "[$f]: error text $(get "$SRV_OID.9.1")"
	for _ in 1 2 3; do
		assert_eq '"r6"' "$(get "$REL_OID.2.1.6")" "[$f] last good row served"
		served=$((served + 1))
		sleep 1
	done
	n=$(( $(grep -c "server s: poll failed" "$T/agent.log") - before ))
	assert_eq 1 "$n" "[$f] log lines for a fault that lasts several polls"
	sim_data "$T/s.data" "$ROWS"
	wait_value 10 "$SRV_OID.8.1" 0 || fail "[$f]: no recovery"
	ok "$f -> $code ($msg), rows kept, logged once, recovered"
}
fault "fail-calls = -1; fail-error = 5;" 5 "simulated failure"
fault "latency-ms = 2500;" 1460 "timed out after 1 s"
fault "more-data-forever = true;" 13 "still returns MORE_DATA"
fault "stuck-handle = true;" 13 "did not advance"
fault "lie-total = true;" 13 "totals contradict"
fault "read-over-max = true;" 13 "rows for PreferredMaximum 2"
fault "null-array = true;" 13 "no array"
assert_eq 6 "$(get "$SRV_OID.13.1")" "rows after all faults"

wait_value 10 "$SRV_OID.8.2" 1722 || fail "cut reply: $(get "$SRV_OID.8.2") $(get "$SRV_OID.9.2")"
get "$SRV_OID.9.2" | grep -qi "partial\|transfer" || fail "cut reply text: $(get "$SRV_OID.9.2")"
ok "a Kea reply cut off mid-way: 1722 ($(get "$SRV_OID.9.2" | tr -d '"'))"
kill -0 "$AGENT_PID" || fail "agent died"
ok "$served GETs answered from the last good snapshot during faults"
