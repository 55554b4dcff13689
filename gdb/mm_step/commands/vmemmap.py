import sys

from .. import model
from ..guest import memory, physmem
from ..model import MMError
from ..render import text
from .base import Command, parse_unsigned


class MmVmemmap(Command):
    """Walk the page tables to a pfn's struct page.

The 4-level walk, from CR3, of the vmemmap address of a pfn (or any VADDR).

Usage: mm vmemmap PFN|VADDR     (a VADDR is >= 0xffff800000000000)
Example: mm vmemmap 0x1000"""
    name = "mm vmemmap"
    order = 20
    teaches = ("sparse_init",)
    requires = ("sparse_init", "vmemmap is populated")

    def parse(self, arg):
        return parse_unsigned(arg, "mm vmemmap PFN|VADDR")

    def run(self, n):
        snap = self.snap()
        ps = snap.page_size()
        is_vaddr = n >= model.KERNEL_HALF
        vaddr = n if is_vaddr else snap.vmemmap_base() + n * ps
        cr3 = memory.cr3()
        path = physmem.levels(lambda p, size: memory.read_phys(p, size, "a page table"), cr3, vaddr)
        out = text.vmemmap_walk(vaddr, None if is_vaddr else (n, ps), cr3, path)
        level, _, _, entry = path[-1]
        if not entry & 1:
            sys.stdout.write(out)       # the walk up to the missing entry, then the error
            raise MMError(f"{vaddr:#x} is not mapped ({level} entry not present)")
        return out
