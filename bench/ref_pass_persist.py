#!/usr/bin/python3
"""The reference table through snmpd's pass_persist, written the way a
competent user would: rows built once, sorted OIDs, bisect for GETNEXT.
usage (snmpd.conf): pass_persist .1.3.6.1.4.1.32473.97 ref_pass_persist.py ROWS"""
import bisect
import sys

ROOT = (1, 3, 6, 1, 4, 1, 32473, 97)
n = int(sys.argv[1])
rows = []
for col in (2, 3, 4):
    for i in range(1, n + 1):
        oid = ROOT + (1, col, i)
        if col == 2:
            val = ("string", "rel-%06d" % i)
        elif col == 3:
            val = ("integer", "4")
        else:
            val = ("string", "normal")
        rows.append((oid, val))
rows.sort()
keys = [r[0] for r in rows]
index = dict(rows)
out = sys.stdout


def parse(s):
    return tuple(int(x) for x in s.strip().strip(".").split(".") if x)


def answer(oid, val):
    out.write(".%s\n%s\n%s\n" % (".".join(map(str, oid)), val[0], val[1]))


for line in sys.stdin:
    cmd = line.strip()
    if cmd == "PING":
        out.write("PONG\n")
    elif cmd in ("get", "getnext"):
        oid = parse(sys.stdin.readline())
        if cmd == "get":
            if oid in index:
                answer(oid, index[oid])
            else:
                out.write("NONE\n")
        else:
            i = bisect.bisect_right(keys, oid)
            if i < len(keys):
                answer(keys[i], index[keys[i]])
            else:
                out.write("NONE\n")
    elif cmd == "set":
        sys.stdin.readline()
        sys.stdin.readline()
        out.write("not-writable\n")
    elif cmd == "":
        break
    out.flush()
