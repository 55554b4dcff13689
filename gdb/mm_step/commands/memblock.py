from ..model import MMError
from ..render import text
from .base import Command, text_width


class MmMemblock(Command):
    """Show memblock's memory and reserved regions.

Like memblock=debug's __memblock_dump_all.

Usage: mm memblock [memory|reserved]
Example: mm memblock reserved"""
    name = "mm memblock"
    order = 11
    teaches = ("e820__memblock_setup", "numa_init")
    requires = ("e820__memblock_setup", "memblock is filled in")
    words = ("memory", "reserved")

    def parse(self, arg):
        which = arg.split() or list(self.words)
        if len(which) > 1 and arg.strip() or any(w not in self.words for w in which):
            raise MMError("usage: mm memblock [memory|reserved]")
        return which

    def run(self, which):
        snap = self.snap()
        bottom_up, limit = snap.memblock_config()
        return text.memblock(bottom_up, limit, [snap.memblock(w) for w in which], text_width()) + "\n"
