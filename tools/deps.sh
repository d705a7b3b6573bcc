#!/bin/sh
# Installs the Debian packages dhcpfo needs to build, demo and test.
# Idempotent: does nothing when everything is present.
set -eu
PKGS="build-essential pkg-config libsnmp-dev snmpd snmp snmptrapd
libconfig-dev check libsubunit-dev libjson-c-dev libcurl4-openssl-dev
smitools cppcheck shellcheck iproute2 procps libssl-dev
isc-dhcp-server python3-pypureomapi python3-pysnmp4 kea-dhcp4-server kea-ctrl-agent
groff-base man-db systemd clang libclang-rt-14-dev"
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
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
