"""One snapshot per stop: everything the commands, mm export, mm map, mm check, mm diff and the
stop banner read, built lazily per structure and read once per stop.

What exists at a stop comes from the kernel's own record (readers.kernel: how often each phase
has finished, and which nodes have passed each per-node phase), never from assumptions about the
order of phases or nodes. require() is the one rule for "not yet"; its message names the
checkpoint to go to.
"""
from dataclasses import dataclass

from . import checkpoints
from .guest import memory
from .model import MMError
from .readers import buddy, e820, kernel, memblock, mmzone, numa, page, sparse

# name -> reader(snapshot, *args); snap.NAME(*args) reads it once per stop
READERS = {
    "e820": e820.table,
    "memblock_config": memblock.config, "memblock_raw": memblock.raw, "memblock": memblock.regions,
    "numa_meminfo": numa.meminfo, "numa_distance_raw": numa.distance_raw, "numa_distance": numa.distance,
    "nodemask": numa.nodemask, "node_data": numa.node_data, "node_states": numa.node_states, "numa_view": numa.view,
    "sections_per_root": sparse.per_root, "section_roots": sparse.roots, "sections": sparse.sections,
    "section_of_pfn": sparse.section_of_pfn, "usemaps": sparse.usemaps, "memmap_backing": sparse.memmap_backing,
    "nr_zones": mmzone.nr_zones, "pageset": mmzone.pageset, "pgdats": mmzone.pgdats,
    "nodes": mmzone.nodes, "zone_names": mmzone.zone_names,
    "vmstat_names": mmzone.vmstat_names, "zone_pfn_ranges": mmzone.zone_pfn_ranges, "dma_reserve": mmzone.dma_reserve,
    "page_size": page.page_size, "vmemmap_base": page.vmemmap_base, "page_field_offsets": page.field_offsets,
    "page_flags_layout": page.flags_layout, "page": page.page, "pageblock_migratetype": page.pageblock_migratetype,
    "memmap": page.memmap,
    "free_lists": buddy.free_lists, "free_list_counts": buddy.free_list_counts,
    "migratetype_names": buddy.migratetype_names, "pageblock_counts": buddy.pageblock_counts,
    "free_blocks": buddy.blocks,
}


@dataclass(frozen=True)
class Where:
    count: int          # the kernel's stop count; 0 = before the first checkpoint
    index: int          # the checkpoint's index, -1 before the first
    nid: int            # the node of a per-node checkpoint, else -1
    ended: bool         # at the kernel's exit, after the last checkpoint

    @property
    def checkpoint(self):
        table = kernel.KERNEL.table()
        return table[self.index] if self.count and 0 <= self.index < len(table) else None


class Snapshot:
    def __init__(self, where, record, kernel_=kernel.KERNEL):
        self.where = where
        self.record = record
        self.kernel = kernel_
        self._memo = {}

    def __getattr__(self, name):
        fn = READERS.get(name)
        if fn is None:
            raise AttributeError(name)

        def read(*args):
            key = (name,) + args
            if key not in self._memo:
                self._memo[key] = fn(self, *args)
            return self._memo[key]
        read.__name__ = name
        return read

    def get(self, name, *args):
        """The structure, or None when it does not exist (yet) at this stop."""
        try:
            return getattr(self, name)(*args)
        except MMError:
            return None

    # ---- what exists at this stop ---------------------------------------------------------------
    def passed(self, cp_name):
        """Whether checkpoint @cp_name has been reached (this stop included)."""
        cp = checkpoints.by_name(cp_name, self.kernel.table())
        return self.where.ended or (cp is not None and self.record.passes[cp.index] > 0)

    def nodes_past(self, cp_name):
        """The nids that have passed per-node checkpoint @cp_name (this stop included)."""
        return set(self.record.nodes[checkpoints.by_name(cp_name, self.kernel.table()).index])

    def require(self, cp_name, what):
        """MMError unless checkpoint @cp_name has been reached: "@what at checkpoint ..."."""
        if self.passed(cp_name):
            return
        table = self.kernel.table()
        cp = checkpoints.by_name(cp_name, table)
        at = f"{what} at checkpoint {cp.name} ({cp.number}/{len(table)})"
        cur = self.where.checkpoint
        if cur is None:
            raise MMError(f"{at}; the machine is before the first checkpoint: mm-goto {cp.name}")
        raise MMError(f"{at}; you are at {cur.name} ({cur.number}/{len(table)})")

    # ---- the whole state, for mm export and mm map ------------------------------------------------
    def state(self):
        w = self.where
        cp = w.checkpoint
        out = {"stop": w.count, "checkpoint": cp.name if cp else None, "node": w.nid if w.nid >= 0 else None,
               "ended": w.ended}
        for key, name, args in (("e820", "e820", ()), ("memblock_memory", "memblock", ("memory",)),
                                ("memblock_reserved", "memblock", ("reserved",)),
                                ("numa_meminfo", "numa_meminfo", ()), ("sections", "sections", ()),
                                ("nodes", "nodes", ())):
            out[key] = self.get(name, *args)
        return out


_current = []


def _forget():
    _current.clear()


memory.on_invalidate(_forget)


def current(where=None):
    """The snapshot of the current stop (built at the first use after the target stopped)."""
    if not _current:
        if where is None:
            from .nav import NAV
            where = NAV.where()
        w = Where(*where)
        rec = kernel.KERNEL.record() if w.count else kernel.Record.empty(len(kernel.KERNEL.table()))
        _current.append(Snapshot(w, rec))
    return _current[0]
