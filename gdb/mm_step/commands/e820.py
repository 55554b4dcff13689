from ..render import text
from .base import Command, text_width


class MmE820(Command):
    """Show the kernel's e820 table (e820_table).

The table as e820__print_table sees it.

Usage: mm e820
Example: mm e820"""
    name = "mm e820"
    order = 10
    teaches = ("e820__memblock_setup",)
    requires = ("e820__memblock_setup", "e820_table is filled in")
    takes_args = False

    def run(self, _):
        return text.e820(self.snap().e820(), text_width()) + "\n"
