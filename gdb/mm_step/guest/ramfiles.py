"""Guest RAM through QEMU's own files (scripts/mm-gdb passes a read-only descriptor of each in
$MM_STEP_GUEST_RAM): found once per boot, checked against the gdbstub, then struct pages are
mapped straight from them instead of being copied through QEMU."""
import mmap
import os

import gdb

from ..model import MMError
from . import image, memory, physmem

_ram = {}


def forget():
    """A new boot: QEMU's memory map is parsed and the files checked again at the next bulk read."""
    _ram.clear()


def fds():
    """{region name: file descriptor} from $MM_STEP_GUEST_RAM ("m0=5,m1=6")."""
    out = {}
    for item in os.environ.get("MM_STEP_GUEST_RAM", "").split(","):
        name, _, fd = item.partition("=")
        if name and fd.isdigit():
            out[name] = int(fd)
    return out


def guest_ram():
    """physmem.PhysMem over QEMU's RAM files, laid out as its `info mtree -f` says; None without
    files (another QEMU than scripts/mm-gdb's) or when they do not hold what the gdbstub reads."""
    if "mem" not in _ram:
        _ram["mem"] = None
        files = fds()
        if files:
            try:
                text = gdb.execute("monitor info mtree -f", to_string=True)
                mem = physmem.PhysMem(files, physmem.parse_mtree(text, set(files)))
                if mem.ranges and agrees(mem):
                    _ram["mem"] = mem
            except (gdb.error, MMError, OSError, ValueError):
                pass
    return _ram["mem"]


def agrees(mem):
    """The files against the gdbstub: the first and last page of each RAM range, the page-table
    root, and (paging on) the kernel's .rodata found through the page tables equal to the ELF's."""
    pages = [p for start, end, _, _ in mem.ranges for p in (start, end - physmem.PAGE)]
    if memory.paging_on():
        pages.append(memory.cr3() & physmem.PHYS_MASK)
        for name, addr, want in image.sections():
            if name == ".rodata" and want:
                walked = physmem.walk(mem.read, memory.cr3(), addr, len(want))
                got = b"".join(mem.read(p, n) or b"" for _, p, n in walked or [])
                if got != want:
                    return False
    return all(mem.read(p, physmem.PAGE) == memory.read_phys(p, physmem.PAGE) for p in pages
               if mem.locate(p, physmem.PAGE))


def read_virtual(addr, size):
    """@size bytes at virtual @addr from QEMU's files, through the selected vCPU's page tables;
    None when they cannot say (no files, paging off, not mapped, not all RAM in a file)."""
    try:
        if not memory.stop_register("cr0") >> 31 & 1:
            return None
        mem = guest_ram()
        walked = physmem.walk(mem.read, memory.stop_register("cr3"), addr, size) if mem else None
    except gdb.error:
        return None
    if walked is None:
        return None
    parts = [mem.read(p, n) for _, p, n in walked]
    return None if None in parts else b"".join(parts)


memory._direct.append(read_virtual)


def pieces(mem, addr, size, psize):
    """[(offset, mapping)] of virtual [addr, addr + size) in QEMU's RAM files, each piece whole
    struct pages of @psize bytes; None when it cannot be (not mapped, not RAM in a file) or a
    spot check against the gdbstub differs (then the files are not used again in this boot)."""
    if physmem.PAGE % psize:
        return None
    walked = physmem.walk(mem.read, memory.cr3(), addr, size)
    out = []
    for voff, paddr, length in walked or []:
        segs = mem.segments(paddr, length)
        if segs is None:
            return None
        for name, off, n in segs:
            if off % mmap.ALLOCATIONGRANULARITY or n % psize:
                return None
            out.append((voff, mem.view(name, off, n)))
            voff += n
    if not out:
        return None
    for voff, m in (out[0], out[len(out) // 2], out[-1]):
        k = min(len(m), 512)
        if memory.read_stub(addr + voff, k, "the struct pages") != m[:k]:
            _ram["mem"] = None
            return None
    return out


def read_pages(addr, n, psize, what):
    """[(page offset, buffer of whole struct pages)] covering @n struct pages at virtual @addr:
    mapped from QEMU's files when they hold them, else one bulk read through QEMU."""
    mem = guest_ram()
    try:
        got = pieces(mem, addr, n * psize, psize) if mem else None
    except (MMError, OSError):          # an unreadable spot, a failed mmap: QEMU copies it
        got = None
    if got is None:
        return [(0, memory.bulk_read(addr, n * psize, what))]
    return [(off // psize, m) for off, m in got]
