import gdb

from ..model import MMError
from ..render import jsonout
from .base import Command, write_file


class MmExport(Command):
    """Write everything readable at this stop as JSON.

Usage: mm export FILE.json
Example: mm export /tmp/state.json"""
    name = "mm export"
    order = 27
    requires = ("e820__memblock_setup", "the structures exist")

    def parse(self, arg):
        args = gdb.string_to_argv(arg)
        if len(args) != 1 or not args[0]:
            raise MMError("usage: mm export FILE.json")
        return args[0]

    def run(self, path):
        return write_file(path, jsonout.export(self.snap().state()))

    def complete_words(self, text):
        return gdb.COMPLETE_FILENAME
