#!/bin/bash
# tools/build-windows.sh [--test] [OUTDIR]: the native Windows build, with
# mingw-w64. dfo-winenum.exe is the agent's own src/pager.c, src/backend.c,
# src/model.c and src/msdhcpm.c over the native backend
# src/win/backend_dhcpsapi.c (DhcpV4FailoverEnumRelationship of
# dhcpsapi.dll); a stub dhcpsapi.dll serves 5 fixture relationships.
# --test runs it under wine: paging at page sizes 1, 2 and 100 (ceil(5/P)
# calls), the row mapping, an error return, and the pager's guards
# against MORE_DATA forever and RelationshipRead > NumElements.
# The AgentX agent itself is not built for Windows: see README "Windows".
# A missing mingw-w64 or wine is a failure, not a skip.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TEST=0
if [ "${1:-}" = --test ]; then TEST=1; shift; fi
OUT=${1:-$ROOT/build-windows}
CCW=${CCW:-x86_64-w64-mingw32-gcc}
W="$ROOT/tests/integration/windows"
command -v "$CCW" >/dev/null || { echo "FAIL: $CCW missing (make deps installs gcc-mingw-w64-x86-64)"; exit 1; }
mkdir -p "$OUT"
FLAGS=(-std=gnu11 -O2 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
	-I"$ROOT/src" -I"$ROOT/src/win" -I"$ROOT/src/win/compat")
"$CCW" "${FLAGS[@]}" -shared -o "$OUT/dhcpsapi.dll" "$W/stub_dhcpsapi.c"
"$CCW" "${FLAGS[@]}" -o "$OUT/dfo-winenum.exe" "$W/winenum.c" "$ROOT/src/win/backend_dhcpsapi.c" \
	"$ROOT/src/pager.c" "$ROOT/src/backend.c" "$ROOT/src/model.c" "$ROOT/src/msdhcpm.c" -lws2_32
echo "built $OUT/dfo-winenum.exe and $OUT/dhcpsapi.dll (stub)"
[ "$TEST" = 1 ] || exit 0
WINE=${WINE:-$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)}
[ -x "$WINE" ] || { echo "FAIL: wine missing (make deps installs wine64)"; exit 1; }
PREFIX=$(mktemp -d "${TMPDIR:-/tmp}/dhcpfo-wine.XXXXXX")
trap 'rm -rf "$PREFIX"' EXIT
run() { (cd "$OUT" && WINEPREFIX="$PREFIX" WINEDEBUG=-all timeout 120 "$WINE" ./dfo-winenum.exe "$@" 2>/dev/null | tr -d '\r'); }
bad() { echo "FAIL: $*"; exit 1; }
for p in 1:5 2:3 100:1; do
	out=$(run "${p%%:*}") || bad "page size ${p%%:*}: $out"
	[ "$(tail -1 <<<"$out")" = "rows=5 calls=${p##*:} status=0" ] || bad "page size ${p%%:*}: $(tail -1 <<<"$out")"
done
want='fo-c state=communicationInterrupted prev=startup raw=COMMUNICATION_INT mode=load-balance role=primary mclt=3602 pct=50 scopes=1 primary=dhcp-a/192.0.2.1 secondary=dhcp-b/192.0.2.2'
grep -qxF "$want" <<<"$out" || bad "row mapping: want [$want], got: $out"
grep -q "stub-secret" <<<"$out" && bad "SharedSecret printed"
out=$(DFO_STUB_MODE=error:20121 run 10 || true)
grep -q "^error 20121 (DhcpV4FailoverEnumRelationship: ERROR_DHCP_NO_ADMIN_PERMISSION) after 1 calls$" <<<"$out" ||
	bad "error return: $out"
out=$(DFO_STUB_MODE=forever run 2 50 || true)
grep -q "^error 13 " <<<"$out" || bad "MORE_DATA forever: $out"
out=$(DFO_STUB_MODE=read-over run 2 || true)
grep -q "^error 13 (RelationshipRead 3 but the array has 2 elements)" <<<"$out" || bad "read-over: $out"
echo "ok: dfo-winenum.exe (src/pager.c over dhcpsapi.dll) under wine: 5 rows in 5/3/1 calls at page sizes 1/2/100; 20121 reported; MORE_DATA forever and RelationshipRead > NumElements -> 13"
