#!/bin/bash
# Fault injection. Through the sim's data file: errors on every call,
# latency beyond the call timeout, MORE_DATA forever, a handle that does
# not advance, lying totals, more rows than asked, rows without an array;
# for each: the last good rows keep being served (two bulkwalkers run all
# along and must never fail or miss a row), the fault is in the server row
# (lastErrorCode, lastError, reachable = false after 2 failed polls) and in
# the log once (not per poll), and all of it recovers when the fault ends.
# Through misbehaving peers on real sockets: a Kea control agent that hangs
# up mid-reply, and OMAPI "servers" that hang, hang up at once, speak
# another protocol version, cut a reply in the middle, or announce a
# message too large: each ends as an error code on its row, logged once,
# within the timeout, and the agent keeps answering.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$(dirname "$0")/../lib_sim.sh"
need snmpget snmpbulkwalk /usr/bin/python3
FAKE=$(free_port)
/usr/bin/python3 "$ROOT/tests/integration/kea/fake_ca.py" "$FAKE" &
PIDS+=($!)
# misbehaving OMAPI servers, one port per behaviour
cat > "$T/fake_omapi.py" <<'EOF'
import socket, struct, sys, threading, time
def serve(port, mode):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port))
    ls.listen(16)
    while True:
        c, _ = ls.accept()
        threading.Thread(target=conn, args=(c, mode), daemon=True).start()
def conn(c, mode):
    try:
        if mode == "close":
            c.close()
            return
        c.recv(8)
        if mode == "hang":
            time.sleep(60)
            return
        if mode == "badver":
            c.sendall(struct.pack(">II", 99, 24))
            time.sleep(1)
            return
        c.sendall(struct.pack(">II", 100, 24))
        c.recv(65536)
        if mode == "cut":      # half a header, then hang up
            c.sendall(struct.pack(">III", 0, 0, 3))
        elif mode == "huge":   # a value longer than any bound
            c.sendall(struct.pack(">IIIIII", 0, 0, 3, 1, 1, 1) +
                      struct.pack(">H", 4) + b"name" + struct.pack(">I", 0x7fffffff) + b"x" * 100)
            time.sleep(1)
        c.close()
    except OSError:
        pass
for arg in sys.argv[1:]:
    mode, port = arg.split(":")
    threading.Thread(target=serve, args=(int(port), mode), daemon=True).start()
while True:
    time.sleep(60)
EOF
MODES="hang close badver cut huge"
declare -A OPORT
oargs=()
for m in $MODES; do OPORT[$m]=$(free_port); oargs+=("$m:${OPORT[$m]}"); done
/usr/bin/python3 "$T/fake_omapi.py" "${oargs[@]}" &
PIDS+=($!)
start_snmpd
mkdir -p "$T/state"
ROWS="r1:normal r2:normal r3:normal r4:normal r5:normal r6:normal"
sim_data "$T/s.data" "$ROWS"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; unreachable-after = 2; timeout = 1; page-size = 2; };
servers = ( { name = "s"; sim = { data-file = "$T/s.data"; }; },
            { name = "cut"; type = "kea"; kea = { url = "http://127.0.0.1:$FAKE/close"; }; },
EOC
sep=""
for m in $MODES; do
	printf '%s{ name = "o-%s"; type = "dhcpd"; dhcpd = { host = "127.0.0.1"; port = %s; peers = [ "fo1" ]; }; }\n' \
		"$sep" "$m" "${OPORT[$m]}"
	sep=","
done
echo ");"
} > "$T/conf"
listening() { ss -Hltn | awk '{print $4}' | grep -q ":$1\$"; }
for m in $MODES; do wait_for 10 listening "${OPORT[$m]}" || fail "fake OMAPI server $m did not start"; done
start_agent "$T/conf"
wait_value 10 "$SRV_OID.13.1" 6 || fail "6 rows"

walker() { # bulkwalks of s's rows: each must be whole
	: > "$T/ok.$1"
	: > "$T/bad.$1"
	while [ ! -e "$T/stop" ]; do
		if bulkwalk "$REL_OID.2.1" -Cr4 > "$T/w.$1" 2>&1 && [ "$(grep -c "^$REL_OID.2.1\." "$T/w.$1")" -eq 6 ]; then
			echo . >> "$T/ok.$1"
		else
			cp "$T/w.$1" "$T/bad-walk.$1"
			echo . >> "$T/bad.$1"
		fi
		sleep 0.1
	done
}
walker 1 & PIDS+=($!)
walker 2 & PIDS+=($!)

faults=0
gets=0
fault() { # fault-text code message-part
	local f=$1 code=$2 msg=$3 n before t0
	before=$(grep -c "server s: poll failed" "$T/agent.log" || true)
	t0=$(date +%s)
	sim_data "$T/s.data" "$ROWS" "$f"
	wait_value 10 "$SRV_OID.8.1" "$code" || fail "[$f]: error code $(get "$SRV_OID.8.1"): $(get "$SRV_OID.9.1")"
	get "$SRV_OID.9.1" | grep -q "$msg" || fail "[$f]: error text $(get "$SRV_OID.9.1")"
	wait_value 15 "$SRV_OID.5.1" 2 || fail "[$f]: not unreachable after 2 failed polls"
	for _ in 1 2 3; do
		assert_eq '"r6"' "$(get "$REL_OID.2.1.6")" "[$f] last good row served"
		assert_eq 6 "$(get "$SRV_OID.13.1")" "[$f] rows kept"
		gets=$((gets + 2))
		sleep 1
	done
	n=$(( $(grep -c "server s: poll failed" "$T/agent.log") - before ))
	assert_eq 1 "$n" "[$f] log lines for a fault that lasts several polls"
	sim_data "$T/s.data" "$ROWS"
	wait_value 15 "$SRV_OID.8.1" 0 || fail "[$f]: no recovery"
	wait_value 5 "$SRV_OID.5.1" 1 || fail "[$f]: not reachable again"
	assert_eq '""' "$(get "$SRV_OID.9.1")" "[$f] error text after recovery"
	faults=$((faults + 1))
	ok "$f -> $code ($msg), unreachable, rows kept, logged once, recovered in the MIB $(( $(date +%s) - t0 )) s after it began"
}
fault "fail-calls = -1; fail-error = 5;" 5 "simulated failure"
fault "latency-ms = 2500;" 1460 "timed out after 1 s"
fault "more-data-forever = true;" 13 "still returns MORE_DATA"
fault "stuck-handle = true;" 13 "did not advance"
fault "lie-total = true;" 13 "totals contradict"
fault "read-over-max = true;" 13 "rows for PreferredMaximum 2"
fault "null-array = true;" 13 "no array"
touch "$T/stop"
sleep 1
assert_eq 6 "$(get "$SRV_OID.13.1")" "rows after all faults"
served=$(cat "$T"/ok.* | wc -l)
failed=$(cat "$T"/bad.* | wc -l)
if [ "$failed" -gt 0 ]; then
	for f in "$T"/bad-walk.*; do echo "== $f"; tail -3 "$f"; done
	fail "$failed of $((served + failed)) walks failed or missed rows during faults"
fi
ok "$faults sim faults: $served whole bulkwalks and $gets GETs answered from the last good snapshot, 0 failed"

# peers that misbehave on the wire: server rows 2 (kea) and 3.. (OMAPI)
wait_value 10 "$SRV_OID.8.2" 1722 || fail "cut Kea reply: $(get "$SRV_OID.8.2") $(get "$SRV_OID.9.2")"
get "$SRV_OID.9.2" | grep -qi "partial\|transfer" || fail "cut reply text: $(get "$SRV_OID.9.2")"
ok "a Kea reply cut off mid-way: 1722 ($(get "$SRV_OID.9.2" | tr -d '"'))"
declare -A WANT=([hang]=1460 [close]=1722 [badver]=13 [cut]=1722 [huge]=13)
i=3
for m in $MODES; do
	wait_value 15 "$SRV_OID.8.$i" "${WANT[$m]}" || fail "OMAPI $m: code $(get "$SRV_OID.8.$i"): $(get "$SRV_OID.9.$i")"
	wait_value 15 "$SRV_OID.5.$i" 2 || fail "OMAPI $m: not unreachable"
	n=$(grep -c "server o-$m: poll failed" "$T/agent.log" || true)
	assert_eq 1 "$n" "OMAPI $m: log lines over several failed polls"
	ok "OMAPI peer that does '$m': ${WANT[$m]} ($(get "$SRV_OID.9.$i" | tr -d '"')), unreachable, logged once"
	i=$((i + 1))
done
kill -0 "$AGENT_PID" || fail "agent died"
lines=$(wc -l < "$T/agent.log")
[ "$lines" -lt 150 ] || fail "the log has $lines lines: faults are logged per poll?"
ok "agent alive; $lines log lines for $faults sim faults and 6 misbehaving peers"
