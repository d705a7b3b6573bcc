#!/bin/bash
# A state directory that cannot be written, three ways: a file where the
# directory should be, a file system remounted read-only under a running
# agent, and a full one. Each time the agent starts or keeps serving,
# says so once (not on every poll), keeps its indexes in memory, never
# damages the map it had (temp file + rename), and writes the map as soon
# as the directory works again; a restart then finds every index. Last, a
# map corrupted under a running agent is replaced by a good one on the
# next change, and one corrupted while it is down is kept aside, reported
# and rebuilt. Runs in its own mount namespace (tmpfs mounts; root).
if [ -z "${DFO_MNTNS:-}" ]; then
	[ "$(id -u)" -eq 0 ] || { echo "FAIL: needs root (tmpfs mounts)" >&2; exit 1; }
	command -v unshare > /dev/null || { echo "FAIL: unshare is missing" >&2; exit 1; }
	DFO_MNTNS=1 exec unshare -m --propagation private bash "$0" "$@"
fi
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$(dirname "$0")/../lib_sim.sh"
need snmpget mount umount dd
# the tmpfs goes before lib.sh's cleanup removes $T
trap 'rc=$?; umount -l "$T/state" 2>/dev/null; (exit $rc); cleanup' EXIT
start_snmpd
rows() { local r="" n; for n in "$@"; do r="$r $n:normal"; done; sim_data "$T/s.data" "$r"; }
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; };
servers = ( { name = "s"; sim = { data-file = "$T/s.data"; }; } );
EOC
} > "$T/conf"
warnings() { grep -c "index map not saved" "$T/agent.log" || true; }

# 1. a file where the directory should be
: > "$T/state"
rows a b
start_agent "$T/conf"
wait_value 10 "$REL_OID.2.1.2" '"b"' || fail "not serving without a state dir"
rows a b c
wait_value 10 "$REL_OID.2.1.3" '"c"' || fail "new row without a state dir"
sleep 3
assert_eq 1 "$(warnings)" "warnings about the unwritable state dir over several polls"
grep -q "not a writable directory" "$T/agent.log" || fail "no start-up warning"
rm "$T/state"
mkdir "$T/state"
rows a b c d
wait_for 10 test -s "$T/state/indexmap" || fail "map not written once the dir works"
grep -q "rel 1 4 d" "$T/state/indexmap" || fail "map content: $(cat "$T/state/indexmap")"
grep -q "index map saved again" "$T/agent.log" || fail "recovery not logged"
ok "a file instead of the state dir: served, warned once, map written when it works again"
stop_agent

# 2. the file system goes read-only under the running agent
rm -rf "$T/state"
mkdir "$T/state"
mount -t tmpfs -o size=256k,mode=0755 dfo-state "$T/state" || fail "cannot mount a tmpfs"
: > "$T/agent.log"
rows a b c d
start_agent "$T/conf"
wait_for 10 grep -q "rel 1 4 d" "$T/state/indexmap" || fail "map not written on tmpfs"
mount -o remount,ro "$T/state" || fail "cannot remount read-only"
cp "$T/state/indexmap" "$T/map.before"
rows a b c d e f
wait_value 10 "$REL_OID.2.1.6" '"f"' || fail "new rows on a read-only state dir"
rows a b c d e f g
wait_value 10 "$REL_OID.2.1.7" '"g"' || fail "more rows on a read-only state dir"
sleep 2
assert_eq 1 "$(warnings)" "warnings for a read-only state dir over several changes"
grep "index map not saved" "$T/agent.log" | grep -q "Read-only file system" || fail "the reason is not logged: $(grep "not saved" "$T/agent.log")"
cmp -s "$T/map.before" "$T/state/indexmap" || fail "the map changed on a read-only fs"
mount -o remount,rw "$T/state"
rows a b c d e f g h
wait_for 10 grep -q "rel 1 8 h" "$T/state/indexmap" || fail "map not written after remount rw"
grep -q "rel 1 7 g" "$T/state/indexmap" || fail "rows seen while read-only are not in the map: $(cat "$T/state/indexmap")"
ok "read-only state dir: served, warned once with the reason, old map intact, written when rw again"

# 3. the file system fills up
dd if=/dev/zero of="$T/state/filler" bs=4k > /dev/null 2>&1 || true
cp "$T/state/indexmap" "$T/map.before"
n=$(warnings)
rows a b c d e f g h i j
wait_value 10 "$REL_OID.2.1.10" '"j"' || fail "new rows on a full state dir"
sleep 2
assert_eq $((n + 1)) "$(warnings)" "warnings for a full state dir"
grep "index map not saved" "$T/agent.log" | tail -1 | grep -q "No space left" || fail "the reason is not logged: $(grep "not saved" "$T/agent.log" | tail -1)"
cmp -s "$T/map.before" "$T/state/indexmap" || fail "the map was damaged by a full fs: $(cat "$T/state/indexmap")"
[ ! -e "$T/state/indexmap.tmp" ] || fail "a temp file was left on the full fs"
rm "$T/state/filler"
rows a b c d e f g h i j k
wait_for 10 grep -q "rel 1 11 k" "$T/state/indexmap" || fail "map not written once space is back"
grep -q "rel 1 10 j" "$T/state/indexmap" || fail "rows seen while full are not in the map"
ok "full state dir: served, warned once with the reason, old map intact, no temp file, written when space is back"

# the indexes survive a restart after all of that
walk "$REL_OID.2" > "$T/walk1"
stop_agent
start_agent "$T/conf"
wait_value 10 "$DFO_OID.1.1.3.0" 11 || fail "rows after restart"
walk "$REL_OID.2" > "$T/walk2"
diff "$T/walk1" "$T/walk2" > /dev/null || fail "indexes changed across a restart: $(diff "$T/walk1" "$T/walk2" | head)"
ok "restart after read-only and full periods: all 11 indexes kept"

# 4. the map corrupted under the running agent, then while it is down
printf 'garbage\x01\x02 not a map\n' > "$T/state/indexmap"
rows a b c d e f g h i j k l
wait_for 10 grep -q "rel 1 12 l" "$T/state/indexmap" || fail "a corrupted map is not replaced on the next change"
grep -q "rel 1 1 a" "$T/state/indexmap" || fail "the rewritten map lost rows: $(cat "$T/state/indexmap")"
kill -0 "$AGENT_PID" || fail "agent died"
ok "map corrupted under the running agent: rewritten whole on the next change"
stop_agent
head -c 25 "$T/state/indexmap" > "$T/state/indexmap.cut"
mv "$T/state/indexmap.cut" "$T/state/indexmap"
start_agent "$T/conf"
wait_value 10 "$DFO_OID.1.1.3.0" 12 || fail "rows after a truncated map"
ls "$T/state"/indexmap.corrupt-* > /dev/null 2>&1 || fail "the truncated map was not kept aside"
grep -q "index map .* is rebuilt" "$T/agent.log" || fail "the truncated map was not reported"
wait_for 10 grep -q "rel 1 [0-9]* l" "$T/state/indexmap" || fail "map not rebuilt"
ok "a truncated map: kept aside, reported, rebuilt, agent up"
