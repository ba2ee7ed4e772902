#!/usr/bin/env python3
"""HTTP servers on loopback addresses for Outpost's link-health tests and bench.

    link_server.py [--hosts 127.0.0.1,127.0.0.2] [--delay-ms 50] [--answer-first N]

Listens on an ephemeral port on each host and prints one JSON line on stdout,
{"ports": {"127.0.0.1": 40123, ...}, "closed_port": 40999}, then serves until
stdin closes (so a test that dies takes its servers with it).

Paths (on every host):
  /ok                200                /gone-404       404
  /moved             301 -> /ok         /gone-410       410
  /moved-308         308 -> /ok         /error-500      500
  /found             302 -> /ok         /forbidden      403
  /moved-then-found  301 -> /found      /challenge      503 with cf-mitigated: challenge
  /loop-a, /loop-b   301 to each other  /busy-once      429 Retry-After: 1, then 200
  /chain/N           302 -> /chain/N-1 ... /chain/0 is 200
  /busy-always       429 Retry-After: 1, always
  /head-405          HEAD 405, GET 200  /stall          never answers
  /held/...          200 for the first N requests (--answer-first), the rest wait for /_release
  anything else      200 (the bench's URLs)
Control: /_release answers held requests; /_stats gives request counts per path,
the most requests a host had at once, and the last User-Agent seen.
"""

import argparse
import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
released = threading.Event()
stopping = threading.Event()
counts = {}
in_flight = {}
peak = {}
answered_held = [0]
last_agent = [""]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    delay = 0.0
    answer_first = 0

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.handle_request(head=True)

    def do_GET(self):
        self.handle_request(head=False)

    def reply(self, code, headers=(), body=b"", head=False):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)

    def handle_request(self, head):
        host = self.server.server_address[0]
        path = self.path
        if path == "/_release":
            released.set()
            return self.reply(200, body=b"released\n", head=head)
        if path == "/_stats":
            with lock:
                body = json.dumps({"counts": counts, "peak": peak, "user_agent": last_agent[0]}).encode()
            return self.reply(200, [("Content-Type", "application/json")], body, head)
        with lock:
            key = ("HEAD " if head else "GET ") + path
            counts[key] = counts.get(key, 0) + 1
            in_flight[host] = in_flight.get(host, 0) + 1
            peak[host] = max(peak.get(host, 0), in_flight[host])
            last_agent[0] = self.headers.get("User-Agent", "")
            seen = counts[key]
        try:
            self.route(path, head, seen)
        finally:
            with lock:
                in_flight[host] -= 1

    def route(self, path, head, seen):
        if self.delay:
            time.sleep(self.delay)
        redirects = {"/moved": (301, "/ok"), "/moved-308": (308, "/ok"), "/found": (302, "/ok"),
                     "/moved-then-found": (301, "/found"), "/loop-a": (301, "/loop-b"), "/loop-b": (301, "/loop-a")}
        statuses = {"/gone-404": 404, "/gone-410": 410, "/error-500": 500, "/forbidden": 403}
        if path in redirects:
            code, target = redirects[path]
            return self.reply(code, [("Location", target)], head=head)
        if path in statuses:
            return self.reply(statuses[path], body=b"no\n", head=head)
        if path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            if n > 0:
                return self.reply(302, [("Location", "/chain/%d" % (n - 1))], head=head)
            return self.reply(200, body=b"end\n", head=head)
        if path == "/challenge":
            return self.reply(503, [("cf-mitigated", "challenge")], b"Just a moment...\n", head)
        if path == "/busy-once" and seen == 1 or path == "/busy-always":
            return self.reply(429, [("Retry-After", "1")], head=head)
        if path == "/head-405" and head:
            return self.reply(405, [("Allow", "GET")], head=head)
        if path == "/stall":
            stopping.wait()
            return
        if path.startswith("/held/"):
            with lock:
                answer = answered_held[0] < self.answer_first
                if answer:
                    answered_held[0] += 1
            if not answer:
                released.wait()
        return self.reply(200, [("Content-Type", "text/html")], b"<!doctype html><title>ok</title>\n", head)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", default="127.0.0.1")
    parser.add_argument("--delay-ms", type=float, default=0)
    parser.add_argument("--answer-first", type=int, default=0)
    args = parser.parse_args()
    Handler.delay = args.delay_ms / 1000
    Handler.answer_first = args.answer_first
    ports = {}
    for host in args.hosts.split(","):
        server = ThreadingHTTPServer((host, 0), Handler)
        server.daemon_threads = True
        server.request_queue_size = 128
        ports[host] = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
    # A port nothing listens on: bound, then closed, so connecting is refused.
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    closed_port = probe.getsockname()[1]
    probe.close()
    print(json.dumps({"ports": ports, "closed_port": closed_port}), flush=True)
    sys.stdin.read()
    stopping.set()
    released.set()


if __name__ == "__main__":
    main()
