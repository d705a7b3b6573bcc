#!/usr/bin/python3
"""omapi_accept.py PORT: an OMAPI peer that accepts any authenticator (so
the agent keeps a keyed session open) and answers every request with
STATUS "not found" (result 23), unsigned. For tests that need a keyed
OMAPI session without a dhcpd (t_secrets, t_valgrind)."""
import socket, struct, sys, threading
def conn(c):
    try:
        c.recv(8)
        c.sendall(struct.pack(">II", 100, 24))
        first = True
        while True:
            req = c.recv(65536)
            if not req:
                return
            rid = struct.unpack(">I", req[16:20])[0]
            if first:
                c.sendall(struct.pack(">IIIIII", 0, 0, 3, 7, 1, rid) + b"\0\0\0\0")
                first = False
            else:
                c.sendall(struct.pack(">IIIIII", 0, 0, 5, 0, 2, rid) +
                          struct.pack(">H", 6) + b"result" + struct.pack(">II", 4, 23) +
                          b"\0\0\0\0")
    except OSError:
        pass
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", int(sys.argv[1])))
ls.listen(4)
while True:
    c, _ = ls.accept()
    threading.Thread(target=conn, args=(c,), daemon=True).start()
