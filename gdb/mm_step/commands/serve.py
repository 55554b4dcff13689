import gdb

from ..model import MMError
from ..web import capture
from .base import Command


class MmServe(Command):
    """Show this session in a web browser, at the URL it prints.

The page has the memory map (zoom with the wheel) with every reserved region labelled by what
Linux reserved it for, a slider over the stops seen so far, and a click on any pfn that follows
it to its free list. The server listens on 127.0.0.1 only and answers only the printed URL's
secret token; it follows GDB's stops and ends with the session or `mm serve stop`.

Usage: mm serve [stop]
Example: mm serve  (prints http://127.0.0.1:PORT/?token=...)"""
    name = "mm serve"
    order = 28
    needs_target = False
    words = ("stop",)
    running = None              # (server, capture) while serving

    def parse(self, arg):
        if arg.strip() not in ("", "stop"):
            raise MMError("usage: mm serve [stop]")
        return arg.strip()

    def run(self, arg):
        cls = type(self)
        if arg == "stop":
            if cls.running is None:
                return "mm serve: not running\n"
            stop_serving()
            return "mm serve: stopped\n"
        if cls.running is not None:
            return f"mm serve: already at {cls.running[0].url}\n"
        from ..web import server    # http.server on first use: 60 ms off every GDB start
        srv = server.Server(lambda pfn: capture.run_on_gdb(lambda: capture.trace(pfn))).start()
        cap = capture.Capture(srv)
        cls.running = (srv, cap)
        gdb.events.before_prompt.connect(cap)
        cap()
        return f"mm serve: open {srv.url}\n  (this machine only; `mm serve stop` ends it, and so does quitting GDB)\n"


def stop_serving(*_):
    if MmServe.running is None:
        return
    srv, cap = MmServe.running
    MmServe.running = None
    gdb.events.before_prompt.disconnect(cap)
    srv.stop()


gdb.events.gdb_exiting.connect(stop_serving)
