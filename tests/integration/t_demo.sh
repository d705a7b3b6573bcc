#!/bin/bash
# The README's first command, so it cannot rot: tools/demo.sh (what make
# demo runs after the build) exits 0 and shows the relationship table, the
# server table and a walk of every relationship of conf/dhcpfo.conf.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need snmpd snmpwalk snmptable
TMPDIR=$T bash "$ROOT/tools/demo.sh" "$AGENT_BIN" > "$T/demo.out" 2>&1 || fail "demo exited $?: $(tail -5 "$T/demo.out")"
for h in "== snmptable DHCPFO-MIB::dhcpfoRelTable" "== snmpwalk DHCPFO-MIB::dhcpfoServerTable" \
	"== snmpwalk DHCPFO-MIB::dhcpfoRelTable"; do
	grep -qxF "$h" "$T/demo.out" || fail "no '$h' in the demo"
done
want=$(sed -n 's/^ *{ name = "\([^"]*\)"; mode.*/\1/p' "$ROOT/conf/dhcpfo.conf" | sort | tr '\n' ' ')
got=$(sed -n 's/^DHCPFO-MIB::dhcpfoRelName\.[0-9.]* = STRING: //p' "$T/demo.out" | sort | tr '\n' ' ')
[ -n "$want" ] || fail "no relationship names found in conf/dhcpfo.conf"
assert_eq "$want" "$got" "relationship names walked by the demo"
ls -d "$T"/dhcpfo-demo.* 2>/dev/null && fail "the demo left its temp dir behind"
ok "make demo's script: exit 0, both tables, every relationship of conf/dhcpfo.conf walked, nothing left behind"
