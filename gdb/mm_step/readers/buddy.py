"""The buddy allocator (mm/page_alloc.c): free lists, migratetypes, /proc/pagetypeinfo's counts."""
from .. import freelist, pageblock
from ..guest import dwarf, memory
from ..model import MMError

WALK_LIMIT = 2000       # guest reads before the bulk memmap snapshot is the cheaper way


def _zone(snap, nid, zone_index):
    return next(n for n in snap.nodes() if n.nid == nid).zones[zone_index]


def free_lists(snap, nid, zone_index):
    """[order][migratetype] -> the head pfns on that free list, walked in the memmap snapshot."""
    return freelist.walk(_zone(snap, nid, zone_index), snap.memmap(), snap.page_field_offsets()["lru"],
                         snap.vmemmap_base())


def free_list_counts(snap, nid, zone_index):
    """[order][migratetype] -> entries, with few guest reads (freelist.count)."""
    return freelist.count(_zone(snap, nid, zone_index), memory.read_u64, WALK_LIMIT,
                          lambda: freelist.lengths(snap.free_lists(nid, zone_index)))


def migratetype_names(snap):
    """The kernel's migratetype_names[] (MIGRATE_TYPES entries, as its config has them)."""
    names = dwarf.string_array("migratetype_names")
    if not names:
        raise MMError("this kernel has no migratetype_names (mm/page_alloc.c)")
    return names


def pageblock_counts(snap, nid, zone_index):
    """Pageblocks per migratetype in the zone (pageblock.counts)."""
    zone = _zone(snap, nid, zone_index)
    mirror = dwarf.find_symbol("mirrored_kernelcore")
    return pageblock.counts(zone, snap.usemaps(), {s.nr for s in snap.sections() if s.has_mem_map},
                            snap.memblock("memory").regions, len(snap.migratetype_names()),
                            mirror=mirror is not None and bool(int(mirror.value())))


def blocks(snap):
    """(pfn, order) of every block on a free list of the nodes past free_area_init_core, None
    before any node has free lists."""
    core = snap.nodes_past("free_area_init_core")
    if not core:
        return None
    return freelist.blocks([n for n in snap.nodes() if n.nid in core], snap.free_lists)
