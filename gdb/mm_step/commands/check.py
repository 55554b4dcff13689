import gdb

from .. import invariants
from .base import Command, paint


class MmCheck(Command):
    """Check the invariants that hold at this stop.

Checks the memory-management invariants in guest memory at this checkpoint (those whose
structures exist yet): sections and their mem_map, zone and node page counts, every struct page's
node and zone, the buddy free lists against nr_free, NR_FREE_PAGES and memblock.reserved.
One line per invariant, OK or FAIL with the numbers; fails (for scripts) if any invariant fails.

Usage: mm check
Example: mm-goto last, then mm check"""
    name = "mm check"
    order = 24
    takes_args = False
    requires = ("e820__memblock_setup", "the structures exist")

    def run(self, _):
        results = invariants.check(check_state(self.snap()))
        if not results:
            return "nothing to check yet: the first invariants hold from sparse_init (mm-goto sparse_init)\n"
        out = "".join(paint(r.line()[:4], "dim" if r.pending else "ok" if r.ok else "fail") + r.line()[4:] + "\n"
                      for r in results)
        failed = sum(not r.ok for r in results)
        if failed:
            gdb.write(out)
            raise gdb.GdbError(f"{failed} invariant{'s' if failed > 1 else ''} failed")
        return out


def check_state(snap):
    """invariants.State from the snapshot: only the structures that exist at this stop."""
    nodes = snap.nodes() if snap.passed("numa_init") else []
    core = snap.nodes_past("free_area_init_core") if nodes else set()
    st = invariants.State(nodes, snap.nodes_past("calculate_node_totalpages") if nodes else set(), core)
    if snap.passed("sparse_init"):
        st.sections = snap.sections()
        st.vmemmap, st.page_size = snap.vmemmap_base(), snap.page_size()
    pages, deferred = snap.kernel.struct_pages()
    if core and pages and not snap.passed(pages):
        st.pages_later = pages
    elif core:
        st.memory = snap.memblock("memory").regions
        st.reserved = snap.memblock("reserved").regions
        st.memmap, st.layout, st.offsets = snap.memmap(), snap.page_flags_layout(), snap.page_field_offsets()
        st.free_lists = {(n.nid, z.index): snap.free_lists(n.nid, z.index)
                         for n in nodes if n.nid in core for z in n.zones}
        if deferred and not snap.passed(deferred):
            st.deferred_by = deferred
            st.deferred = {n.nid: n.first_deferred_pfn for n in nodes if n.first_deferred_pfn is not None
                           and n.first_deferred_pfn < n.node_start_pfn + n.node_spanned_pages}
    return st
