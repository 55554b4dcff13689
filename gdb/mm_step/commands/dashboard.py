"""mm dashboard: the live view, printed before the prompt after every stop (as pwndbg's context
and gdb-dashboard do), and the `mm` TUI window (`layout mm`) that redraws itself at each stop."""
import gdb

from .. import snapshot
from ..readers.kernel import KERNEL
from ..model import MMError
from ..nav import NAV
from ..render import dashboard
from .base import Command, color_on, one_line, text_width

DEFAULT_WIDTH = 99          # when `show width` is unlimited (batch mode, a pipe)


def dashboard_text(width, color):
    """The dashboard of the current stop, @width columns wide."""
    where = NAV.where()
    count = where[0]
    snap = None
    state = None
    after, before = {}, {}
    if count:
        snap = snapshot.current()
        if snap.passed(KERNEL.table()[0].name):
            state = snap.state()
            state["free_blocks"] = snap.get("free_blocks")
        after = NAV.summary_at(count)
        before = NAV.summaries.get(count - 1, {} if count == 1 else None)
    printed = NAV.printed(count + 1 if where[3] else count) if count else []
    return dashboard.render(KERNEL.table(), where, state, before, after, printed, width, color)


class Live:
    """Whether the dashboard is on, and whether a stop has happened since it was last drawn."""
    on = False
    dirty = False
    windows = []

    @classmethod
    def stopped(cls, _event):
        cls.dirty = True

    @classmethod
    def before_prompt(cls):
        """Once per stop, when the command that stopped is done: draw the windows, print the text."""
        if not cls.dirty:
            return
        cls.dirty = False
        for w in cls.windows:
            w.render()
        if not cls.on:
            return
        try:
            gdb.write(one_line("mm dashboard", dashboard_text, text_width() or DEFAULT_WIDTH, color_on()))
        except gdb.GdbError as e:
            gdb.write(f"mm dashboard: {e}\n")


class Window:
    """The `mm` TUI window: the dashboard at the window's size (`layout mm`)."""

    def __init__(self, tui):
        self.tui = tui
        Live.windows.append(self)
        NAV.keep_summaries = True
        self.render()

    def render(self):
        if not self.tui.is_valid():
            return
        try:
            text = dashboard_text(self.tui.width - 1, color_on())
        except (MMError, gdb.error) as e:
            text = f"mm dashboard: {str(e).splitlines()[0] if str(e) else 'no target'}\n"
        self.tui.write("\n".join(text.split("\n")[:self.tui.height]), True)

    def close(self):
        Live.windows.remove(self)
        NAV.keep_summaries = Live.on or bool(Live.windows)


def install():
    """The stop and prompt hooks, and the TUI window with a layout for it (when GDB has TUI)."""
    gdb.events.stop.connect(Live.stopped)
    gdb.events.before_prompt.connect(Live.before_prompt)
    if hasattr(gdb, "register_window_type"):
        gdb.register_window_type("mm", Window)
        try:
            gdb.execute("tui new-layout mm mm 2 cmd 1", to_string=True)
        except gdb.error:
            pass


class MmDashboard(Command):
    """Show a live dashboard at every stop, or stop showing it.

At every stop, before the prompt: a bar of the phases with the current one marked, the memory map
at the screen's width, the structures this phase changed (changed cells highlighted) and the lines
the phase printed. `layout mm` shows the same in a TUI window that redraws itself.
Usage: mm dashboard [on|off]   (no argument: draw it now)
Example: mm dashboard on"""
    name = "mm dashboard"
    order = 20
    words = ("on", "off")

    def parse(self, arg):
        a = arg.strip()
        if a not in ("", "on", "off"):
            raise MMError("usage: mm dashboard [on|off]")
        return a

    def run(self, a):
        if a:
            Live.on = a == "on"
            Live.dirty = Live.on        # drawn before the next prompt
            NAV.keep_summaries = Live.on or bool(Live.windows)
            return f"mm dashboard: {a}" + (" (drawn at every stop; mm dashboard off to stop)" if Live.on else "") + "\n"
        return dashboard_text(text_width() or DEFAULT_WIDTH, color_on())
