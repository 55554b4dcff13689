"""Layer 5: the GDB commands. Every module in this package that defines a base.Command subclass
with a name is a command: registry() finds them all (a new command is one new file), register()
creates them, the `mm` prefix, its settings and the stop hook. `help mm` is built from the registry.
"""
import importlib
import pkgutil
import sys
import textwrap

import gdb

from ..guest import memory
from ..model import MMError
from ..nav import NAV
from ..readers.kernel import KERNEL
from .base import Command, Settings, heading

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
    subs = ", ".join(c.name[3:] for c in commands if c.name.startswith("mm "))
    nav = ", ".join(c.name for c in commands if not c.name.startswith("mm "))
    return ("Inspect the replay kernel's memory-management structures at the current checkpoint.\n\n" +
            textwrap.fill(f"Subcommands: {subs}. Navigation: {nav}.", width=100) +
            "\nExample: mm-goto last, then mm zones")


class Setting(gdb.Parameter):
    """An on/off setting of the plugin: `set mm NAME on|off`, `show mm NAME`."""

    def __init__(self, name, doc, default, show_note=lambda: ""):
        self.__doc__ = doc
        self.set_doc = f"Set whether mm {doc[0].lower()}{doc[1:].rstrip('.')}."
        self.show_doc = f"Show whether mm {doc[0].lower()}{doc[1:].rstrip('.')}."
        self.name, self.show_note = name, show_note
        super().__init__(f"mm {name}", gdb.COMMAND_DATA, gdb.PARAM_BOOLEAN)
        self.value = default

    def get_show_string(self, svalue):
        return f"mm {self.name} is {svalue}" + self.show_note()


def on_stop(event):
    """A plain `continue` that reaches a checkpoint still gets a one-line banner."""
    if NAV.navigating or not isinstance(event, gdb.BreakpointEvent):
        return
    try:
        pc = int(gdb.parse_and_eval("$pc"))
        if pc not in NAV._ours():
            return
        KERNEL.arrive(pc)
        print(heading(NAV.banner().splitlines()[0]))
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
        """Settings of the mm plugin: set mm color on|off, set mm debug on|off."""

        def __init__(self):
            super().__init__("set mm", gdb.COMMAND_DATA, gdb.COMPLETE_COMMAND, True)

    class ShowMm(gdb.Command):
        """Settings of the mm plugin: show mm color, show mm debug."""

        def __init__(self):
            super().__init__("show mm", gdb.COMMAND_DATA, gdb.COMPLETE_COMMAND, True)

    _registered.extend([Mm(), SetMm(), ShowMm()])
    Settings.color = Setting("color", "Colours its output (off anyway when the output is not a terminal).", True,
                             lambda: "" if sys.stdout.isatty() else " (but output is not a terminal)")
    Settings.debug = Setting("debug", "Shows the Python traceback behind an \"internal error\" line (for whoever "
                             "develops the plugin).", False)
    _registered.extend(c() for c in commands)
    memory.install_hooks()
    KERNEL.loaded()
    gdb.events.stop.connect(on_stop)
