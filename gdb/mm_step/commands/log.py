from .. import model
from ..model import MMError
from ..nav import NAV, serial_path
from .base import Command


class MmLog(Command):
    """Show the kernel's serial console so far in this boot.

scripts/mm-gdb keeps it in $MM_STEP_SERIAL_LOG.

Usage: mm log [N]      (N: only the last N lines)
Example: mm log 20"""
    name = "mm log"
    order = 25
    needs_target = False

    def parse(self, arg):
        n = None
        if arg.strip():
            n = model.parse_number(arg)
            if n < 1:
                raise MMError("usage: mm log [N], N >= 1")
        if serial_path() is None:
            raise MMError("no serial log: $MM_STEP_SERIAL_LOG is not set (start with scripts/mm-gdb)")
        return n

    def run(self, n):
        lines = NAV.log_lines()
        if n is not None:
            lines = lines[-n:]
        return ("\n".join(lines) if lines else "(nothing printed yet in this boot)") + "\n"
