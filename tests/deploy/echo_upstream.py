"""A stand-in upstream for the nginx tests: answers every request with JSON describing it
(with 429 and `Retry-After: 42` when the query holds `echo_status=429`).

usage: python echo_upstream.py NAME PORT
"""

from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def make_handler(name: str) -> type[BaseHTTPRequestHandler]:
    class Echo(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            payload = {
                "service": name,
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body_bytes": len(body),
            }
            data = json.dumps(payload).encode()
            # `echo_status=429` in the query: answer 429 with the upstream's own Retry-After
            if "echo_status=429" in self.path:
                self.send_response(429)
                self.send_header("Retry-After", "42")
            else:
                self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _answer

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Echo


def main() -> None:
    name, port = sys.argv[1], int(sys.argv[2])
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(name))
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
