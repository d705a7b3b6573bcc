#!/usr/bin/python3
"""fake_dhcpsrv.py: a test stand-in for a Windows DHCP server's RPC side.

Speaks connection-oriented DCE/RPC (ncacn_ip_tcp) with the MS-DHCPM
dhcpsrv2 interface (5b821720-f63b-11d0-aad2-00c04fc324db v1.0), answering
R_DhcpV4FailoverEnumRelationship (opnum 93) from a JSON fixture with the
paging contract of the seed, and the endpoint mapper (ept_map, opnum 3) on
a second port (135 in real life). The stub data is marshalled by impacket's
NDR engine (python3-impacket), an implementation independent of the
agent's C decoder.

Authentication: none (auth_length 0). A bind that carries an auth
verifier (NTLMSSP/SPNEGO) is refused with bind_nak reason 8
(authentication type not recognized), which is how the client's
auth = "ntlm" path is exercised here; real NTLM/Kerberos is not.

Misbehaviour is read from --mode-file at every call (so a test switches it
without a restart): one word per file
  normal              the contract
  more-data-forever   ERROR_MORE_DATA with the handle advancing forever
  fault:N             an RPC fault PDU with status N (e.g. 5, 0x1c010002)
  status:N            a well-formed response whose return value is N
  bad-ndr             a truncated stub
  bad-conformance     array max_count != NumElements
  huge-count          NumElements = 0x7fffffff
  read-mismatch       RelationshipRead != NumElements
Every opnum-93 call increments the number in --count-file.
"""
import argparse
import json
import os
import signal
import socket
import socketserver
import struct
import sys
import threading
import uuid

from impacket.dcerpc.v5.ndr import (NDRCALL, NDRSTRUCT, NDRPOINTER,
                                    NDRUniConformantArray, NULL)
from impacket.dcerpc.v5.dtypes import DWORD, USHORT, BYTE, LPWSTR, ULONG
from impacket.dcerpc.v5.dhcpm import DHCP_IP_ARRAY, DHCP_IP_ADDRESS

DHCPSRV2 = uuid.UUID('5b821720-f63b-11d0-aad2-00c04fc324db').bytes_le
EPMAPPER = uuid.UUID('e1af8308-5d1f-11c9-91a4-08002b14a0fa').bytes_le
NDR20 = uuid.UUID('8a885d04-1ceb-11c9-9fe8-08002b104860').bytes_le

ERROR_SUCCESS, ERROR_INVALID_PARAMETER = 0, 87
ERROR_MORE_DATA, ERROR_NO_MORE_ITEMS = 234, 259


class LPDHCP_IP_ARRAY(NDRPOINTER):
    referent = (('Data', DHCP_IP_ARRAY),)


class DHCP_FAILOVER_RELATIONSHIP(NDRSTRUCT):
    # enums without [v1_enum] are enum16 on the wire (USHORT)
    structure = (
        ('PrimaryServer', DWORD),
        ('SecondaryServer', DWORD),
        ('Mode', USHORT),
        ('ServerType', USHORT),
        ('State', USHORT),
        ('PrevState', USHORT),
        ('Mclt', DWORD),
        ('SafePeriod', DWORD),
        ('RelationshipName', LPWSTR),
        ('PrimaryServerName', LPWSTR),
        ('SecondaryServerName', LPWSTR),
        ('pScopes', LPDHCP_IP_ARRAY),
        ('Percentage', BYTE),
        ('SharedSecret', LPWSTR),
    )


class REL_ARRAY(NDRUniConformantArray):
    item = DHCP_FAILOVER_RELATIONSHIP


class LPREL_ARRAY(NDRPOINTER):
    referent = (('Data', REL_ARRAY),)


class DHCP_FAILOVER_RELATIONSHIP_ARRAY(NDRSTRUCT):
    structure = (
        ('NumElements', DWORD),
        ('pRelationships', LPREL_ARRAY),
    )


class LPDHCP_FAILOVER_RELATIONSHIP_ARRAY(NDRPOINTER):
    referent = (('Data', DHCP_FAILOVER_RELATIONSHIP_ARRAY),)


class EnumRelationshipResponse(NDRCALL):
    structure = (
        ('ResumeHandle', DWORD),
        ('pRelationship', LPDHCP_FAILOVER_RELATIONSHIP_ARRAY),
        ('RelationshipRead', DWORD),
        ('RelationshipTotal', DWORD),
        ('ErrorCode', ULONG),
    )


def ip4(s):
    a = [int(x) for x in s.split('.')]
    return (a[0] << 24) | (a[1] << 16) | (a[2] << 8) | a[3]


FSM = ['NO_STATE', 'INIT', 'STARTUP', 'NORMAL', 'COMMUNICATION_INT',
       'PARTNER_DOWN', 'POTENTIAL_CONFLICT', 'CONFLICT_DONE',
       'RESOLUTION_INT', 'RECOVER', 'RECOVER_WAIT', 'RECOVER_DONE',
       'PAUSED', 'SHUTDOWN']


def make_rel(d):
    r = DHCP_FAILOVER_RELATIONSHIP()
    r['PrimaryServer'] = ip4(d.get('primary', '192.0.2.1'))
    r['SecondaryServer'] = ip4(d.get('secondary', '192.0.2.2'))
    r['Mode'] = {'load-balance': 0, 'hot-standby': 1}.get(
        d.get('mode', 'load-balance'), 0)
    r['ServerType'] = 1 if d.get('role') == 'secondary' else 0
    r['State'] = FSM.index(d.get('state', 'NORMAL'))
    r['PrevState'] = FSM.index(d.get('prev-state', 'NO_STATE'))
    r['Mclt'] = d.get('mclt', 3600)
    r['SafePeriod'] = d.get('safe-period', 3600)
    r['RelationshipName'] = d['name'] + '\x00'
    r['PrimaryServerName'] = d.get('primary-name', 'dhcp-a') + '\x00'
    r['SecondaryServerName'] = d.get('secondary-name', 'dhcp-b') + '\x00'
    scopes = d.get('scopes', [])
    if scopes is None:
        r['pScopes'] = NULL
    else:
        r['pScopes']['NumElements'] = len(scopes)
        if scopes:
            for s in scopes:
                a = DHCP_IP_ADDRESS()
                a['Data'] = ip4(s)
                r['pScopes']['Elements'].append(a)
        else:
            r['pScopes']['Elements'] = NULL
    r['Percentage'] = d.get('percentage', 50)
    r['SharedSecret'] = d.get('secret', 'fixture-shared-secret') + '\x00'
    return r


def enum_stub(rels, handle, pref, mode, counter):
    """The response stub for one opnum-93 call."""
    resp = EnumRelationshipResponse()
    n = len(rels)
    if mode == 'more-data-forever':
        page = [rels[(handle + i) % max(n, 1)] for i in range(pref)] if n else []
        status, nxt, total = ERROR_MORE_DATA, handle + len(page), n + 1
    elif pref == 0:
        page, status, nxt, total = [], ERROR_INVALID_PARAMETER, handle, 0
    elif handle >= n:
        page, status, nxt, total = [], ERROR_NO_MORE_ITEMS, handle, 0
    else:
        page = rels[handle:handle + pref]
        nxt = handle + len(page)
        total = n - nxt
        status = ERROR_MORE_DATA if total > 0 else ERROR_SUCCESS
    if mode.startswith('status:'):
        page, status, nxt, total = [], int(mode[7:], 0), handle, 0
    resp['ResumeHandle'] = nxt
    if page:
        resp['pRelationship']['NumElements'] = len(page)
        for d in page:
            resp['pRelationship']['pRelationships'].append(make_rel(d))
    else:
        resp['pRelationship'] = NULL
    resp['RelationshipRead'] = len(page)
    if mode == 'read-mismatch' and page:
        resp['RelationshipRead'] = len(page) + 1
    resp['RelationshipTotal'] = total
    resp['ErrorCode'] = status
    stub = resp.getData()
    if page and mode == 'bad-conformance':
        # the conformance (max_count) of pRelationships follows
        # ResumeHandle, the array referent, NumElements, the array pointer
        stub = stub[:16] + struct.pack('<L', len(page) + 5) + stub[20:]
    elif page and mode == 'huge-count':
        stub = (stub[:8] + struct.pack('<L', 0x7fffffff) + stub[12:16] +
                struct.pack('<L', 0x7fffffff) + stub[20:])
    elif mode == 'bad-ndr':
        stub = stub[:len(stub) // 2 + 1]
    return stub


class Server:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.calls = 0

    def fixture(self):
        with open(self.args.fixture) as f:
            return json.load(f)['relationships']

    def mode(self):
        try:
            with open(self.args.mode_file) as f:
                return f.read().strip() or 'normal'
        except OSError:
            return 'normal'

    def count(self):
        with self.lock:
            self.calls += 1
            if self.args.count_file:
                tmp = self.args.count_file + '.tmp'
                with open(tmp, 'w') as f:
                    f.write('%d\n' % self.calls)
                os.replace(tmp, self.args.count_file)


def pdu(ptype, call_id, body, flags=0x03, auth=b''):
    return struct.pack('<BBBB4sHHL', 5, 0, ptype, flags, b'\x10\0\0\0',
                       16 + len(body) + len(auth), len(auth), call_id) + body + auth


class Handler(socketserver.BaseRequestHandler):
    def recv_exact(self, n):
        buf = b''
        while len(buf) < n:
            chunk = self.request.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

    def handle(self):
        srv = self.server.fake
        iface = self.server.iface
        self.max_recv = 4280
        while True:
            hdr = self.recv_exact(16)
            if hdr is None:
                return
            (_v, _vm, ptype, flags, _drep, flen, alen,
             call_id) = struct.unpack('<BBBB4sHHL', hdr)
            if flen < 16:
                return
            body = self.recv_exact(flen - 16)
            if body is None:
                return
            if ptype in (11, 14):          # bind, alter_context
                self.bind(ptype, call_id, body, alen, iface)
            elif ptype == 0:               # request
                self.request_pdu(srv, iface, flags, call_id, body)
            elif ptype in (16, 18, 19, 20):  # auth3, orphaned, shutdown, co_cancel
                continue
            else:
                return

    def bind(self, ptype, call_id, body, alen, iface):
        max_xmit, max_recv, assoc = struct.unpack('<HHL', body[:8])
        self.max_recv = min(max_recv, 65535)
        if alen and ptype == 11:
            # bind_nak: reason 8 = authentication type not recognized
            self.request.sendall(pdu(13, call_id, struct.pack('<HB', 8, 0)))
            return
        n = body[8]
        off = 12
        results = b''
        for _ in range(n):
            _ctx, ntr = struct.unpack('<HB', body[off:off + 3])
            abstract = body[off + 4:off + 20]
            trs = [body[off + 24 + 20 * i:off + 44 + 20 * i] for i in range(ntr)]
            off += 24 + 20 * ntr
            if abstract != iface:
                results += struct.pack('<HH', 2, 1) + b'\0' * 20
            elif any(t[:16] == NDR20 for t in trs):
                results += struct.pack('<HH', 0, 0) + NDR20 + struct.pack('<L', 2)
            else:
                results += struct.pack('<HH', 2, 2) + b'\0' * 20
        port = str(self.server.server_address[1]).encode() + b'\0'
        sec = struct.pack('<H', len(port)) + port
        pad = (-(16 + 8 + len(sec)) % 4)
        out = (struct.pack('<HHL', max_xmit, max_recv, assoc or 0x12345) + sec +
               b'\0' * pad + struct.pack('<B3x', n) + results)
        self.request.sendall(pdu(12 if ptype == 11 else 15, call_id, out))

    def fault(self, call_id, status):
        self.request.sendall(pdu(3, call_id, struct.pack('<LHBBLL', 32, 0, 0, 0, status, 0)))

    def respond(self, call_id, ctx, stub):
        step = max(self.max_recv - 24, 8) & ~7
        first = True
        off = 0
        while True:
            chunk = stub[off:off + step]
            last = off + len(chunk) >= len(stub)
            flags = (0x01 if first else 0) | (0x02 if last else 0)
            body = struct.pack('<LHBB', len(stub) - off, ctx, 0, 0) + chunk
            self.request.sendall(pdu(2, call_id, body, flags))
            off += len(chunk)
            first = False
            if last:
                return

    def request_pdu(self, srv, iface, flags, call_id, body):
        _hint, ctx, opnum = struct.unpack('<LHH', body[:8])
        stub = body[24:] if flags & 0x80 else body[8:]
        if iface == EPMAPPER:
            if opnum != 3:
                return self.fault(call_id, 0x1c010002)
            return self.respond(call_id, ctx, self.ept_map(stub))
        if opnum != 93:
            return self.fault(call_id, 0x1c010002)
        srv.count()
        mode = srv.mode()
        if mode.startswith('fault:'):
            return self.fault(call_id, int(mode[6:], 0))
        try:
            handle, pref = parse_enum_request(stub)
        except (ValueError, struct.error):
            return self.fault(call_id, 0x6f7)
        self.respond(call_id, ctx, enum_stub(srv.fixture(), handle, pref, mode, srv.calls))

    def ept_map(self, stub):
        off = 0
        (obj,) = struct.unpack_from('<L', stub, off)
        off += 4 + (16 if obj else 0)
        (ref,) = struct.unpack_from('<L', stub, off)
        off += 4
        tlen, _mc = struct.unpack_from('<LL', stub, off)
        off += 8
        tower = stub[off:off + tlen]
        off += tlen
        off = (off + 3) & ~3
        off += 20
        (max_towers,) = struct.unpack_from('<L', stub, off)
        (nfloors,) = struct.unpack_from('<H', tower, 0)
        floors, p = [], 2
        for _ in range(nfloors):
            (l1,) = struct.unpack_from('<H', tower, p)
            lhs = tower[p + 2:p + 2 + l1]
            p += 2 + l1
            (l2,) = struct.unpack_from('<H', tower, p)
            rhs = tower[p + 2:p + 2 + l2]
            p += 2 + l2
            floors.append((lhs, rhs))
        found = floors and floors[0][0][1:17] == DHCPSRV2
        host = socket.inet_aton(self.server.fake.args.host)
        port = struct.pack('>H', self.server.fake.args.port)
        out = floors[:3] + [(b'\x07', port), (b'\x09', host)]
        tw = struct.pack('<H', len(out)) + b''.join(
            struct.pack('<H', len(l)) + l + struct.pack('<H', len(r)) + r for l, r in out)
        res = b'\0' * 20
        if not found:
            return res + struct.pack('<LLLL', 0, max_towers, 0, 0) + struct.pack('<L', 0x16c9a0d6)
        res += struct.pack('<L', 1)
        res += struct.pack('<LLL', max_towers, 0, 1) + struct.pack('<L', 0x00020000)
        res += struct.pack('<LL', len(tw), len(tw)) + tw
        res += b'\0' * (-len(res) % 4)
        res += struct.pack('<L', 0)
        return res


def parse_enum_request(stub):
    off = 0
    (ptr,) = struct.unpack_from('<L', stub, off)
    off += 4
    if ptr:
        _mx, _o, act = struct.unpack_from('<LLL', stub, off)
        off += 12 + 2 * act
        off = (off + 3) & ~3
    handle, pref = struct.unpack_from('<LL', stub, off)
    return handle, pref


class TCPServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--epm-port', type=int, default=0)
    ap.add_argument('--fixture', required=True)
    ap.add_argument('--mode-file')
    ap.add_argument('--count-file')
    ap.add_argument('--pid-file')
    args = ap.parse_args()
    fake = Server(args)
    servers = []
    for port, iface in ((args.port, DHCPSRV2), (args.epm_port, EPMAPPER)):
        if not port:
            continue
        s = TCPServer((args.host, port), Handler)
        s.fake = fake
        s.iface = iface
        servers.append(s)
        threading.Thread(target=s.serve_forever, daemon=True).start()
    if args.pid_file:
        with open(args.pid_file, 'w') as f:
            f.write('%d\n' % os.getpid())
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print('fake_dhcpsrv listening on %s:%d (epm %d)' % (args.host, args.port, args.epm_port), flush=True)
    try:
        signal.pause()
    finally:
        for s in servers:
            s.shutdown()


if __name__ == '__main__':
    main()
