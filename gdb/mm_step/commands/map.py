import gdb

from ..model import MMError
from ..render import physmap, svg
from .base import Command, color_on, picture_where, text_width, write_file


class MmMap(Command):
    """Draw the physical memory map at the screen's width.

The physical memory map as one picture: e820, memblock.memory (by node), memblock.reserved,
nodes, each node's zones, sections and free pages on one address axis (long empty gaps collapsed),
with a legend and each row's entries; in colour unless `set mm color off`. --svg writes the same
picture as a self-contained SVG file.

Usage: mm map [--svg FILE]
Example: mm map --svg /tmp/map.svg"""
    name = "mm map"
    order = 21
    teaches = ("free_all_bootmem",)
    requires = ("e820__memblock_setup", "the structures it draws exist")

    def parse(self, arg):
        args = gdb.string_to_argv(arg)
        if args and (args[0] != "--svg" or len(args) != 2 or not args[1]):
            raise MMError("usage: mm map [--svg FILE]")
        return args

    def run(self, args):
        snap = self.snap()
        st = snap.state()
        st["free_blocks"] = snap.free_blocks()
        if not args:
            return physmap.text(st, text_width(), color=color_on()) + "\n"
        return write_file(args[1], svg.memory_map(st, f"Physical memory at {picture_where(snap)}"))

    def complete_words(self, text):
        return gdb.COMPLETE_FILENAME if "--svg " in text else ["--svg"]
