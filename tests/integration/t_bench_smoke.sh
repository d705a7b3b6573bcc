#!/bin/bash
# The benchmark harness at N = 100, one repetition, so make bench cannot
# rot: every implementation serves the table, the report is written, and
# the backend-call figures hold (ceil(N/P) per refresh, 0 per walk).
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
grep -q "dhcpfo benchmarks" "$T/bench.log" || fail "no report"
ok "bench smoke: 5 implementations served N=100; calls per refresh = ceil(N/P), 0 per walk"
