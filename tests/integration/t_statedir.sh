#!/bin/bash
# A state directory that cannot be written: the agent starts, serves, says
# so once (not on every poll), keeps its indexes in memory, and writes the
# map as soon as the directory works again.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$(dirname "$0")/../lib_sim.sh"
need snmpget
start_snmpd
: > "$T/state"   # a file where the directory should be: nothing can be written
sim_data "$T/s.data" "a:normal b:normal"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; };
servers = ( { name = "s"; sim = { data-file = "$T/s.data"; }; } );
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 10 "$REL_OID.2.1.2" '"b"' || fail "not serving without a state dir"
sim_data "$T/s.data" "a:normal b:normal c:normal"
wait_value 10 "$REL_OID.2.1.3" '"c"' || fail "new row without a state dir"
sleep 3
n=$(grep -c "index map not saved" "$T/agent.log" || true)
assert_eq 1 "$n" "warnings about the unwritable state dir over several polls"
grep -q "not a writable directory" "$T/agent.log" || fail "no start-up warning"
rm "$T/state"
mkdir "$T/state"
sim_data "$T/s.data" "a:normal b:normal c:normal d:normal"
wait_for 10 test -s "$T/state/indexmap" || fail "map not written once the dir works"
grep -q "rel 1 4 d" "$T/state/indexmap" || fail "map content: $(cat "$T/state/indexmap")"
grep -q "index map saved again" "$T/agent.log" || fail "recovery not logged"
ok "unwritable state dir: served, warned once, map written when it works again"
