"""The command base class, the plugin's settings, and the one place errors become one line.

A command is a class with its help as docstring (whose `Usage:` and `Example:` lines the registry
and the tests read), what it requires, and run() -> the exact text to print. commands/__init__.py
finds every command in this package and registers it: a new command is a new file here.
"""
import os
import sys
import traceback

import gdb

from .. import checkpoints, snapshot
from ..model import MMError, parse_number
from ..readers.kernel import KERNEL


class Settings:
    """`set mm color` and `set mm debug` (created by register())."""
    color = None
    debug = None


def color_on():
    return Settings.color.value and sys.stdout.isatty() and os.isatty(1)


def heading(s):
    return f"\x1b[1;36m{s}\x1b[0m" if color_on() else s


def one_line(name, fn, *args):
    """Run @fn; every error becomes one line (gdb.GdbError); `set mm debug on` shows the traceback
    behind an internal error first."""
    try:
        return fn(*args)
    except MMError as e:
        raise gdb.GdbError(str(e)) from None
    except gdb.GdbError:
        raise
    except KeyboardInterrupt:
        raise gdb.GdbError("interrupted") from None
    except (gdb.error, gdb.MemoryError) as e:
        raise gdb.GdbError(f"{name}: {str(e).splitlines()[0] if str(e) else 'GDB error'}") from None
    except Exception as e:  # a bug in the plugin: still one line
        if Settings.debug is not None and Settings.debug.value:
            gdb.write(traceback.format_exc(), gdb.STDERR)
        raise gdb.GdbError(f"{name}: internal error: {type(e).__name__}: {e}") from None


def no_args(arg, usage):
    if arg.strip():
        raise MMError(f"unexpected argument '{arg.strip()}'; usage: {usage}")


class Command(gdb.Command):
    """Subclasses set `name`, a docstring with Usage: and Example: lines, and implement run()."""
    name = ""
    order = 0                   # place in `help mm` and the registry
    requires = None             # (checkpoint name, "what exists from then") checked before run()
    needs_target = True         # a live QEMU running the replay kernel
    takes_args = True           # False: any argument is an error naming the usage
    navigates = False           # moves the machine (runs or replays it), so not a per-stop read
    boots_others = False        # boots other machines (seconds to minutes): tests/real runs it, not every stop
    complete_with = gdb.COMPLETE_NONE
    words = ()                  # fixed argument words for completion

    def __init_subclass__(cls, **kw):
        """The help may say {count}: the number of checkpoints, from the checkpoint table."""
        super().__init_subclass__(**kw)
        if cls.__doc__:
            cls.__doc__ = cls.__doc__.replace("{count}", str(checkpoints.COUNT))

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER, self.complete_with)

    @classmethod
    def help_line(cls, key):
        """The docstring's "Usage:" or "Example:" line, without the key."""
        for line in (cls.__doc__ or "").splitlines():
            if line.startswith(key + ":"):
                return line[len(key) + 1:].strip()
        return ""

    @classmethod
    def usage(cls):
        return cls.help_line("Usage").split("  ")[0].strip()

    @classmethod
    def examples(cls):
        """The commands of the Example: line ("A, then B" is two; a trailing "  (...)" or " -> ..."
        says what to expect and is not part of the command)."""
        out = []
        for part in cls.help_line("Example").split(", then "):
            out.append(part.split("  (")[0].split(" -> ")[0].strip())
        return [c for c in out if c]

    def parse(self, arg):
        """Check the arguments' syntax before the target is asked anything; returns them parsed."""
        if not self.takes_args:
            no_args(arg, self.usage())
        return arg

    def snap(self):
        return snapshot.current()

    def invoke(self, arg, from_tty):
        out = one_line(self.name, self._invoke, arg)
        if out:
            sys.stdout.write(out)

    def _invoke(self, arg):
        args = self.parse(arg)
        if self.needs_target:
            KERNEL.check()
        if self.requires:
            self.snap().require(*self.requires)
        return self.run(args)

    def run(self, args):
        raise NotImplementedError

    def complete(self, text_, word):
        return [w for w in self.complete_words() if w.startswith(word or "")]

    def complete_words(self):
        return list(self.words)


def node_ids():
    try:
        return [str(i) for i, p in enumerate(snapshot.current().node_data()) if p]
    except Exception:       # completion must never fail
        return []


class NodeCommand(Command):
    def complete_words(self):
        return node_ids()


def parse_nid(snap, arg, usage):
    a = arg.strip()
    if not a:
        return None
    nid = parse_number(a)
    ids = [n.nid for n in snap.nodes()]
    if nid not in ids:
        raise MMError(f"no node {nid} (nodes: {', '.join(map(str, ids)) or 'none'}); usage: {usage}")
    return nid


def write_file(path, text):
    """Write @text to @path (~ expanded); MMError in one line."""
    try:
        with open(os.path.expanduser(path), "w") as f:
            f.write(text)
    except OSError as e:
        raise MMError(f"cannot write {path}: {e.strerror}") from None
    return f"wrote {path}\n"
