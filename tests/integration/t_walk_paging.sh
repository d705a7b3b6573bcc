#!/bin/bash
# Walk-driven paging (fresh-for 0, sim latency 50 ms per page): a walk of a
# column costs ceil(N/P) enumeration calls and streams page by page; one
# GETNEXT costs one call; rows added or deleted during a walk; a backend
# slower than the budget; two walkers sharing one pass.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$(dirname "$0")/../lib_sim.sh"
need snmpwalk snmpbulkwalk snmpgetnext
start_snmpd
mkdir -p "$T/state"
rows() { local i out=""; for i in $(seq -f %03g "$1" "$2"); do out="$out r$i:normal"; done; echo "$out"; }
D="$T/w.data"
sim_data "$D" "$(rows 1 200)" "latency-ms = 50;"
{ conf_header; cat <<EOC
defaults = { poll-interval = 300; };
servers = ( { name = "w"; page-size = 7; fresh-for = 0; budget-ms = 300;
              sim = { data-file = "$D"; }; } );
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 15 "$SRV_OID.13.1" 200 || fail "first poll"
calls() { get "$SRV_OID.12.1"; }
c0=$(calls)
assert_eq 29 "$c0" "background poll calls"

t0=$(date +%s%N)
bulkwalk "$REL_OID.2" -Cr10 -Oq > "$T/walk1"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
assert_eq 200 "$(wc -l < "$T/walk1")" "rows walked"
assert_eq "$REL_OID.2.1.200 \"r200\"" "$(tail -1 "$T/walk1")" "last row"
c1=$(calls)
assert_eq 29 $((c1 - c0)) "enumeration calls for one walk of 200 rows at P=7"
[ "$ms" -ge 1400 ] || fail "walk took $ms ms: faster than 29 pages x 50 ms, so it was not paged"
[ "$ms" -le 6000 ] || fail "walk took $ms ms: far more than 29 x 50 ms"
assert_eq 1 "$(get "$SRV_OID.17.1")" "walk passes"
[ "$(get "$SRV_OID.19.1")" -ge 29 ] || fail "delegated requests: $(get "$SRV_OID.19.1")"
ok "bulkwalk of 200 rows at P=7: 29 calls, $ms ms (29 x 50 ms = 1450 ms)"

OIDS=("$REL_OID.2"); first=$(snmp snmpgetnext -On -Oq)
assert_eq "$REL_OID.2.1.1 \"r001\"" "$first" "first row"
assert_eq 1 $(( $(calls) - c1 )) "calls for one GETNEXT"
ok "snmpgetnext of the first row: 1 call"
sleep 6 # the abandoned pass is dropped after 5 s idle
c2=$(calls)
assert_eq "$c2" "$(calls)" "no calls while idle"

# a row added during the walk comes at the end, with a new index
( sleep 0.5; sim_data "$D" "$(rows 1 200) r999:normal" "latency-ms = 50;" ) &
PIDS+=($!)
walk "$REL_OID.2" -Oq > "$T/walk2" 2> "$T/walk2.err" || fail "walk: $(cat "$T/walk2.err")"
grep -q "not increasing" "$T/walk2.err" && fail "OIDs not increasing"
assert_eq 201 "$(wc -l < "$T/walk2")" "rows with the addition"
assert_eq "$REL_OID.2.1.201 \"r999\"" "$(tail -1 "$T/walk2")" "new row last, new index"
ok "a relationship added during a walk appears at its end with index 201"

# a row deleted during the walk: served from the previous snapshot, gone next
( sleep 0.5; sim_data "$D" "$(rows 1 149) $(rows 151 200) r999:normal" "latency-ms = 50;" ) &
PIDS+=($!)
walk "$REL_OID.2" -Oq > "$T/walk3" 2> "$T/walk3.err" || fail "walk: $(cat "$T/walk3.err")"
grep -q "$REL_OID.2.1.150 \"r150\"" "$T/walk3" || fail "deleted row not served in the running walk"
assert_eq 201 "$(wc -l < "$T/walk3")" "rows in the walk that saw the deletion"
walk "$REL_OID.2" -Oq > "$T/walk4"
grep -q "r150" "$T/walk4" && fail "deleted row still there in the next walk"
assert_eq 200 "$(wc -l < "$T/walk4")" "rows after the deletion"
ok "a relationship deleted during a walk: served in that walk, gone in the next"

# two concurrent walkers share one pass (if a page ever outlives the
# budget on a loaded machine, the poller finishes that same pass: still
# one pass and 29 calls once it is done)
c3=$(calls)
p3=$(get "$SRV_OID.17.1")
walk "$REL_OID.2" -Oq > "$T/wa" & wa=$!
walk "$REL_OID.2" -Oq > "$T/wb" & wb=$!
wait "$wa" "$wb"
assert_eq 200 "$(wc -l < "$T/wa")" "walker a"
diff "$T/wa" "$T/wb" > /dev/null || fail "walkers disagree"
assert_eq 1 $(( $(get "$SRV_OID.17.1") - p3 )) "walk passes for two concurrent walkers"
wait_value 10 "$SRV_OID.12.1" $((c3 + 29)) || fail "calls for two concurrent walkers: $(( $(calls) - c3 ))"
ok "two concurrent walkers: one pass, 29 calls"

# slower than the budget: each GETNEXT answered within budget from the
# previous snapshot, no AgentX timeout at the master
sleep 1 # the shared pass's last page is back
sim_data "$D" "$(rows 1 199) r200:partnerDown" "latency-ms = 700;"
t0=$(date +%s%N)
OIDS=("$REL_OID.5"); out=$(snmp snmpgetnext -On -Oq)
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -le 900 ] || fail "held GETNEXT took $ms ms, budget 300 ms"
assert_eq "$REL_OID.5.1.1 4" "$out" "first row from the previous snapshot"
walk "$REL_OID.5" -Oq > "$T/slow"
assert_eq "$REL_OID.5.1.200 4" "$(grep "^$REL_OID.5.1.200 " "$T/slow")" "previous snapshot state while the pass runs"
[ "$(get "$SRV_OID.20.1")" -ge 1 ] || fail "budget expiries not counted"
grep -qi "timeout\|timed out" "$T/snmpd.log" && fail "AgentX timeout at the master: $(grep -i timeout "$T/snmpd.log")"
wait_value 40 "$REL_OID.5.1.200" 6 || fail "the pass did not finish in the background"
ok "backend slower than the budget: answered in $ms ms from the previous snapshot, pass finished in the background"
kill -0 "$SNMPD_PID" || fail "snmpd died"
