#!/usr/bin/python3
"""A strict, independent SNMP client (pysnmp) for the tests: walks a
subtree with GETNEXT and with GETBULK at several max-repetitions, fails on
any non-increasing OID or error, and checks every walk returns the same
varbinds. Prints the GETNEXT walk, one "oid value" per line.

usage: strict_walk.py HOST PORT ROOT v2c:COMMUNITY | v3:USER:AUTHKEY:PRIVKEY
"""
import sys

from pysnmp.hlapi import (CommunityData, ContextData, ObjectIdentity,
                          ObjectType, SnmpEngine, UdpTransportTarget,
                          UsmUserData, bulkCmd, nextCmd,
                          usmAesCfb128Protocol, usmHMACSHAAuthProtocol)
from pysnmp.proto.rfc1905 import EndOfMibView

# what differs between two agent processes or ticks between two walks:
# last poll times, poll and call counters, state-since times, data age
BASE = (1, 3, 6, 1, 4, 1, 32473, 46, 1)
VOLATILE = {BASE + (1, 4)} | {BASE + (2, 1, c) for c in (6, 7, 10, 12, 18)} | \
    {BASE + (3, 1, c) for c in (20, 21, 23)}


def auth(spec):
    kind, _, rest = spec.partition(":")
    if kind == "v2c":
        return CommunityData(rest, mpModel=1)
    user, akey, pkey = rest.split(":")
    return UsmUserData(user, akey, pkey, authProtocol=usmHMACSHAAuthProtocol,
                       privProtocol=usmAesCfb128Protocol)


def walk(host, port, root, spec, bulk=None):
    target = UdpTransportTarget((host, port), timeout=3, retries=1)
    obj = ObjectType(ObjectIdentity(root))
    if bulk is None:
        it = nextCmd(SnmpEngine(), auth(spec), target, ContextData(), obj,
                     lexicographicMode=False)
    else:
        it = bulkCmd(SnmpEngine(), auth(spec), target, ContextData(), 0, bulk,
                     obj, lexicographicMode=False)
    out, last = [], None
    for err_ind, err_stat, _, vbs in it:
        if err_ind or err_stat:
            sys.exit("walk (bulk=%s) failed: %s" % (bulk, err_ind or err_stat.prettyPrint()))
        for oid, val in vbs:
            if isinstance(val, EndOfMibView):
                continue
            t = oid.asTuple()
            if last is not None and t <= last:
                sys.exit("OID not increasing: %s after %s" % (t, last))
            last = t
            if t[:11] not in VOLATILE and t[:12] not in VOLATILE:
                out.append("%s %s" % (".".join(map(str, t)), val.prettyPrint()))
    return out


def main():
    host, port, root, spec = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    ref = walk(host, port, root, spec)
    if not ref:
        sys.exit("empty walk")
    for reps in (1, 3, 7, 50):
        got = walk(host, port, root, spec, reps)
        if got != ref:
            sys.exit("GETBULK max-repetitions %d differs from the GETNEXT walk" % reps)
    print("\n".join(ref))


if __name__ == "__main__":
    main()
