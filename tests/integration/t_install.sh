#!/bin/bash
# make install into a DESTDIR: the installed agent runs with the installed
# config and MIB; a second install keeps the config; uninstall leaves only
# config and state; the man pages render without warnings; the systemd
# units pass systemd-analyze verify.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need make groff man systemd-analyze snmptranslate
R="$T/root"
inst() { make -s -C "$ROOT" BUILD="$BUILD" DESTDIR="$R" PREFIX=/usr sysconfdir=/etc localstatedir=/var "$@"; }
inst install > "$T/install.log" 2>&1 || fail "make install: $(cat "$T/install.log")"
for f in usr/sbin/dhcpfo-agentx usr/lib/nagios/plugins/check_dhcp_failover \
	usr/share/snmp/mibs/DHCPFO-MIB.txt usr/share/snmp/mibs/DHCPFO-ROOT-MIB.txt \
	usr/share/snmp/mibs/dhcpfo-ietf/SNMPv2-TC.txt usr/share/man/man8/dhcpfo-agentx.8 \
	usr/share/man/man5/dhcpfo.conf.5 usr/share/man/man1/check_dhcp_failover.1 \
	etc/init.d/dhcpfo usr/lib/systemd/system/dhcpfo.service etc/dhcpfo/dhcpfo.conf \
	usr/share/doc/dhcpfo/examples/kea.conf.example usr/share/dhcpfo/snmptrap_to_zabbix.sh \
	usr/share/dhcpfo/dhcpfo_template_6.0.yaml; do
	[ -e "$R/$f" ] || fail "not installed: $f"
done
[ -d "$R/var/lib/dhcpfo" ] || fail "no state dir"
[ -x "$R/usr/sbin/dhcpfo-agentx" ] || fail "agent not executable"
ok "installed: binary, plugin, MIBs, man pages, init script, units, config, state dir"

"$R/usr/sbin/dhcpfo-agentx" --check-config -c "$R/etc/dhcpfo/dhcpfo.conf" | grep -q OK || fail "installed config"
sed "s|/var/lib/dhcpfo|$R/var/lib/dhcpfo|" "$R/etc/dhcpfo/dhcpfo.conf" > "$T/run.conf"
start_snmpd
"$R/usr/sbin/dhcpfo-agentx" -f -c "$T/run.conf" -x "$AGENTX_SOCK" >> "$T/agent.log" 2>&1 &
PIDS+=($!)
wait_value 10 "$DFO_OID.1.1.3.0" 5 || fail "installed agent does not serve"
out=$(MIBS=DHCPFO-MIB snmpget -v2c -c public -M "$R/usr/share/snmp/mibs:$R/usr/share/snmp/mibs/dhcpfo-ietf" \
	"127.0.0.1:$SNMP_PORT" DHCPFO-MIB::dhcpfoRelName.1.1 2>&1)
assert_eq 'DHCPFO-MIB::dhcpfoRelName.1.1 = STRING: hq-lan' "$out" "walk with the installed MIB"
ok "installed agent runs with the installed config and MIB"

for m in man8/dhcpfo-agentx.8 man5/dhcpfo.conf.5 man1/check_dhcp_failover.1; do
	w=$(groff -wall -z -man "$R/usr/share/man/$m" 2>&1)
	[ -z "$w" ] || fail "groff warnings in $m: $w"
	w=$(MANWIDTH=80 man --warnings -l "$R/usr/share/man/$m" 2>&1 >/dev/null)
	[ -z "$w" ] || fail "man warnings in $m: $w"
done
ok "man pages render without warnings"

for u in dhcpfo.service dhcpfo-standalone.service; do
	sed "s|/usr/sbin/dhcpfo-agentx|$R/usr/sbin/dhcpfo-agentx|g" "$R/usr/lib/systemd/system/$u" > "$T/$u"
	w=$(MANPATH="$R/usr/share/man" systemd-analyze verify "$T/$u" 2>&1) || fail "systemd-analyze verify $u: $w"
	[ -z "$w" ] || fail "systemd-analyze verify $u: $w"
done
ok "systemd units pass systemd-analyze verify"

echo "# edited by the operator" >> "$R/etc/dhcpfo/dhcpfo.conf"
inst install > "$T/install2.log" 2>&1 || fail "second install"
grep -q "edited by the operator" "$R/etc/dhcpfo/dhcpfo.conf" || fail "config overwritten"
echo "state" > "$R/var/lib/dhcpfo/indexmap"
inst uninstall > "$T/uninstall.log" 2>&1 || fail "make uninstall: $(cat "$T/uninstall.log")"
left=$(cd "$R" && find . -type f | sort | tr '\n' ' ')
assert_eq "./etc/dhcpfo/dhcpfo.conf ./var/lib/dhcpfo/indexmap " "$left" "files left after uninstall"
ok "second install keeps the config; uninstall leaves only config and state"
