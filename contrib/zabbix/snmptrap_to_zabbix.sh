#!/bin/sh
# snmptrap_to_zabbix.sh: an snmptrapd "traphandle" that appends each
# notification to the file Zabbix's SNMP trapper reads (SNMPTrapperFile),
# in the format it expects:
#
#     <date> ZBXTRAP <sender IP address>
#     <varbinds, one per line>
#
# Zabbix matches <sender IP address> against the host's SNMP interface and
# the varbind text against the snmptrap["regex"] items of
# contrib/zabbix/dhcpfo_template_6.0.yaml. A stand-in for Zabbix's Perl
# zabbix_trap_receiver.pl, which Debian does not ship; POSIX sh only.
#
# snmptrapd.conf:
#     traphandle default /bin/sh /usr/local/share/dhcpfo/snmptrap_to_zabbix.sh \
#         /var/lib/zabbix/snmptraps/snmptraps.log
# and start snmptrapd with -On (numeric OIDs, the form the template's
# regexes match first; -OS with DHCPFO-MIB loaded works too).
set -u
out=${1:-${ZBX_TRAPS_FILE:-/var/lib/zabbix/snmptraps/snmptraps.log}}
# snmptrapd hands a traphandle: the sender's host name, its transport
# address ("UDP: [192.0.2.1]:1024->[192.0.2.9]:162"), then one varbind a line
IFS= read -r host || exit 0
IFS= read -r transport || transport=""
addr=$(printf '%s\n' "$transport" | sed -n 's/^[^[]*\[\([^]]*\)\].*/\1/p')
[ -n "$addr" ] || addr=$host
# a varbind must not be able to start a record of its own
vars=$(sed 's/ZBXTRAP/ZBX_TRAP/g')
record=$(printf '%s ZBXTRAP %s\n%s' "$(date '+%Y-%m-%dT%H:%M:%S%z')" "$addr" "$vars")
# one write per record, serialised if flock(1) is there
if command -v flock >/dev/null 2>&1; then
	# shellcheck disable=SC2016 # $1 and $2 are the inner sh's arguments
	flock "$out" sh -c 'printf "%s\n" "$1" >> "$2"' sh "$record" "$out"
else
	printf '%s\n' "$record" >> "$out"
fi
