"""Layer 5: the GDB commands. Every module in this package that defines a base.Command subclass
with a name is a command: registry() finds them all (a new command is one new file), register()
creates them, the `mm` prefix, its settings and the stop hook. `help mm` is built from the registry.
"""
import importlib
import pkgutil

import gdb

from ..guest import memory
from ..model import MMError
from ..nav import NAV
from . import dashboard
from ..readers.kernel import KERNEL
from .base import Command, Settings, color_on

_registered = []


def registry():
    """Every command class, in `help mm` order."""
    found = {}
    for mod in pkgutil.iter_modules(__path__):
        m = importlib.import_module(f"{__name__}.{mod.name}")
        for obj in vars(m).values():
            if isinstance(obj, type) and issubclass(obj, Command) and obj.name and obj.__module__ == m.__name__:
                found[obj.name] = obj
    return sorted(found.values(), key=lambda c: (c.order, c.name))


def prefix_doc(commands):
    """One line, so that `help mm` (GDB adds a line per subcommand and four of its own) fits a
    screen of 30 rows."""
    nav = [c.name for c in commands if not c.name.startswith("mm ")]
    return f"Inspect the memory structures at this stop; {nav[0]} and {nav[1]} move on."


class Setting(gdb.Parameter):
    """A setting of the plugin: `set mm NAME VALUE`, `show mm NAME`; on/off unless @choices."""

    def __init__(self, name, doc, default, choices=None, show_note=lambda: ""):
        self.__doc__ = doc
        what = f"{doc[0].lower()}{doc[1:].rstrip('.')}"
        self.set_doc = f"Set whether mm {what}." if choices is None else f"Set how mm {what}."
        self.show_doc = f"Show whether mm {what}." if choices is None else f"Show how mm {what}."
        self.name, self.show_note = name, show_note
        if choices is None:
            super().__init__(f"mm {name}", gdb.COMMAND_DATA, gdb.PARAM_BOOLEAN)
        else:
            super().__init__(f"mm {name}", gdb.COMMAND_DATA, gdb.PARAM_ENUM, list(choices))
        self.value = default

    def get_show_string(self, svalue):
        return f"mm {self.name} is {svalue}" + self.show_note()


def color_note():
    return (f" (GDB's style is {'enabled' if color_on() else 'disabled'}: `set style enabled on|off`)"
            if Settings.color.value == "auto" else "")


def on_stop(event):
    """A plain `continue` that reaches a checkpoint still gets a one-line banner."""
    if NAV.navigating or not isinstance(event, gdb.BreakpointEvent):
        return
    try:
        pc = int(gdb.parse_and_eval("$pc"))
        if pc not in NAV._ours():
            return
        KERNEL.arrive(pc)
        print(NAV.banner(color=color_on()).splitlines()[0])
    except (MMError, gdb.error):
        pass


def register():
    if _registered:
        return
    commands = registry()

    class Mm(gdb.Command):
        __doc__ = prefix_doc(commands)

        def __init__(self):
            super().__init__("mm", gdb.COMMAND_USER, gdb.COMPLETE_COMMAND, True)

    class SetMm(gdb.Command):
        """Settings of the mm plugin: set mm color auto|on|off, set mm debug on|off."""

        def __init__(self):
            super().__init__("set mm", gdb.COMMAND_DATA, gdb.COMPLETE_COMMAND, True)

    class ShowMm(gdb.Command):
        """Settings of the mm plugin: show mm color, show mm debug."""

        def __init__(self):
            super().__init__("show mm", gdb.COMMAND_DATA, gdb.COMPLETE_COMMAND, True)

    _registered.extend([Mm(), SetMm(), ShowMm()])
    Settings.color = Setting("color", "Colours its output: auto follows `set style enabled`, which GDB turns "
                             "off when its output is not a terminal.", "auto", ("auto", "on", "off"), color_note)
    Settings.debug = Setting("debug", "Shows the Python traceback behind an \"internal error\" line (for whoever "
                             "develops the plugin).", False)
    _registered.extend(c() for c in commands)
    memory.install_hooks()
    KERNEL.loaded()
    gdb.events.stop.connect(on_stop)
    dashboard.install()
