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


LEVELS = (("PGD", 39), ("PUD", 30), ("PMD", 21), ("PTE", 12))
PHYS_MASK = 0x000ffffffffff000


def levels(read, cr3, vaddr):
    """The 4-level walk of virtual @vaddr from @cr3: [(level, index, entry address, entry)] down
    to the entry that maps it (a PUD or PMD with PSE ends it) or the first one not present.
    @read(paddr, 8) returns an entry's bytes or None (then the walk stops there)."""
    out = []
    table = cr3 & PHYS_MASK
    for level, shift in LEVELS:
        idx = (vaddr >> shift) & 511
        raw = read(table + idx * 8, 8)
        if raw is None:
            return out
        e = int.from_bytes(raw, "little")
        out.append((level, idx, table + idx * 8, e))
        if not e & 1 or shift == 12 or (shift in (30, 21) and e & 0x80):
            return out
        table = e & PHYS_MASK
    return out


def level_shift(level):
    return dict(LEVELS)[level]


def is_leaf(level, _idx, _addr, entry):
    """A present entry that maps a page: a PTE, or a PUD/PMD with PSE (1 GiB / 2 MiB)."""
    return bool(entry & 1) and (level == "PTE" or (level in ("PUD", "PMD") and bool(entry & 0x80)))


def walk(read, cr3, vaddr, size):
    """[(vaddr offset, paddr, length)] covering virtual [vaddr, vaddr + size) through the 4-level
    page tables at @cr3, physically contiguous pieces merged; None when part of it is not mapped.
    @read(paddr, size) returns guest-physical bytes or None."""
    pieces = []
    pos, end = vaddr, vaddr + size
    while pos < end:
        path = levels(read, cr3, pos)
        if not path or not is_leaf(*path[-1]):
            return None
        level, _, _, e = path[-1]
        page = 1 << level_shift(level)
        frame = e & PHYS_MASK & ~(page - 1)
        paddr = frame + (pos & (page - 1))
        length = min(page - (pos & (page - 1)), end - pos)
        if pieces and pieces[-1][1] + pieces[-1][2] == paddr:
            pieces[-1][2] += length
        else:
            pieces.append([pos - vaddr, paddr, length])
        pos += length
    return [tuple(p) for p in pieces]
