#!/usr/bin/python3
"""A misbehaving stand-in for kea-ctrl-agent: the URL path picks the
misbehaviour. usage: fake_ca.py PORT"""
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, body, ctype="application/json"):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up on a reply too large: expected

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/nonjson":
            self.reply(b"<html><body>502 Bad Gateway</body></html>", "text/html")
        elif self.path == "/types":
            self.reply(b'[ { "result": 0, "arguments": { "high-availability": '
                       b'[ { "ha-mode": 7, "ha-servers": "x" } ] } } ]')
        elif self.path == "/huge":
            self.reply(b'[ { "result": 0, "text": "' + b"x" * (10 << 20) + b'" } ]')
        elif self.path == "/close":
            # promise a long body, send a piece of it, hang up
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b'[ { "result": 0, "argum')
            self.wfile.flush()
            self.close_connection = True
        elif self.path == "/hang":
            time.sleep(60)
        elif self.path == "/auth":
            self.send_response(401)
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
