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

    def parse(self, arg):
        if len(arg.split()) != 1:
            raise MMError("usage: mm export FILE.json")
        return arg.strip()

    def run(self, path):
        return write_file(path, jsonout.export(self.snap().state()))

    def complete_words(self, text):
        return gdb.COMPLETE_FILENAME
