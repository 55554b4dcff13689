"""Guest physical memory read straight from QEMU's RAM files (no gdb import: testable on the host).

scripts/mm-gdb backs the guest's RAM with shared files and hands GDB a read-only descriptor of
each. Which file and offset hold a guest-physical address is QEMU's to say: `info mtree -f` shows,
for the "memory" address space, each RAM region mapped at each guest-physical range (pc and q35
split RAM below and above 4 GiB; NUMA memdevs are concatenated). Virtual addresses are translated
by walking the guest's 4-level page tables, themselves read from the files.
"""
import mmap
import re

PAGE = 4096
_RANGE = re.compile(r"^\s*([0-9a-f]+)-([0-9a-f]+) \(prio -?\d+, (\w+)\): (\S+)(?: @([0-9a-f]+))?", re.M)


def parse_mtree(text, names):
    """[(start, end, name, offset)] of the RAM ranges of the flat view of address space "memory"
    whose region is one of @names: guest-physical [start, end) is region @name from @offset."""
    views = re.split(r"^FlatView #\d+\s*$", text, flags=re.M)
    view = next((v for v in views if re.search(r'^\s*AS "memory",', v, re.M)), "")
    out = []
    for m in _RANGE.finditer(view):
        start, last, kind, name, off = m.groups()
        if kind == "ram" and name in names:
            out.append((int(start, 16), int(last, 16) + 1, name, int(off or "0", 16)))
    return sorted(out)


class PhysMem:
    """Guest-physical reads from @files {region name: fd} laid out as @ranges (parse_mtree)."""

    def __init__(self, files, ranges):
        self.fds = dict(files)
        self.maps = {name: mmap.mmap(fd, 0, access=mmap.ACCESS_READ) for name, fd in self.fds.items()}
        self.ranges = [r for r in ranges if r[2] in self.maps and r[3] + r[1] - r[0] <= len(self.maps[r[2]])]

    def locate(self, paddr, size):
        """(region name, file offset) of guest-physical [paddr, paddr + size), None unless one RAM
        range holds all of it."""
        for start, end, name, off in self.ranges:
            if start <= paddr and paddr + size <= end:
                return name, off + paddr - start
        return None

    def segments(self, paddr, size):
        """[(region name, file offset, length)] of guest-physical [paddr, paddr + size), split where
        the RAM ranges split; None when part of it is not RAM in a file."""
        out = []
        while size:
            r = next((r for r in self.ranges if r[0] <= paddr < r[1]), None)
            if r is None:
                return None
            n = min(size, r[1] - paddr)
            out.append((r[2], r[3] + paddr - r[0], n))
            paddr, size = paddr + n, size - n
        return out

    def read(self, paddr, size):
        loc = self.locate(paddr, size)
        if loc is None:
            return None
        name, off = loc
        return self.maps[name][off:off + size]

    def view(self, name, off, size):
        """A read-only mapping of @size bytes of region @name at file offset @off (page-aligned):
        slices of it are bytes, as with any mmap."""
        return mmap.mmap(self.fds[name], size, access=mmap.ACCESS_READ, offset=off)


def walk(read, cr3, vaddr, size):
    """[(vaddr offset, paddr, length)] covering virtual [vaddr, vaddr + size) through the 4-level
    page tables at @cr3, physically contiguous pieces merged; None when part of it is not mapped.
    @read(paddr, 4096) returns a page table's bytes or None."""
    tables = {}

    def entry(table, idx):
        if table not in tables:
            tables[table] = read(table, PAGE)
        raw = tables[table]
        return None if raw is None else int.from_bytes(raw[idx * 8:idx * 8 + 8], "little")

    pieces = []
    pos, end = vaddr, vaddr + size
    while pos < end:
        table = cr3 & 0x000ffffffffff000
        for shift in (39, 30, 21, 12):
            e = entry(table, (pos >> shift) & 511)
            if e is None or not e & 1:
                return None
            if shift == 12 or (shift in (30, 21) and e & 0x80):
                break
            table = e & 0x000ffffffffff000
        page = 1 << shift
        frame = e & 0x000ffffffffff000 & ~(page - 1)
        paddr = frame + (pos & (page - 1))
        length = min(page - (pos & (page - 1)), end - pos)
        if pieces and pieces[-1][1] + pieces[-1][2] == paddr:
            pieces[-1][2] += length
        else:
            pieces.append([pos - vaddr, paddr, length])
        pos += length
    return [tuple(p) for p in pieces]
