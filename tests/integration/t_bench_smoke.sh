#!/bin/bash
# The benchmark harness at N = 100, one repetition, so make bench cannot
# rot: every implementation serves the table, the report is written, the
# backend-call figures hold (ceil(N/P) per refresh, 0 per walk; the naive
# subagent's N^2/2P), and the many-servers, concurrency and NMS-polling
# parts run without an error.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need make
SMOKE=1 BUILD="$BUILD" bash "$ROOT/bench/run.sh" > "$T/bench.log" 2>&1 || fail "bench: $(tail -20 "$T/bench.log")"
for impl in in-master agentx-ceiling dhcpfo-agentx dhcpfo-standalone pass_persist; do
	grep -qP "^100\t$impl\tbulkwalk\t[0-9]+ " "$T/bench.log" || fail "no bulkwalk figure for $impl"
	grep -qP "^100\t$impl\tmulticolumn\t[0-9]+ " "$T/bench.log" || fail "no multi-column figure for $impl"
done
for pc in "1 100" "7 15" "100 1" "1000 1"; do
	read -r p c <<<"$pc"
	grep -qP "^100\tP=$p\tcalls\t$c\t0\t" "$T/bench.log" || fail "calls for P=$p: $(grep "P=$p	calls" "$T/bench.log")"
done
# walk-driven: ceil(31/P) calls per walk, 0 with the background poll only
# (a pass that ends in one page must not start itself again)
for pc in "1 31" "7 5" "100 1"; do
	read -r p c <<<"$pc"
	grep -qP "^31\tP=$p\twalkdriven\t0\twalk\t[0-9]+\t$c\$" "$T/bench.log" ||
		fail "walk-driven calls for P=$p: $(grep -P "^31\tP=$p\twalkdriven\t0\t" "$T/bench.log")"
	grep -qP "^31\tP=$p\twalkdriven\t0\tpoll\t[0-9]+\t0\$" "$T/bench.log" || fail "poll-only calls for P=$p"
done
# the naive subagent, measured: sum of ceil(k/P) for k = 1..N, plus one
# whole pass for the GETNEXT past the last row
for pc in "1 5150" "7 780" "100 101" "1000 101"; do
	read -r p c <<<"$pc"
	grep -qP "^100\tP=$p\tnaive\t$c\t[0-9]+\$" "$T/bench.log" || fail "naive calls for P=$p: $(grep -P "P=$p\tnaive" "$T/bench.log")"
done
grep -qP "^10\t-\tmanyservers\t[0-9]+\t[0-9.]+\t[0-9]+\t3\t[0-9]+\t[0-9]+\t[0-9]+\t11\$" "$T/bench.log" ||
	fail "many servers: $(grep manyservers "$T/bench.log")"
grep -qP "^1000\t4\tconcurrency\tops [1-9][0-9]* varbinds [0-9]+ errors 0 .*\t[1-9][0-9]*\t0\$" "$T/bench.log" ||
	fail "concurrency (walks, no errors, snapshot swaps, no AgentX timeout): $(grep concurrency "$T/bench.log")"
for impl in dhcpfo-agentx agentx-ceiling in-master; do
	grep -qP "^31\t$impl\tnmsget\tops [1-9][0-9]* varbinds [0-9]+ errors 0 " "$T/bench.log" || fail "NMS GET $impl: $(grep nmsget "$T/bench.log")"
done
grep -q "dhcpfo benchmarks" "$T/bench.log" || fail "no report"
ok "bench smoke: 5 implementations served N=100; calls per refresh = ceil(N/P), 0 per walk; naive subagent measured; many servers, concurrency, NMS GET ran without errors"
