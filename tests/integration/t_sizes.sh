#!/bin/bash
# Table sizes through a real snmpd: an empty server, a one-row server and
# 200 relationships at page size 7. A refresh costs ceil(N/P) enumeration
# calls (dhcpfoServerEnumCalls); walks within the poll interval cost none.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need snmpwalk snmpbulkwalk snmpget
start_snmpd
mkdir -p "$T/state"
{
	conf_header
	cat <<EOC
defaults = { poll-interval = 300; };
servers = (
  { name = "empty"; type = "sim"; },
  { name = "one"; sim = { relationships = ( { name = "only"; state = "paused"; } ); }; },
  { name = "big"; page-size = 7; sim = { generate = { count = 200; prefix = "rel-"; }; }; }
);
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 10 "$DFO_OID.1.1.3.0" 201 || fail "201 rows expected, got $(get "$DFO_OID.1.1.3.0")"
assert_eq 0 "$(get "$SRV_OID.13.1")" "empty server rows"
assert_eq 1 "$(get "$SRV_OID.13.2")" "one-row server rows"
assert_eq 200 "$(get "$SRV_OID.13.3")" "big server rows"
assert_eq 1 "$(get "$SRV_OID.12.1")" "calls for an empty table"
assert_eq 1 "$(get "$SRV_OID.12.2")" "calls for one row"
assert_eq 29 "$(get "$SRV_OID.12.3")" "calls for 200 rows at P=7 (ceil(200/7))"
ok "enumeration calls per refresh: 1, 1, 29"

# the empty server has no rows; the one-row server exactly one
OIDS=("$REL_OID.2.1"); out=$(snmp snmpgetnext -On -Oq)
assert_eq "$REL_OID.2.2.1 \"only\"" "$out" "getnext after the empty server"
assert_eq 13 "$(get "$REL_OID.5.2.1")" "paused state"
walk "$REL_OID.2.2" > "$T/one"
assert_eq 1 "$(wc -l < "$T/one")" "one-row walk"
ok "empty table and one-row table"

# the 200 rows, in order, indexes 1..200
walk "$REL_OID.2.3" -Oq > "$T/big"
assert_eq 200 "$(wc -l < "$T/big")" "big walk rows"
for i in 1 7 8 100 200; do
	line=$(sed -n "${i}p" "$T/big")
	assert_eq "$REL_OID.2.3.$i \"rel-$(printf %06d "$i")\"" "$line" "row $i"
done
# minus the columns that tick with the clock (state since, data age)
strip() { grep -vE "^$REL_OID\.(20|21|23)\."; }
bulkwalk "$REL_OID" -Cr50 | strip > "$T/bulk"
walk "$REL_OID" | strip > "$T/walk"
diff "$T/walk" "$T/bulk" > /dev/null || fail "bulkwalk differs from walk"
ok "200 rows in index order, GETNEXT and GETBULK agree"

# walks within the poll interval cost no backend call
walk "$DFO_OID" > /dev/null
bulkwalk "$DFO_OID" -Cr50 > /dev/null
assert_eq 29 "$(get "$SRV_OID.12.3")" "calls after two more walks"
assert_eq 1 "$(get "$SRV_OID.10.3")" "polls"
ok "two walks within the poll interval: 0 enumeration calls"
