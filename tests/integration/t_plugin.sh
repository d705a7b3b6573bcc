#!/bin/bash
# check_dhcp_failover against the running agent on sim data: every exit
# code from a real scenario, the status line, perfdata and detail lines
# asserted exactly (data ages normalised to N), SNMPv3 authPriv.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/lib_sim.sh
. "$(dirname "$0")/../lib_sim.sh"
PLUGIN="$ROOT/$BUILD/check_dhcp_failover"
need "$PLUGIN"
start_snmpd 'createUser dfouser SHA "authpass123" AES "privpass123"
rouser dfouser priv'
mkdir -p "$T/state"
sim_data "$T/a.data" "lan:normal voice:normal"
sim_data "$T/b.data" "branch:normal"
{ conf_header; cat <<EOC
defaults = { poll-interval = 1; unreachable-after = 1; };
servers = ( { name = "hq"; sim = { data-file = "$T/a.data"; }; },
            { name = "br"; sim = { data-file = "$T/b.data"; }; } );
EOC
} > "$T/conf"
start_agent "$T/conf"
wait_value 10 "$DFO_OID.1.1.3.0" 3 || fail "3 rows"
norm() { sed -E 's/max_data_age=[0-9]+s/max_data_age=Ns/; s/data age [0-9]+ s/data age N s/'; }
check() { # expected-exit expected-output args...
	local want_rc=$1 want=$2 rc
	shift 2
	set +e
	"$PLUGIN" -H 127.0.0.1 -p "$SNMP_PORT" -t 5 "$@" > "$T/plugin.out" 2>&1
	rc=$?
	set -e
	got=$(norm < "$T/plugin.out")
	[ "$rc" = "$want_rc" ] || fail "exit $rc, expected $want_rc for $*: $got"
	[ "$got" = "$want" ] || fail "output for $*:
--- expected
$want
--- got
$got"
}
check 0 "DHCP FAILOVER OK - 3 relationships OK | relationships=3 normal=3 max_data_age=Ns;;
OK hq/lan: normal, data age N s
OK hq/voice: normal, data age N s
OK br/branch: normal, data age N s" -C public
ok "exit 0: everything normal"

sim_data "$T/a.data" "lan:normal voice:recover"
wait_value 10 "$REL_OID.5.1.2" 10 || fail "recover"
check 1 "DHCP FAILOVER WARNING - 1 of 2 relationships not OK | relationships=2 normal=1 recover=1 max_data_age=Ns;;
OK hq/lan: normal, data age N s
WARNING hq/voice: recover, data age N s" -C public -s hq
ok "exit 1: a relationship in recover (server selected with -s)"

sim_data "$T/a.data" "lan:partnerDown voice:recover"
wait_value 10 "$REL_OID.5.1.1" 6 || fail "partnerDown"
check 2 "DHCP FAILOVER CRITICAL - 2 of 3 relationships not OK | relationships=3 normal=1 partnerDown=1 recover=1 max_data_age=Ns;;
CRITICAL hq/lan: partnerDown, data age N s
WARNING hq/voice: recover, data age N s
OK br/branch: normal, data age N s" -C public
check 0 "DHCP FAILOVER OK - 1 relationship OK | relationships=1 normal=1 max_data_age=Ns;;
OK br/branch: normal, data age N s" -C public -r branch
check 1 "DHCP FAILOVER WARNING - 1 of 1 relationships not OK | relationships=1 normal=0 partnerDown=1 max_data_age=Ns;;
WARNING hq/lan: partnerDown, data age N s" -C public -r lan --crit-state shutdown
check 1 "DHCP FAILOVER WARNING - 1 of 2 relationships not OK | relationships=2 normal=0 partnerDown=1 recover=1 max_data_age=Ns;;
WARNING hq/lan: partnerDown, data age N s
OK hq/voice: recover, data age N s" -C public -s hq --ok-state normal,recover --crit-state shutdown --warn-state partnerDown
check 2 "DHCP FAILOVER CRITICAL - 1 of 2 relationships not OK | relationships=2 normal=0 partnerDown=1 recover=1 max_data_age=Ns;;
CRITICAL hq/lan: partnerDown, data age N s
OK hq/voice: recover, data age N s" -C public -s hq --ok-state normal,recover --crit-state shutdown --warn-state recoverWait
ok "exit 2: partnerDown; -r selects one relationship; --crit-state and --warn-state change the rules"

sim_data "$T/b.data" "branch:normal" "fail-calls = -1;"
wait_value 10 "$SRV_OID.5.2" 2 || fail "br unreachable"
sleep 2
check 2 "DHCP FAILOVER CRITICAL - 1 of 1 relationships not OK, data age N s | relationships=1 normal=1 max_data_age=Ns;1;100
CRITICAL br/branch: normal, data age N s, server unreachable" -C public -s br -w 1 -c 100
ok "exit 2: server unreachable; data age over the warning threshold shown"

check 3 "DHCP FAILOVER UNKNOWN - no failover relationship matches the selection" -C public -s nosuch
check 3 "DHCP FAILOVER UNKNOWN - SNMP error: timeout" -C wrong-community -t 2
ok "exit 3: nothing selected; SNMP failure with the reason"

check 2 "DHCP FAILOVER CRITICAL - 2 of 2 relationships not OK | relationships=2 normal=0 partnerDown=1 recover=1 max_data_age=Ns;;
CRITICAL hq/lan: partnerDown, data age N s
WARNING hq/voice: recover, data age N s" -P 3 -U dfouser -L authPriv -a SHA -A authpass123 -x AES -X privpass123 -s hq
check 3 "DHCP FAILOVER UNKNOWN - SNMP error: Authentication failure (incorrect password, community or key)" \
	-P 3 -U dfouser -L authPriv -a SHA -A wrongpass99 -x AES -X privpass123 -t 2 -s hq
ok "SNMPv3 authPriv against snmpd's v3 user; a wrong key is UNKNOWN"
