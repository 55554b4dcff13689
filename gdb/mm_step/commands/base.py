"""The command base class, the plugin's settings, and the one place errors become one line.

A command is a class with its help as docstring (whose `Usage:` and `Example:` lines the registry
and the tests read), what it requires, and run() -> the exact text to print. commands/__init__.py
finds every command in this package and registers it: a new command is a new file here.
"""
import os
import sys
import tempfile
import traceback

import gdb

from .. import checkpoints, snapshot
from ..model import MMError, parse_number
from ..readers.kernel import KERNEL
from ..render import fit, palette


class Settings:
    """`set mm color` and `set mm debug` (created by register())."""
    color = None
    debug = None


def color_on():
    """Colour follows GDB's own `set style enabled` (GDB turns it off when its output is not a
    terminal); `set mm color on|off` overrides it, `auto` (the default) follows it again."""
    mode = Settings.color.value if Settings.color is not None else "auto"
    if mode == "auto":
        try:
            return bool(gdb.parameter("style enabled"))
        except gdb.error:
            return False
    return mode == "on"


def paint(s, concept):
    return palette.paint(s, concept, color_on())


def screen_width():
    """`show width` (what GDB wraps at; None when unlimited, as in batch mode)."""
    try:
        w = gdb.parameter("width")
    except gdb.error:
        return None
    return w or None


def text_width():
    """The columns a line of output may take (the screen's last column left empty)."""
    return fit.usable(screen_width())


def one_line(name, fn, *args):
    """Run @fn; every error becomes one line (gdb.GdbError); `set mm debug on` shows the traceback
    behind an internal error first."""
    try:
        return fn(*args)
    except MMError as e:
        raise gdb.GdbError(fit.fold(str(e), text_width())) from None
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
    teaches = ()                # the checkpoints whose work this command shows best (the banner's "try:")
    words = ()                  # fixed argument words for completion (complete_words() may add more)
    exact = False               # prints a kernel format byte for byte: folded only when it must be, and says so
    boots_others = False        # boots other machines (seconds to minutes): tests/real runs it, not every stop

    def __init_subclass__(cls, **kw):
        """The help may say {count}: the number of checkpoints, from the checkpoint table."""
        super().__init_subclass__(**kw)
        if cls.__doc__:
            cls.__doc__ = cls.__doc__.replace("{count}", str(checkpoints.COUNT))

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER)      # no completer class: GDB calls complete()

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

    @classmethod
    def needs_argument(cls):
        rest = cls.usage()[len(cls.name):].strip()
        return bool(rest) and not rest.startswith("[")

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
            sys.stdout.write(self.fit(out))

    def fit(self, out):
        """@out within `show width`: a renderer that knows its layout has fitted it already; any
        line still too wide is folded at a space, indented under its own text."""
        width = text_width()
        if width is None or all(palette.visible_len(l) <= width for l in out.split("\n")):
            return out
        if self.exact:
            out += (f"({self.name}: lines wider than the {screen_width()}-column screen are folded; Linux prints "
                    "each as one line: a wider terminal or `set width 0` shows them so)\n")
        return fit.fold(out, width)

    def _invoke(self, arg):
        args = self.parse(arg)
        if self.needs_target:
            KERNEL.check()
        if self.requires:
            self.snap().require(*self.requires)
        return self.run(args)

    def run(self, args):
        raise NotImplementedError

    def complete(self, text, word):
        """The completions of the argument being typed. GDB's @word starts after the last word-break
        character (':' and '-' are ones), so a candidate is returned from there on."""
        try:
            got = self.complete_words(text)
        except Exception:           # completion must never fail
            return []
        if isinstance(got, int):    # a GDB completer: gdb.COMPLETE_FILENAME
            return got
        arg = text.split(" ")[-1]
        cut = len(arg) - len(word or "")
        return [w[cut:] for w in got if w.startswith(arg)]

    def complete_words(self, text):
        """The words an argument may be (@text: the line so far), or a gdb.COMPLETE_ constant."""
        return list(self.words)


def hints(index):
    """What to type at checkpoint @index: the commands that show its work, then mm explain."""
    from . import registry
    from .explain import topics_for
    cp = KERNEL.table()[index]
    cmds = [c.examples()[-1] if c.needs_argument() else c.name for c in registry() if cp.name in c.teaches]
    return cmds + [f"mm explain {t}" for t in topics_for(cp.name)[:1]]


def stop_banner(before=None):
    """The banner of the stop the machine is at (what changed since stop @before), with what to
    type next."""
    from ..nav import NAV
    index = NAV.where()[1]
    return NAV.banner(before, color=color_on(), hints=hints(index) if index >= 0 else ()) + "\n"


def node_ids():
    try:
        return [str(i) for i, p in enumerate(snapshot.current().node_data()) if p]
    except Exception:       # completion must never fail
        return []


class NodeCommand(Command):
    def complete_words(self, text):
        return node_ids()


def parse_unsigned(arg, usage):
    """The one argument, a pfn, section number or address: >= 0, decimal or 0x...."""
    args = arg.split()
    if len(args) != 1:
        raise MMError(f"usage: {usage}")
    return unsigned(args[0], usage)


def unsigned(word, usage):
    """@word as a number >= 0, decimal or 0x...; MMError naming @usage otherwise."""
    n = parse_number(word)
    if n < 0:
        raise MMError(f"'{word}' is negative; usage: {usage}")
    return n


def parse_nid(snap, arg, usage):
    a = arg.strip()
    if not a:
        return None
    nid = parse_number(a)
    ids = [n.nid for n in snap.nodes()]
    if nid not in ids:
        raise MMError(f"no node {nid} (nodes: {', '.join(map(str, ids)) or 'none'}); usage: {usage}")
    return nid


def picture_where(snap):
    """Where a picture was drawn, for its title: "checkpoint NAME [node N]" (or the end, or the
    stop count) and the machine, when scripts/mm-gdb named it."""
    w = snap.where
    cp = w.checkpoint
    # a corrupted mm_checkpoint_current names no checkpoint: the stop count still says where
    at = "the end" if w.ended else (f"checkpoint {cp.name}" if cp else f"stop {w.count}") + \
        (f" [node {w.nid}]" if w.nid >= 0 else "")
    topo = os.environ.get("MM_STEP_TOPOLOGY")
    return at + (f" ({topo} machine)" if topo else "")


def write_file(path, text):
    """Write @text to @path (~ expanded) whole or not at all (a temporary file in the same folder,
    renamed over it), with the permissions the user's umask gives a new file; MMError in one line."""
    dest = os.path.expanduser(path)
    mask = os.umask(0)
    os.umask(mask)
    tmp = None
    try:
        if os.path.isdir(dest):
            raise IsADirectoryError(21, "Is a directory")
        fd, tmp = tempfile.mkstemp(prefix=".mm-", dir=os.path.dirname(os.path.abspath(dest)))
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, dest)
    except OSError as e:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise MMError(f"cannot write {path}: {e.strerror or e}") from None
    return f"wrote {path}\n"
