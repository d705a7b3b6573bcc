#!/usr/bin/python3
"""bench/report.py: turns bench/run.sh's measurements into results.md (the
tables, the ratios against the targets, the machine) and results.svg
(microseconds per varbind vs N, one line per implementation)."""
import math
import os
import platform
import subprocess
import sys

res, out, reps = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [l.rstrip("\n").split("\t") for l in open(res) if l.strip()]
IMPLS = ["in-master", "agentx-ceiling", "dhcpfo-standalone", "dhcpfo-agentx", "pass_persist"]
walk = {}
for r in rows:
    if r[2] in ("bulkwalk", "getnext", "multicolumn"):
        med, spread = r[3].split(" ")
        walk[(int(r[0]), r[1], r[2])] = (int(med), spread)


def cpu():
    try:
        for l in open("/proc/cpuinfo"):
            if l.startswith("model name"):
                return l.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def snmp_version():
    try:
        return subprocess.run(["snmpd", "-v"], capture_output=True, text=True).stdout.split("\n")[1].strip()
    except Exception:
        return "?"


md = ["# dhcpfo benchmarks", "",
      "Machine: %s, %d cores, %s, %s. Each figure is the median of %s runs "
      "(spread in brackets); all implementations run side by side in one run. "
      "A walk is the three columns of an N-row table (3N varbinds): "
      "dhcpfoRelName/State/RawState for dhcpfo, the same shape for the references."
      % (cpu(), os.cpu_count(), platform.platform(), snmp_version(), reps), ""]
for method, title in (("bulkwalk", "snmpbulkwalk -Cr50"), ("multicolumn", "multi-column GETBULK (3 repeaters, max-repetitions 50, as snmptable)"),
                      ("getnext", "snmpwalk (GETNEXT)")):
    ns = sorted({k[0] for k in walk if k[2] == method})
    if not ns:
        continue
    md += ["## " + title, "", "| N | " + " | ".join(IMPLS) + " |", "|---" * (len(IMPLS) + 1) + "|"]
    for n in ns:
        cells = []
        for impl in IMPLS:
            v = walk.get((n, impl, method))
            cells.append("%.1f ms, %.1f us/vb (%s)" % (v[0] / 1000, v[0] / (3 * n), v[1]) if v else "-")
        md.append("| %d | %s |" % (n, " | ".join(cells)))
    md.append("")

md += ["## Ratios (snmpbulkwalk) against the targets", "",
       "| N | dhcpfo-agentx / AgentX ceiling (target <= 1.25) | dhcpfo-standalone / in-master (target <= 1.25) | pass_persist / dhcpfo-agentx (target > 1) | pass_persist / dhcpfo-standalone (target >= 15 at 10000) |",
       "|---|---|---|---|---|"]
for n in sorted({k[0] for k in walk if k[2] == "bulkwalk"}):
    g = lambda i: walk.get((n, i, "bulkwalk"), (None,))[0]
    def ratio(a, b):
        return "%.2f" % (g(a) / g(b)) if g(a) and g(b) else "-"
    md.append("| %d | %s | %s | %s | %s |" % (n, ratio("dhcpfo-agentx", "agentx-ceiling"),
              ratio("dhcpfo-standalone", "in-master"), ratio("pass_persist", "dhcpfo-agentx"),
              ratio("pass_persist", "dhcpfo-standalone")))
md.append("")

calls = [r for r in rows if r[2] == "calls"]
naive = {r[1]: r for r in rows if r[2] == "naive"}
if calls:
    md += ["## Backend enumeration calls", "",
           "| N | page size | dhcpfo: calls per refresh | dhcpfo: calls for two walks within the poll interval | naive subagent: calls for one snmpwalk (measured) | naive: time of that walk | sum of ceil(k/P), k = 1..N |",
           "|---|---|---|---|---|---|---|"]
    for r in calls:
        nv = naive.get(r[1])
        md.append("| %s | %s | %s | %s | %s | %s | %s |" % (r[0], r[1][2:], r[3], r[4], nv[3] if nv else "-",
                  "%.1f ms" % (int(nv[4]) / 1000) if nv else "-", r[5]))
    md.append("")
    md += ["dhcpfo's cost is ceil(N/P) calls per poll interval whatever the walks; the naive design "
           "pays about N^2/(2P) calls per walk (plus one full pass for the GETNEXT past the end). "
           "Its walk time here is short only because the sim answers in-process in microseconds: "
           "against a backend that takes L per call it is the call count times L (at P = 100 and "
           "10 ms per call, 55 s for one walk of 1,000 rows).", ""]
ms = [r for r in rows if r[2] == "manyservers"]
if ms:
    md += ["## Many servers (31 relationships each, poll-interval 10 s)", "",
           "| servers | rows | first full refresh (agent start to all rows) | agent CPU | backend calls in the window | RSS | RSS of a 1-row agent | RSS per 1,000 rows | threads |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in ms:
        md.append("| %s | %d | %.2f s | %s %% over %s s | %s | %.1f MB | %.1f MB | %s kB | %s |" % (
            r[0], int(r[0]) * 31, int(r[3]) / 1000, r[4], r[6], r[5], int(r[7]) / 1024, int(r[8]) / 1024, r[9], r[10]))
    md.append("")


def lg(text):
    """loadgen's line as a dict"""
    t = text.split()
    return {t[i]: t[i + 1] for i in range(0, len(t) - 1, 2)}


cc = [r for r in rows if r[2] == "concurrency"]
if cc:
    md += ["## Concurrency: parallel snmpbulkwalk clients (one 1,000-row column, -Cr50) while the snapshot is swapped", "",
           "| clients | walks | walks/s | varbinds/s | p50 walk | p99 walk | errors or incomplete walks | snapshot swaps seen (state changes of the flapping row) | AgentX timeouts in the master log |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in cc:
        d = lg(r[3])
        secs = float(d["seconds"])
        md.append("| %s | %s | %.1f | %.0f | %s ms | %s ms | %s | %s | %s |" % (
            r[1], d["ops"], int(d["ops"]) / secs, int(d["varbinds"]) / secs, d["p50_ms"], d["p99_ms"], d["errors"], r[4], r[5]))
    md.append("")
nms = [r for r in rows if r[2] == "nmsget"]
if nms:
    md += ["## NMS-style polling: GET PDUs of 20 varbinds, one poller (dhcpfo: 20 columns x 31 rows; references: their 3 columns x 31 rows)", "",
           "| implementation | requests/s | varbinds/s | p50 | p99 | errors |", "|---|---|---|---|---|---|"]
    for r in nms:
        d = lg(r[3])
        secs = float(d["seconds"])
        md.append("| %s | %.0f | %.0f | %s ms | %s ms | %s |" % (r[1], int(d["ops"]) / secs, int(d["varbinds"]) / secs,
                  d["p50_ms"], d["p99_ms"], d["errors"]))
    md.append("")
slow = [r for r in rows if r[2] == "slowbackend"]
if slow:
    md += ["## Slow backend (walk of 3 columns, served from the snapshot)", "",
           "| N | backend latency per page | snmpbulkwalk | AgentX timeouts in the master log |", "|---|---|---|---|"]
    for r in slow:
        med, spread = r[3].split(" ")
        md.append("| %s | %s ms | %.1f ms (%s us) | %s |" % (r[0], r[1].split("=")[1], int(med) / 1000, spread, r[4]))
    md.append("")
wd = [r for r in rows if r[2] == "walkdriven"]
if wd:
    md += ["## Walk-driven paging (fresh-for 0) vs background poll only: snmpbulkwalk -Cr10 of one column", "",
           "| N | page size | backend latency | mode | walk time | backend calls during the walk |", "|---|---|---|---|---|---|"]
    for r in wd:
        if r[4] == "skipped":
            md.append("| %s | %s | %s ms | skipped (the first poll alone takes over 10 s) | - | - |" % (r[0], r[1][2:], r[3]))
        else:
            md.append("| %s | %s | %s ms | %s | %.1f ms | %s |" % (r[0], r[1][2:], r[3], r[4], int(r[5]) / 1000, r[6]))
    md.append("")
open(os.path.join(out, "results.md"), "w").write("\n".join(md) + "\n")

# the plot: us per varbind vs N (log-log), snmpbulkwalk
W, H, L, B = 640, 400, 70, 50
ns = sorted({k[0] for k in walk if k[2] == "bulkwalk"})
pts = {i: [(n, walk[(n, i, "bulkwalk")][0] / (3 * n)) for n in ns if (n, i, "bulkwalk") in walk] for i in IMPLS}
vals = [v for p in pts.values() for _, v in p] or [1]
ylo, yhi = math.log10(max(min(vals), 0.1)) - 0.2, math.log10(max(vals)) + 0.2
xlo, xhi = math.log10(min(ns or [10])) - 0.2, math.log10(max(ns or [10000])) + 0.2
X = lambda n: L + (math.log10(n) - xlo) / (xhi - xlo or 1) * (W - L - 150)
Y = lambda v: H - B - (math.log10(max(v, 0.1)) - ylo) / (yhi - ylo or 1) * (H - B - 20)
colors = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e"]
svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (W, H),
       '<rect width="100%" height="100%" fill="white"/>',
       '<text x="%d" y="15">snmpbulkwalk: microseconds per varbind vs table size (log-log)</text>' % L,
       '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (L, H - B, W - 150, H - B),
       '<line x1="%d" y1="20" x2="%d" y2="%d" stroke="black"/>' % (L, L, H - B)]
for n in ns:
    svg.append('<text x="%.0f" y="%d" text-anchor="middle">N=%d</text>' % (X(n), H - B + 18, n))
for e in range(int(math.floor(ylo)), int(math.ceil(yhi)) + 1):
    if ylo <= e <= yhi:
        svg.append('<text x="%d" y="%.0f" text-anchor="end">%g us</text>' % (L - 5, Y(10 ** e) + 4, 10 ** e))
for k, impl in enumerate(IMPLS):
    p = pts[impl]
    if not p:
        continue
    svg.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (colors[k], " ".join("%.1f,%.1f" % (X(n), Y(v)) for n, v in p)))
    for n, v in p:
        svg.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (X(n), Y(v), colors[k]))
    svg.append('<text x="%d" y="%d" fill="%s">%s</text>' % (W - 140, 40 + 18 * k, colors[k], impl))
svg.append("</svg>")
open(os.path.join(out, "results.svg"), "w").write("\n".join(svg) + "\n")
print("\n".join(md))
