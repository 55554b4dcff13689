from ..render import text
from .base import Command, text_width


class MmNuma(Command):
    """Show the NUMA node masks, blocks, distances and pg_data_t.

The node masks, numa_meminfo's blocks, node distances and each node's pg_data_t.

Usage: mm numa
Example: mm numa"""
    name = "mm numa"
    order = 12
    teaches = ("numa_init",)
    takes_args = False
    requires = ("numa_init", "NUMA information is read")

    def run(self, _):
        return text.numa(self.snap().numa_view(), text_width()) + "\n"
