"""Test helpers: tiny real HTTP servers on 127.0.0.1 and generated image files.

Shared by tests/fetch and tests/hostile. Each route is a function of the request
handler, so one server can play a well-behaved image host, a slow one, an endless one
or a redirect chain. The server counts accepted TCP connections, which lets a test
prove that a refused URL never reached it.
"""

from __future__ import annotations

import gzip
import http.server
import io
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PIL import Image

Route = Callable[["Handler"], None]


def image_bytes(fmt: str, size: tuple[int, int] = (24, 16), **save: object) -> bytes:
    """A small real image in ``fmt`` (PNG, JPEG, WEBP, GIF, TIFF, BMP ...)."""
    mode = "RGBA" if fmt in ("PNG", "WEBP") else "RGB"
    img = Image.new(mode, size, (200, 30, 60, 255) if mode == "RGBA" else (200, 30, 60))
    for x in range(0, size[0], 3):
        img.putpixel((x, x % size[1]), (10, 200, 10, 255) if mode == "RGBA" else (10, 200, 10))
    buf = io.BytesIO()
    img.save(buf, fmt, **save)
    return buf.getvalue()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: RecordingServer

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self.server.requests.append((self.path, dict(self.headers.items())))
        route = self.server.routes.get(self.path.split("?", 1)[0])
        try:
            if route is None:
                self.send_plain(404, b"not found", "text/plain")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            pass

    def send_plain(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class RecordingServer(http.server.ThreadingHTTPServer):
    """A threaded HTTP server that records connections and requests."""

    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1") -> None:
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, 0), Handler)
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.connections = 0
        self.stop = threading.Event()

    def process_request(self, request, client_address):  # type: ignore[no-untyped-def]
        self.connections += 1
        super().process_request(request, client_address)

    def handle_error(self, request, client_address):  # type: ignore[no-untyped-def]
        """Clients hanging up mid-body is what these tests provoke; keep the log quiet."""

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@contextmanager
def running_server(host: str = "127.0.0.1") -> Iterator[RecordingServer]:
    server = RecordingServer(host)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()


# ---- routes -------------------------------------------------------------------------


def serve(body: bytes, content_type: str = "image/png", status: int = 200) -> Route:
    return lambda h: h.send_plain(status, body, content_type)


def serve_gzip(body: bytes, content_type: str = "image/png") -> Route:
    packed = gzip.compress(body)
    return lambda h: h.send_plain(200, packed, content_type, Content_Encoding="gzip")


def redirect_to(location: str, status: int = 302) -> Route:
    return lambda h: h.redirect(location, status)


def stall_after(head: bytes, seconds: float) -> Route:
    """Send headers and ``head``, then go silent (a stuck server)."""

    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "image/png")
        h.send_header("Content-Length", str(len(head) + 1000))
        h.end_headers()
        h.wfile.write(head)
        h.wfile.flush()
        h.server.stop.wait(seconds)

    return route


def drip(head: bytes, interval: float, total: int = 10_000) -> Route:
    """Send one byte every ``interval`` seconds: never idle long enough for a read timeout."""

    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "image/png")
        h.send_header("Content-Length", str(total))
        h.end_headers()
        h.wfile.write(head)
        h.wfile.flush()
        for _ in range(total - len(head)):
            if h.server.stop.wait(interval):
                return
            h.wfile.write(b"\0")
            h.wfile.flush()

    return route


def endless(head: bytes, chunk: int = 64 * 1024) -> Route:
    """A chunked body that never ends (until the client hangs up)."""

    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "image/png")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        payload = head + b"\0" * (chunk - len(head))
        deadline = time.monotonic() + 20
        while not h.server.stop.is_set() and time.monotonic() < deadline:
            h.wfile.write(b"%x\r\n%s\r\n" % (len(payload), payload))
            payload = b"\0" * chunk

    return route
