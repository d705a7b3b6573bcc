#!/usr/bin/python3
"""Generate the Zabbix 6.0 template for dhcpfo from DHCPFO-MIB.

    /usr/bin/python3 contrib/zabbix/gen_template.py [-o FILE] [--mibdir DIR]

Every OID, value map, unit and description in the template comes from the
MIB modules in mibs/ (DHCPFO-MIB, DHCPFO-ROOT-MIB, SNMPv2-SMI, SNMPv2-TC),
parsed here with the standard library only: nothing is typed by hand, so a
change to the MIB is a change to the template after one run of this
script. The output is deterministic (UUIDs are derived from stable names),
so the committed YAML can be checked against a fresh run:

    /usr/bin/python3 contrib/zabbix/gen_template.py -o - |
        cmp - contrib/zabbix/dhcpfo_template_6.0.yaml
"""

import argparse
import hashlib
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MIBDIR = os.path.normpath(os.path.join(HERE, "..", "..", "mibs"))
MODULES = ["SNMPv2-SMI", "SNMPv2-TC", "DHCPFO-ROOT-MIB", "DHCPFO-MIB"]
OUT = os.path.join(HERE, "dhcpfo_template_6.0.yaml")

TEMPLATE = "DHCP failover by SNMP dhcpfo"  # technical name: no parentheses
TEMPLATE_NAME = "DHCP failover by SNMP (dhcpfo)"
GROUP = "Templates/Applications"


# ---- a small SMIv2 reader ---------------------------------------------------

TOKEN = re.compile(r'"[^"]*"|--.*?(?:--|$)|::=|[{}(),;|]|[^\s{}(),;|"]+', re.M)
MACROS = {"OBJECT-TYPE", "MODULE-IDENTITY", "NOTIFICATION-TYPE", "OBJECT-IDENTITY",
          "OBJECT-GROUP", "NOTIFICATION-GROUP", "MODULE-COMPLIANCE", "AGENT-CAPABILITIES"}
CLAUSES = {"SYNTAX", "UNITS", "MAX-ACCESS", "ACCESS", "STATUS", "DESCRIPTION",
           "REFERENCE", "INDEX", "AUGMENTS", "DEFVAL", "DISPLAY-HINT", "OBJECTS",
           "NOTIFICATIONS", "LAST-UPDATED", "ORGANIZATION", "CONTACT-INFO",
           "REVISION", "MODULE", "MANDATORY-GROUPS", "GROUP", "OBJECT",
           "MIN-ACCESS", "WRITE-SYNTAX", "ENTERPRISE", "VARIABLES"}


def tokenize(text):
    """Tokens of a MIB module; a comment runs to the end of its line or to
    the next "--", and a "--" inside a quoted string is not a comment."""
    return [t for t in TOKEN.findall(text) if not t.startswith("--")]


def block(toks, i):
    """toks[i] is '{' or '(': return (inner tokens, index after the close)."""
    pair = {"{": "}", "(": ")"}[toks[i]]
    depth, j = 0, i
    while True:
        if toks[j] == toks[i]:
            depth += 1
        elif toks[j] == pair:
            depth -= 1
            if depth == 0:
                return toks[i + 1:j], j + 1
        j += 1


def parse_syntax(toks):
    """SYNTAX tokens -> {'type': name, 'enum': [(label, value)] or None}."""
    if toks and toks[0] == "INTEGER" and len(toks) > 1 and toks[1] == "{":
        inner, _ = block(toks, 1)
        enum = [(inner[k], int(inner[k + 2]))
                for k in range(len(inner)) if k + 3 < len(inner) and inner[k + 1] == "("]
        return {"type": "INTEGER", "enum": enum}
    return {"type": toks[0] if toks else "", "enum": None}


def text(tok):
    """A quoted MIB string as prose: the lines re-flowed, paragraphs kept."""
    body = tok[1:-1]
    paras = re.split(r"\n\s*\n", body)
    return "\n\n".join(" ".join(p.split()) for p in paras).strip()


def parse_module(path, defs):
    toks = tokenize(open(path, encoding="ascii").read())
    i = 0
    while i < len(toks):
        t = toks[i]
        if t == "IMPORTS":
            while toks[i] != ";":
                i += 1
            i += 1
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if nxt == "MACRO":  # SNMPv2-SMI's own macro definitions
            while toks[i] != "END":
                i += 1
            i += 1
            continue
        if nxt == "::=" and i + 2 < len(toks) and toks[i + 2] == "TEXTUAL-CONVENTION":
            j, d = i + 3, {"kind": "TC"}
            while toks[j] != "SYNTAX":
                if toks[j] == "DESCRIPTION":
                    d["description"] = text(toks[j + 1])
                j += 1
            j += 1
            start = j
            if toks[j] == "INTEGER" and toks[j + 1] == "{":
                _, j = block(toks, j + 1)
            else:
                j += 1
                if j < len(toks) and toks[j] == "(":
                    _, j = block(toks, j)
            d["syntax"] = parse_syntax(toks[start:j])
            defs[t] = d
            i = j
            continue
        if re.match(r"[a-z][A-Za-z0-9-]*$", t) and (
                nxt in MACROS or toks[i + 1:i + 4] == ["OBJECT", "IDENTIFIER", "::="]):
            d = {"kind": nxt}
            j = i + (3 if nxt == "OBJECT" else 2)
            while toks[j] != "::=":
                w = toks[j]
                if w == "SYNTAX":
                    k = j + 1
                    while toks[k] not in CLAUSES:
                        k = block(toks, k)[1] if toks[k] in "{(" else k + 1
                    d["syntax"] = parse_syntax(toks[j + 1:k])
                    j = k
                    continue
                if w in ("DESCRIPTION", "UNITS"):
                    # the first DESCRIPTION (not a REVISION's) describes it
                    d.setdefault(w.lower(), text(toks[j + 1]))
                    j += 2
                    continue
                if w in ("OBJECTS", "NOTIFICATIONS") and toks[j + 1] == "{":
                    inner, j = block(toks, j + 1)
                    d[w.lower()] = [x for x in inner if x != ","]
                    continue
                j = block(toks, j)[1] if w in "{(" else j + 1
            value, j = block(toks, j + 1)
            d["oid"] = value
            defs[t] = d
            i = j
            continue
        i += 1


def load_mibs(mibdir):
    defs = {"iso": {"kind": "root", "oid": ["1"]}}
    cache = {"iso": ["1"]}
    for m in MODULES:
        parse_module(os.path.join(mibdir, m + ".txt"), defs)

    def resolve(name):
        # { parent 3 }, { iso 3 6 1 } or { iso org(3) dod(6) }
        if name not in cache:
            val, parts, k = defs[name]["oid"], [], 0
            while k < len(val):
                p = val[k]
                if k + 1 < len(val) and val[k + 1] == "(":
                    parts.append(val[k + 2])
                    k += 4
                    continue
                if p.isdigit():
                    parts.append(p)
                elif k == 0:
                    parts.extend(resolve(p))
                else:
                    raise ValueError("%s: cannot resolve OID component %s" % (name, p))
                k += 1
            cache[name] = parts
        return cache[name]

    for n, d in defs.items():
        if "oid" in d:
            d["num"] = "." + ".".join(resolve(n))
    return defs


# ---- the template -----------------------------------------------------------

def uuid(*names):
    """A stable UUIDv4-shaped id (Zabbix checks the version/variant bits)."""
    h = bytearray(hashlib.sha256(("dhcpfo-zabbix/" + "/".join(names)).encode()).digest()[:16])
    h[6] = (h[6] & 0x0F) | 0x40
    h[8] = (h[8] & 0x3F) | 0x80
    return h.hex()


def build(defs):
    def oid(name):
        return defs[name]["num"]

    def desc(name, extra=""):
        d = defs[name]
        s = "MIB: DHCPFO-MIB::%s (%s)\n%s" % (name, oid(name), d.get("description", ""))
        return s + ("\n\n" + extra if extra else "")

    def enum_of(name):
        syn = defs[name]["syntax"]
        if syn["enum"]:
            return name, syn["enum"]
        tc = defs[syn["type"]]
        return syn["type"], tc["syntax"]["enum"]

    valuemaps, vm_order = {}, []

    def valuemap(obj):
        src, enum = enum_of(obj)
        mod = "DHCPFO-MIB" if src in defs and src.startswith(("dhcpfo", "Dhcpfo")) else "SNMPv2-TC"
        vname = "%s::%s" % (mod, src)
        if vname not in valuemaps:
            valuemaps[vname] = enum
            vm_order.append(vname)
        return {"name": vname}

    def value(obj, label):
        return dict(enum_of(obj)[1])[label]

    state_enum = dict(enum_of("dhcpfoRelState")[1])
    normal = state_enum["normal"]
    ok_states = [state_enum["normal"], state_enum["backup"]]
    pdown, comm = state_enum["partnerDown"], state_enum["communicationInterrupted"]
    reach_false = value("dhcpfoServerReachable", "false")

    def item(kind, name, obj, key, value_type="UNSIGNED", extra=None, rule=""):
        it = {
            "uuid": uuid(rule, key),
            "name": name,
            "type": "SNMP_AGENT",
            "snmp_oid": oid(obj)[1:] + (".{#SNMPINDEX}" if rule else ".0"),
            "key": key,
            "delay": "{$DHCPFO.DELAY}",
            "history": "{$DHCPFO.HISTORY}",
        }
        if value_type != "UNSIGNED":
            it["value_type"] = value_type
        if value_type in ("CHAR", "TEXT") or kind == "enum":
            it["trends"] = "0"
        units = defs[obj].get("units")
        if units == "seconds":
            it["units"] = "s"
        it["description"] = desc(obj)
        if kind == "enum":
            it["valuemap"] = valuemap(obj)
        if defs[obj]["syntax"]["type"] == "Counter32":
            it["description"] += "\n\nA Counter32: the raw count; it restarts from 0 with the agent."
        if extra:
            it.update(extra)
        return it

    def absent_ok():
        # Instances the MIB says may be absent: no value rather than an
        # unsupported item.
        return {"preprocessing": [{"type": "CHECK_NOT_SUPPORTED", "parameters": [""],
                                   "error_handler": "DISCARD_VALUE"}]}

    def tags(*pairs):
        return [{"tag": a, "value": b} for a, b in pairs]

    T = TEMPLATE

    # -- template-level items: the agent itself and the notifications
    items = [
        item("text", "dhcpfo agent: version", "dhcpfoAgentVersion", "dhcpfo.agent.version",
             "CHAR", {"delay": "{$DHCPFO.DELAY.CONF}", "tags": tags(("component", "dhcpfo-agent"))}),
        item("gauge", "dhcpfo agent: relationships", "dhcpfoAgentRelationships",
             "dhcpfo.agent.relationships", extra={"tags": tags(("component", "dhcpfo-agent")),
             "triggers": [{
                 "uuid": uuid("trigger", "nodata"),
                 "expression": "nodata(/%s/dhcpfo.agent.relationships,{$DHCPFO.NODATA.TIME})=1" % T,
                 "name": "dhcpfo agent: no SNMP data for {$DHCPFO.NODATA.TIME}",
                 "priority": "WARNING",
                 "description": "The dhcpfo subagent (or the snmpd it registers with) has not "
                                "answered for {$DHCPFO.NODATA.TIME}: the failover items below "
                                "are not being updated.",
                 "tags": tags(("scope", "availability")),
             }]}),
        item("counter", "dhcpfo agent: notifications dropped", "dhcpfoAgentNotificationsDropped",
             "dhcpfo.agent.notifications.dropped",
             extra={"tags": tags(("component", "dhcpfo-agent"))}),
    ]
    for n in ("dhcpfoRelStateChange", "dhcpfoServerUnreachable", "dhcpfoServerRecovered",
              "dhcpfoRelAdded", "dhcpfoRelRemoved"):
        num = oid(n)
        tail = re.escape(num[1:])
        ent = re.escape("enterprises." + num[len(oid("enterprises")) + 1:])
        regex = r"(\.%s|\b%s|::%s)\b" % (tail, ent, n)
        d = defs[n]
        items.append({
            "uuid": uuid("trap", n),
            "name": "Trap: %s" % n,
            "type": "SNMP_TRAP",
            "key": 'snmptrap["%s"]' % regex,
            "delay": "0",
            "history": "{$DHCPFO.HISTORY}",
            "trends": "0",
            "value_type": "LOG",
            "description": "MIB: DHCPFO-MIB::%s (%s), varbinds: %s.\n%s\n\n"
                           "Needs snmptrapd feeding the Zabbix SNMP trapper "
                           "(see doc/zabbix.md); matches the numeric, "
                           "enterprises.* and named forms of the trap OID."
                           % (n, num, ", ".join(d.get("objects", [])), d.get("description", "")),
            "tags": tags(("component", "dhcpfo-trap")),
        })

    # -- server discovery
    S = "dhcpfo.server"
    srv_items = []

    def sitem(kind, label, obj, k, vt="UNSIGNED", extra=None):
        e = {"tags": tags(("component", "dhcpfo-server"), ("server", "{#SRVNAME}"))}
        if extra:
            e.update(extra)
        srv_items.append(item(kind, "Server {#SRVNAME}: " + label, obj,
                              "%s.%s[{#SNMPINDEX}]" % (S, k), vt, e, rule=S))
        return srv_items[-1]

    sitem("enum", "backend", "dhcpfoServerBackend", "backend", extra={"delay": "{$DHCPFO.DELAY.CONF}"})
    reach = sitem("enum", "reachable", "dhcpfoServerReachable", "reachable")
    reach["trigger_prototypes"] = [{
        "uuid": uuid(S, "trigger", "unreachable"),
        # the error text item is in the expression only so that the
        # operational data can show it (a common Zabbix idiom)
        "expression": "last(/%s/%s.reachable[{#SNMPINDEX}])=%d and "
                      "length(last(/%s/%s.lasterror[{#SNMPINDEX}]))>=0"
                      % (T, S, reach_false, T, S),
        "name": "DHCP server {#SRVNAME} is unreachable from dhcpfo",
        "opdata": "Last error: {ITEM.LASTVALUE2}",
        "priority": "AVERAGE",
        "description": "The agent's polls of this server fail (see the last error). "
                       "Its relationships keep their last known state, with a growing data age.",
        "tags": tags(("scope", "availability")),
    }]
    sitem("gauge", "last error code", "dhcpfoServerLastErrorCode", "lasterrorcode")
    sitem("text", "last error", "dhcpfoServerLastError", "lasterror", "CHAR")
    sitem("gauge", "data age", "dhcpfoServerDataAge", "dataage")
    sitem("gauge", "relationships", "dhcpfoServerRelCount", "relcount")

    srv_rule = {
        "uuid": uuid(S, "discovery"),
        "name": "dhcpfo servers",
        "type": "SNMP_AGENT",
        "snmp_oid": "discovery[{#SRVNAME},%s]" % oid("dhcpfoServerName")[1:],
        "key": "%s.discovery" % S,
        "delay": "{$DHCPFO.LLD.DELAY}",
        "filter": {
            "evaltype": "AND",
            "conditions": [
                {"macro": "{#SRVNAME}", "value": "{$DHCPFO.LLD.SERVER.MATCHES}",
                 "formulaid": "A"},
                {"macro": "{#SRVNAME}", "value": "{$DHCPFO.LLD.SERVER.NOT_MATCHES}",
                 "operator": "NOT_MATCHES_REGEX", "formulaid": "B"},
            ],
        },
        "lifetime": "{$DHCPFO.LLD.LIFETIME}",
        "description": "The rows of DHCPFO-MIB::dhcpfoServerTable (%s): one per DHCP server "
                       "the agent polls. Macros: {#SRVNAME} (dhcpfoServerName), {#SRVINDEX} "
                       "and {#SNMPINDEX} (dhcpfoServerIndex, stable across agent restarts)."
                       % oid("dhcpfoServerTable"),
        "item_prototypes": srv_items,
        "preprocessing": [{"type": "JAVASCRIPT", "parameters": [JS_SERVERS]}],
    }

    # -- relationship discovery
    R = "dhcpfo.rel"
    rel_items = []

    def ritem(kind, label, obj, k, vt="UNSIGNED", extra=None):
        e = {"tags": tags(("component", "dhcpfo-relationship"), ("server", "{#SRVNAME}"),
                          ("relationship", "{#RELNAME}"))}
        if extra:
            e.update(extra)
        rel_items.append(item(kind, "Relationship {#SRVNAME}/{#RELNAME}: " + label, obj,
                              "%s.%s[{#SNMPINDEX}]" % (R, k), vt, e, rule=R))
        return rel_items[-1]

    st = ritem("enum", "state", "dhcpfoRelState", "state")
    ritem("enum", "previous state", "dhcpfoRelPrevState", "prevstate", extra=absent_ok())
    ritem("text", "raw state", "dhcpfoRelRawState", "rawstate", "CHAR")
    ritem("enum", "mode", "dhcpfoRelMode", "mode", extra=dict(absent_ok(), delay="{$DHCPFO.DELAY.CONF}"))
    ritem("enum", "role", "dhcpfoRelRole", "role", extra=dict(absent_ok(), delay="{$DHCPFO.DELAY.CONF}"))
    age = ritem("gauge", "data age", "dhcpfoRelDataAge", "dataage")
    ritem("counter", "state changes", "dhcpfoRelStateChanges", "statechanges")
    ritem("text", "last error", "dhcpfoRelLastError", "lasterror", "CHAR")

    skey = "/%s/%s.state[{#SNMPINDEX}]" % (T, R)
    win = "{$DHCPFO.STATE.TIME}"

    def stayed(v):
        return "min(%s,%s)=%d and max(%s,%s)=%d" % (skey, win, v, skey, win, v)

    high = {
        "uuid": uuid(R, "trigger", "partnerDown"),
        "expression": stayed(pdown),
        "name": "Relationship {#SRVNAME}/{#RELNAME}: partner down for %s" % win,
        "opdata": "State: {ITEM.LASTVALUE1}",
        "priority": "HIGH",
        "description": "This server has taken over the partner's share of the relationship "
                       "(partnerDown(%d)) for %s: the pair runs without redundancy."
                       % (pdown, win),
        "tags": tags(("scope", "availability")),
    }
    avg = {
        "uuid": uuid(R, "trigger", "communicationInterrupted"),
        "expression": stayed(comm),
        "name": "Relationship {#SRVNAME}/{#RELNAME}: communication interrupted for %s" % win,
        "opdata": "State: {ITEM.LASTVALUE1}",
        "priority": "AVERAGE",
        "description": "The partners cannot talk (communicationInterrupted(%d)) for %s; "
                       "each serves from its own pool until MCLT/safe period rules move it "
                       "to partner-down." % (comm, win),
        "tags": tags(("scope", "availability")),
    }
    warn = {
        "uuid": uuid(R, "trigger", "notNormal"),
        # last() too: with no value in the window (agent gone) count() is 0
        "expression": " and ".join(["last(%s)<>%d" % (skey, v) for v in ok_states] +
                                   ['count(%s,%s,"eq",%d)=0' % (skey, win, v) for v in ok_states]),
        "name": "Relationship {#SRVNAME}/{#RELNAME}: not normal for %s" % win,
        "opdata": "State: {ITEM.LASTVALUE1}",
        "priority": "WARNING",
        "description": "No poll in %s saw the relationship in normal(%d) (or backup(%d), a "
                       "Kea backup server's steady state). Suppressed while the partner-down "
                       "or communication-interrupted trigger is firing."
                       % (win, normal, state_enum["backup"]),
        "dependencies": [{"name": high["name"], "expression": high["expression"]},
                         {"name": avg["name"], "expression": avg["expression"]}],
        "tags": tags(("scope", "availability")),
    }
    st["trigger_prototypes"] = [avg, warn, high]
    age["trigger_prototypes"] = [{
        "uuid": uuid(R, "trigger", "dataAge"),
        "expression": "last(/%s/%s.dataage[{#SNMPINDEX}])>{$DHCPFO.DATA.AGE.MAX}" % (T, R),
        "name": "Relationship {#SRVNAME}/{#RELNAME}: data older than {$DHCPFO.DATA.AGE.MAX}s",
        "opdata": "Data age: {ITEM.LASTVALUE1}",
        "priority": "WARNING",
        "description": "The backend has not confirmed this relationship for longer than "
                       "{$DHCPFO.DATA.AGE.MAX} seconds: the state shown may be stale.",
        "tags": tags(("scope", "availability")),
    }]

    rel_rule = {
        "uuid": uuid(R, "discovery"),
        "name": "dhcpfo failover relationships",
        "type": "SNMP_AGENT",
        "snmp_oid": "discovery[{#RELNAME},%s,{#SRVNAME},%s]"
                    % (oid("dhcpfoRelName")[1:], oid("dhcpfoServerName")[1:]),
        "key": "%s.discovery" % R,
        "delay": "{$DHCPFO.LLD.DELAY}",
        "filter": {
            "evaltype": "AND",
            "conditions": [
                {"macro": "{#RELNAME}", "value": "{$DHCPFO.LLD.REL.MATCHES}", "formulaid": "A"},
                {"macro": "{#RELNAME}", "value": "{$DHCPFO.LLD.REL.NOT_MATCHES}",
                 "operator": "NOT_MATCHES_REGEX", "formulaid": "B"},
                {"macro": "{#SRVNAME}", "value": "{$DHCPFO.LLD.SERVER.MATCHES}",
                 "formulaid": "C"},
                {"macro": "{#SRVNAME}", "value": "{$DHCPFO.LLD.SERVER.NOT_MATCHES}",
                 "operator": "NOT_MATCHES_REGEX", "formulaid": "D"},
            ],
        },
        "lifetime": "{$DHCPFO.LLD.LIFETIME}",
        "description": "The rows of DHCPFO-MIB::dhcpfoRelTable (%s), INDEX { dhcpfoServerIndex, "
                       "dhcpfoRelIndex }. The discovery also walks dhcpfoServerName and the "
                       "JavaScript step joins it in, so every row has {#RELNAME}, {#SRVNAME}, "
                       "{#SRVINDEX}, {#RELINDEX} and {#SNMPINDEX} (<server>.<rel>; the agent "
                       "keeps indexes stable across restarts and deletions)."
                       % oid("dhcpfoRelTable"),
        "item_prototypes": rel_items,
        "preprocessing": [{"type": "JAVASCRIPT", "parameters": [JS_RELS]}],
    }

    macros = [
        ("{$DHCPFO.DATA.AGE.MAX}", "600",
         "Seconds without confirmation from the backend after which a relationship's data is too old."),
        ("{$DHCPFO.DELAY}", "1m", "Update interval of the polled items."),
        ("{$DHCPFO.DELAY.CONF}", "15m",
         "Update interval of items that only change with the configuration (mode, role, backend, version)."),
        ("{$DHCPFO.HISTORY}", "31d", "History storage period of every item."),
        ("{$DHCPFO.LLD.DELAY}", "1h", "Update interval of the two discovery rules."),
        ("{$DHCPFO.LLD.LIFETIME}", "7d",
         "How long items of a server or relationship that has disappeared are kept."),
        ("{$DHCPFO.LLD.REL.MATCHES}", ".*", "Discover only relationships whose name matches."),
        ("{$DHCPFO.LLD.REL.NOT_MATCHES}", "CHANGE_IF_NEEDED",
         "Skip relationships whose name matches."),
        ("{$DHCPFO.LLD.SERVER.MATCHES}", ".*", "Discover only servers whose name matches."),
        ("{$DHCPFO.LLD.SERVER.NOT_MATCHES}", "CHANGE_IF_NEEDED", "Skip servers whose name matches."),
        ("{$DHCPFO.NODATA.TIME}", "30m", "No answer from the agent for this long raises a problem."),
        ("{$DHCPFO.STATE.TIME}", "5m",
         "How long a relationship must stay out of normal before a problem is raised "
         "(keep it at least twice {$DHCPFO.DELAY})."),
    ]

    template = {
        "uuid": uuid("template"),
        "template": T,
        "name": TEMPLATE_NAME,
        "description": "DHCP failover relationships (Windows DHCP failover, ISC Kea HA, ISC dhcpd "
                       "failover) as published by the dhcpfo AgentX subagent in DHCPFO-MIB (%s).\n\n"
                       "Generated by contrib/zabbix/gen_template.py from mibs/DHCPFO-MIB.txt; "
                       "do not edit by hand. Set the SNMP interface (v2c or v3) on the host "
                       "running snmpd + dhcpfo-agentx. See doc/zabbix.md."
                       % oid("dhcpfoMIB"),
        "groups": [{"name": GROUP}],
        "items": items,
        "discovery_rules": [srv_rule, rel_rule],
        "tags": tags(("class", "software"), ("target", "dhcp-failover")),
        "macros": [{"macro": m, "value": v, "description": d} for m, v, d in macros],
        "valuemaps": [{
            "uuid": uuid("valuemap", n),
            "name": n,
            "mappings": [{"value": str(v), "newvalue": label} for label, v in valuemaps[n]],
        } for n in vm_order],
    }
    return {"zabbix_export": {
        "version": "6.0",
        "groups": [{"uuid": uuid("group", GROUP), "name": GROUP}],
        "templates": [template],
    }}


JS_SERVERS = """\
// {#SRVINDEX}: the dhcpfoServerIndex of the row ({#SNMPINDEX}).
var rows = JSON.parse(value);
for (var i = 0; i < rows.length; i++)
    rows[i]['{#SRVINDEX}'] = rows[i]['{#SNMPINDEX}'];
return JSON.stringify(rows);"""

JS_RELS = """\
// The walk returns dhcpfoRelName rows (index <server>.<rel>) and
// dhcpfoServerName rows (index <server>): join them into one row per
// relationship with {#SRVNAME}, {#SRVINDEX} and {#RELINDEX}.
var rows = JSON.parse(value), names = {}, out = [], i, r, ix;
for (i = 0; i < rows.length; i++) {
    r = rows[i];
    if (r['{#SNMPINDEX}'].indexOf('.') < 0 && r['{#SRVNAME}'] !== undefined)
        names[r['{#SNMPINDEX}']] = r['{#SRVNAME}'];
}
for (i = 0; i < rows.length; i++) {
    r = rows[i];
    ix = r['{#SNMPINDEX}'].split('.');
    if (ix.length !== 2 || r['{#RELNAME}'] === undefined)
        continue;
    out.push({
        '{#SNMPINDEX}': r['{#SNMPINDEX}'],
        '{#RELNAME}': r['{#RELNAME}'],
        '{#SRVINDEX}': ix[0],
        '{#RELINDEX}': ix[1],
        '{#SRVNAME}': names[ix[0]] !== undefined ? names[ix[0]] : 'server ' + ix[0]
    });
}
return JSON.stringify(out);"""


# ---- YAML in Zabbix's export style ------------------------------------------

PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_./-]*$")
RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def scalar(s):
    if PLAIN.match(s) and s.lower() not in RESERVED:
        return s
    return "'" + s.replace("'", "''") + "'"


def emit(node, indent, out):
    pad = "  " * indent
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, (dict, list)):
                out.append("%s%s:" % (pad, k))
                emit(v, indent + 1, out)
            elif "\n" in v:
                out.append("%s%s: |" % (pad, k))
                for ln in (v + "\n").splitlines():
                    out.append(("%s  %s" % (pad, ln)).rstrip() if ln else "")
            else:
                out.append("%s%s: %s" % (pad, k, scalar(v)))
    else:
        for v in node:
            if isinstance(v, dict):
                out.append("%s-" % pad)
                emit(v, indent + 1, out)
            elif "\n" in v:
                out.append("%s- |" % pad)
                for ln in (v + "\n").splitlines():
                    out.append(("%s  %s" % (pad, ln)).rstrip() if ln else "")
            else:
                out.append("%s- %s" % (pad, scalar(v)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", default=OUT, help="output file, - for stdout")
    ap.add_argument("--mibdir", default=MIBDIR)
    a = ap.parse_args()
    out = []
    emit(build(load_mibs(a.mibdir)), 0, out)
    yaml = "\n".join(out) + "\n"
    if a.output == "-":
        sys.stdout.write(yaml)
    else:
        with open(a.output + ".tmp", "w", encoding="utf-8") as f:
            f.write(yaml)
        os.replace(a.output + ".tmp", a.output)


if __name__ == "__main__":
    main()
