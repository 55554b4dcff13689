"""The HTTP server of `mm serve`, on a thread of its own, GDB-free.

Bound to 127.0.0.1 on a port the kernel picks; every request must carry the session's random
token (?token= or an X-MM-Token header, compared in constant time) and name this server in its
Host header (a DNS-rebinding page cannot), else 403. It serves the one page (its CSS and
JavaScript inlined), the stops that commands/serve.py published from GDB's thread, a pfn's
trace through @trace (which runs on GDB's thread and waits), and server-sent events when a
new stop is published. The page's Content-Security-Policy lets it load nothing from elsewhere.
"""
import hmac
import json
import os
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

STATIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
       "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
KEEPALIVE = 10          # seconds between SSE comments, so a closed tab is noticed


def page():
    """index.html with style.css and app.js inlined: the page is one response."""
    def read(name):
        with open(os.path.join(STATIC, name), encoding="utf-8") as f:
            return f.read()
    return (read("index.html").replace("/*STYLE*/", read("style.css"))
            .replace("/*SCRIPT*/", read("app.js"))).encode()


class Server:
    def __init__(self, trace):
        self.trace = trace              # pfn -> dict, run on GDB's thread (may raise TimeoutError)
        self.token = secrets.token_urlsafe(32)
        self.stops = {}                 # stop count -> JSON bytes of web.view.stop()
        self.index = []                 # [{count, title}] in stop order
        self.changed = threading.Condition()
        self.generation = 0
        self.closing = False
        self.current = None
        self.page = page()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="mm serve", daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        with self.changed:
            self.closing = True
            self.changed.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    def publish(self, count, title, view):
        """A stop's view (a dict) from GDB's thread; the page hears of it through /api/events."""
        body = json.dumps(view, separators=(",", ":")).encode()
        with self.changed:
            self.stops[count] = body
            self.index = [i for i in self.index if i["count"] != count] + [{"count": count, "title": title}]
            self.index.sort(key=lambda i: i["count"])
            self.current = count
            self.generation += 1
            self.changed.notify_all()

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):       # GDB's terminal is the student's
                pass

            def send(self, status, body, ctype="application/json"):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.send_header("X-Content-Type-Options", "nosniff")
                self.send_header("Referrer-Policy", "no-referrer")
                if ctype.startswith("text/html"):
                    self.send_header("Content-Security-Policy", CSP)
                self.end_headers()
                self.wfile.write(body)

            def refuse(self, why):
                self.send(403, json.dumps({"error": why}).encode())

            def allowed(self, query):
                if not self.client_address[0].startswith("127."):
                    return "not from this machine"
                if self.headers.get("Host") not in (f"127.0.0.1:{server.port}", f"localhost:{server.port}"):
                    return "wrong Host header"
                given = (query.get("token") or [self.headers.get("X-MM-Token", "")])[0]
                if not hmac.compare_digest(given.encode(), server.token.encode()):
                    return "missing or wrong token: open the URL `mm serve` printed"
                return None

            def do_GET(self):
                url = urlsplit(self.path)
                query = parse_qs(url.query)
                why = self.allowed(query)
                if why:
                    return self.refuse(why)
                path = url.path
                if path == "/":
                    return self.send(200, server.page, "text/html; charset=utf-8")
                if path == "/api/stops":
                    with server.changed:
                        body = {"stops": server.index, "current": server.current,
                                "generation": server.generation}
                    return self.send(200, json.dumps(body).encode())
                if path.startswith("/api/stop/") and path[10:].isdigit():
                    body = server.stops.get(int(path[10:]))
                    return self.send(200, body) if body else self.send(404, b'{"error": "no such stop"}')
                if path == "/api/trace":
                    return self.trace(query)
                if path == "/api/events":
                    return self.events()
                self.send(404, b'{"error": "not found"}')

            def trace(self, query):
                try:
                    pfn = int((query.get("pfn") or [""])[0], 0)
                except ValueError:
                    return self.send(400, b'{"error": "pfn: a number, decimal or 0x..."}')
                try:
                    body = server.trace(pfn)
                except TimeoutError:
                    return self.send(503, b'{"error": "GDB is busy (the machine is running?); try again"}')
                self.send(200, json.dumps(body).encode())

            def events(self):
                """Server-sent events: "stop" with the stop list's generation, whenever it moves."""
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                seen = -1
                try:
                    while True:
                        with server.changed:
                            if server.generation == seen and not server.closing:
                                server.changed.wait(KEEPALIVE)
                            if server.closing:
                                return
                            gen = server.generation
                        msg = f"event: stop\ndata: {gen}\n\n" if gen != seen else ": alive\n\n"
                        seen = gen
                        self.wfile.write(msg.encode())
                        self.wfile.flush()
                except OSError:             # the tab was closed
                    pass
                finally:
                    self.close_connection = True

        return Handler
