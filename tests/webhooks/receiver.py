"""A webhook receiver for the tests: an HTTP server on 127.0.0.1 that records each request and
answers as told (a status, a delay, a redirect)."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    received: list = field(default_factory=list)
    # Answers in order, the last repeated: (status, delay in seconds, extra headers).
    answers: list = field(default_factory=lambda: [(200, 0.0, {})])

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/imagepref"

    def answer(self, *answers):
        self.answers = [a if isinstance(a, tuple) else (a, 0.0, {}) for a in answers]


def start_receiver() -> Receiver:
    receiver: Receiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            receiver.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            status, delay, extra = receiver.answers[min(len(receiver.received), len(receiver.answers)) - 1]
            time.sleep(delay)
            try:
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"no" if status >= 300 else b"ok")
            except OSError:  # the sender gave up waiting
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver = Receiver(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver
