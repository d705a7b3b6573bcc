#!/bin/sh
# Installs the Debian packages dhcpfo needs to build, demo and test
# (the last lines: Samba's RPC client, impacket, mingw-w64 and wine for
# the windows backend and its tests; a real Zabbix 6.0 server, PostgreSQL and PHP's built-in
# web server for tests/integration/t_zabbix.sh; php8.2-cgi satisfies the
# frontend's "php" dependency without pulling in Apache).
# Idempotent: does nothing when everything is present.
set -eu
PKGS="build-essential pkg-config libsnmp-dev snmpd snmp snmptrapd
libconfig-dev check libsubunit-dev libjson-c-dev libcurl4-openssl-dev
smitools cppcheck shellcheck iproute2 procps libssl-dev
isc-dhcp-server python3-pypureomapi python3-pysnmp4 kea-dhcp4-server kea-ctrl-agent
groff-base man-db systemd clang libclang-rt-14-dev valgrind
samba-dev python3-impacket gcc-mingw-w64-x86-64 wine64
jq curl zabbix-server-pgsql zabbix-frontend-php php-pgsql php-cli php8.2-cgi postgresql"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# Packages such as snmpd, isc-dhcp-server and kea start their service on
# install; the tests run their own private daemons, so keep those off
# while installing (policy-rc.d 101 = "do not start").
guard=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
	$SUDO chmod 755 /usr/sbin/policy-rc.d
	guard=1
fi
rc=0
$SUDO apt-get update -qq || rc=$?
# shellcheck disable=SC2086
[ $rc -ne 0 ] || $SUDO apt-get install -y -qq --no-install-recommends $missing || rc=$?
[ -n "$guard" ] && $SUDO rm -f /usr/sbin/policy-rc.d
exit $rc
