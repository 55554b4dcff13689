"""web/labels.py on memblock=debug lines as the replay (and Linux 4.19) prints them: exact ranges."""
from mm_step.web import labels

LOG = """\
[    0.000000] memblock_reserve: [0x000000000009f000-0x00000000000fffff] reserve_bios_regions+0x5e/0x60
[    0.000000] memblock_reserve: [0x0000000000000000-0x000000000000ffff] setup_arch+0x128/0x180
[    0.000000] memblock_reserve: [0x00000000bffdb000-0x00000000bffdffff] memblock_alloc_nid+0x68/0x90
[    0.000000] memblock_virt_alloc_try_nid_raw: 50331648 bytes align=0x1000 nid=0 from=0x0000000001000000 max_addr=0x0000000000000000 sparse_init_nid+0xc4/0x520
[    0.000000] memblock_reserve: [0x00000000bcfd9000-0x00000000bffd8fff] memblock_virt_alloc_internal+0xd8/0x170
[    0.000000] memblock_virt_alloc_try_nid_raw: 4096 bytes align=0x1000 nid=0 from=0x0000000001000000 max_addr=0x0000000000000000 __earlyonly_bootmem_alloc+0x19/0x20
[    0.000000] memblock_reserve: [0x00000000bcfd8000-0x00000000bcfd8fff] memblock_virt_alloc_internal+0xd8/0x170
[    0.000000] memblock_virt_alloc_try_nid_raw: 2097152 bytes align=0x200000 nid=1 from=0x0000000001000000 max_addr=0x0000000000000000 __earlyonly_bootmem_alloc+0x19/0x20
[    0.000000] memblock_reserve: [0x00000001bcc00000-0x00000001bcdfffff] memblock_virt_alloc_internal+0xd8/0x170
[    0.000000] __memblock_free_early: [0x00000000bfe00000-0x00000000bffd8fff] sparse_init_nid+0x39c/0x520
[    0.000000] memblock_reserve: [0x0000000000099000-0x000000000009efff] some_new_caller+0x44/0x90
""".splitlines()


def test_callers_become_purposes_and_frees_are_taken_out():
    got = [(l.start, l.end, l.what, l.group, l.source) for l in labels.from_log(LOG)]
    assert got == [
        (0x9f000, 0x100000, "BIOS regions below 1 MiB (EBDA to 1 MiB)", "firmware", "log: reserve_bios_regions"),
        (0x0, 0x10000, "low memory kept from the allocator (X86_RESERVE_LOW)", "firmware", "log: setup_arch"),
        (0xbffdb000, 0xbffe0000, "NODE_DATA (pg_data_t)", "numa", "log: memblock_alloc_nid"),
        (0xbcfd9000, 0xbfe00000, "memmap: struct pages, the sparse buffer (sparse_init_nid), node 0", "memmap",
         "log: sparse_init_nid"),
        (0xbcfd8000, 0xbcfd9000, "vmemmap page table, node 0", "vmemmap", "log: __earlyonly_bootmem_alloc"),
        (0x1bcc00000, 0x1bce00000, "memmap: 2 MiB of struct pages (vmemmap block), node 1", "memmap",
         "log: __earlyonly_bootmem_alloc"),
        (0x99000, 0x9f000, "reserved by some_new_caller", "other", "log: some_new_caller"),
    ]


def test_snapshot_labels_win_and_a_region_is_covered_in_order():
    snap = [labels.Label(0xbffdb000, 0xbffdf680, "NODE_DATA(0)", "numa", "snapshot: node_data[]")]
    both = labels.combine(snap, labels.from_log(LOG))
    parts = labels.of_region(both, 0xbffda000, 0xbffe0000)
    gap = labels.UNLABELLED
    assert parts == [(0xbffda000, 0xbffdb000, gap, "other", ""),
                     (0xbffdb000, 0xbffdf680, "NODE_DATA(0)", "numa", "snapshot: node_data[]"),
                     (0xbffdf680, 0xbffe0000, "NODE_DATA (pg_data_t)", "numa", "log: memblock_alloc_nid")]
    assert labels.merge_runs([(0x10, 0x40), (0x40, 0x70), (0x100, 0x130)], "usemaps", "sparse", "s") == [
        labels.Label(0x10, 0x70, "usemaps", "sparse", "s"), labels.Label(0x100, 0x130, "usemaps", "sparse", "s")]


def test_the_walk_names_the_level_of_a_logged_page_table():
    """The log knows a vmemmap page table's caller and node, the page-table walk its level: both
    are said. A walk's label on another range, or that says less, changes nothing."""
    walk = [labels.Label(0xbcfd8000, 0xbcfd9000, "vmemmap page table (a PUD table)", "vmemmap", "walk"),
            labels.Label(0x1bcc00000, 0x1bce00000, "memmap: struct pages, mapped at vmemmap", "memmap", "walk"),
            labels.Label(0xbcfd9000, 0xbcfda000, "vmemmap page table (a PMD table)", "vmemmap", "walk")]
    got = {(l.start, l.what, l.source) for l in labels.combine([], labels.from_log(LOG), walk)}
    assert (0xbcfd8000, "vmemmap page table (a PUD table), node 0", "log: __earlyonly_bootmem_alloc") in got
    assert (0x1bcc00000, "memmap: 2 MiB of struct pages (vmemmap block), node 1", "log: __earlyonly_bootmem_alloc") \
        in got
    assert (0xbcfd9000, "memmap: struct pages, the sparse buffer (sparse_init_nid), node 0", "log: sparse_init_nid") \
        in got and not any(w.startswith("vmemmap page table (a PMD") for _, w, _ in got)
