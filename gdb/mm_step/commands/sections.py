from .. import model
from ..model import MMError
from ..render import text
from .base import Command, parse_unsigned, text_width


class MmSections(Command):
    """Show the SPARSEMEM sections (mem_section).

Like crash's kmem -n.

Usage: mm sections [NR|--all]
  NR      one section number;  --all  every non-empty section (default: the same)
Example: mm sections 0"""
    name = "mm sections"
    order = 13
    teaches = ("sparse_memory_present_with_active_regions", "sparse_init")
    requires = ("sparse_memory_present_with_active_regions", "mem_section is filled in")

    def run(self, arg):
        snap = self.snap()
        secs = snap.sections()
        a = arg.strip()
        if a and a != "--all":
            nr = parse_unsigned(a, "mm sections [NR|--all]")
            if nr >= model.NR_MEM_SECTIONS:
                raise MMError(f"section {nr} is beyond NR_MEM_SECTIONS ({model.NR_MEM_SECTIONS})")
            secs = [s for s in secs if s.nr == nr]
            if not secs:
                raise MMError(f"section {nr} is empty (not present)")
        return text.sections(secs, snap.page_size(), snap.sections_per_root(), text_width()) + "\n"

    def complete_words(self, text):
        return ["--all"] + [str(s.nr) for s in self.snap().sections()]
