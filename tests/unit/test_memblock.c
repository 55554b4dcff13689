/* memblock (mm/memblock.c): region bookkeeping, node marking, allocation, iteration. */
/* Kernel headers reach the host test through tests/unit/{linux,asm} (symlinks into kernel/). */
#define MM_STEP_HOSTED
#include "unit.h"
#include "memblock_reset.h"
#include <linux/memblock.h>
#include <linux/bootmem.h>

extern phys_addr_t hosted_kernel_end;
void unit_reset(void)
{
	memblock_reset();
	hosted_kernel_end = 0x2000000;
}

#define R(type, i) (memblock.type.regions[i])
#define EXPECT_REGION(type, i, b, s, n) do {				\
	EXPECT_EQ(R(type, i).base, b); EXPECT_EQ(R(type, i).size, s);	\
	EXPECT_EQ(R(type, i).nid, n); } while (0)

TEST(empty_dummy_entry)
{
	EXPECT_EQ(memblock.memory.cnt, 1);
	EXPECT_EQ(memblock.memory.max, INIT_MEMBLOCK_REGIONS);
	EXPECT_EQ(R(memory, 0).size, 0);
	EXPECT_EQ(memblock.current_limit, MEMBLOCK_ALLOC_ANYWHERE);
	EXPECT_EQ(memblock.bottom_up, 0);
	EXPECT_STR(memblock.reserved.name, "reserved");
}

TEST(add_fills_slot_0_then_merges_neighbours)
{
	memblock_add(0x1000, 0x1000);
	EXPECT_EQ(memblock.memory.cnt, 1);
	EXPECT_REGION(memory, 0, 0x1000, 0x1000, MAX_NUMNODES);
	memblock_add(0x3000, 0x1000);
	EXPECT_EQ(memblock.memory.cnt, 2);
	memblock_add(0x2000, 0x1000);		/* fills the hole: all three merge */
	EXPECT_EQ(memblock.memory.cnt, 1);
	EXPECT_REGION(memory, 0, 0x1000, 0x3000, MAX_NUMNODES);
	EXPECT_EQ(memblock.memory.total_size, 0x3000);
}

TEST(add_overlapping_inserts_only_the_uncovered_parts)
{
	memblock_add(0x10000, 0x10000);
	memblock_add(0x30000, 0x10000);
	memblock_add(0x8000, 0x40000);		/* covers both and the gaps around them */
	EXPECT_EQ(memblock.memory.cnt, 1);
	EXPECT_REGION(memory, 0, 0x8000, 0x40000, MAX_NUMNODES);
	EXPECT_EQ(memblock.memory.total_size, 0x40000);
	memblock_add(0x9000, 0x1000);		/* fully inside: nothing changes */
	EXPECT_EQ(memblock.memory.cnt, 1);
	EXPECT_EQ(memblock.memory.total_size, 0x40000);
}

TEST(add_keeps_sorted_order)
{
	memblock_add(0x50000, 0x1000);
	memblock_add(0x10000, 0x1000);
	memblock_add(0x30000, 0x1000);
	EXPECT_EQ(memblock.memory.cnt, 3);
	EXPECT_EQ(R(memory, 0).base, 0x10000);
	EXPECT_EQ(R(memory, 1).base, 0x30000);
	EXPECT_EQ(R(memory, 2).base, 0x50000);
}

TEST(add_caps_size_at_the_top_of_the_address_space)
{
	memblock_add(~0ULL - 0xfff, 0x10000);
	EXPECT_EQ(R(memory, 0).size, 0xfff);
}

TEST(remove_splits_a_region)
{
	memblock_add(0x100000, 0x300000);
	memblock_remove(0x200000, 0x100000);
	EXPECT_EQ(memblock.memory.cnt, 2);
	EXPECT_REGION(memory, 0, 0x100000, 0x100000, MAX_NUMNODES);
	EXPECT_REGION(memory, 1, 0x300000, 0x100000, MAX_NUMNODES);
	EXPECT_EQ(memblock.memory.total_size, 0x200000);
}

TEST(remove_everything_leaves_the_dummy_entry)
{
	memblock_add(0x100000, 0x1000);
	memblock_remove(0, 0x200000);
	EXPECT_EQ(memblock.memory.cnt, 1);
	EXPECT_REGION(memory, 0, 0, 0, MAX_NUMNODES);
	EXPECT_EQ(memblock.memory.total_size, 0);
}

TEST(reserve_and_free)
{
	memblock_reserve(0x1000, 0x3000);
	memblock_reserve(0x2000, 0x4000);	/* overlaps: merged */
	EXPECT_EQ(memblock.reserved.cnt, 1);
	EXPECT_REGION(reserved, 0, 0x1000, 0x5000, MAX_NUMNODES);
	memblock_free(0x3000, 0x1000);
	EXPECT_EQ(memblock.reserved.cnt, 2);
	EXPECT_REGION(reserved, 0, 0x1000, 0x2000, MAX_NUMNODES);
	EXPECT_REGION(reserved, 1, 0x4000, 0x2000, MAX_NUMNODES);
	EXPECT_EQ(memblock.reserved.total_size, 0x4000);
	EXPECT(memblock_is_reserved(0x1fff));
	EXPECT(!memblock_is_reserved(0x3000));
	EXPECT(memblock_is_region_reserved(0x2fff, 2));
	EXPECT(!memblock_is_region_reserved(0x3000, 0x1000));
}

TEST(memory_queries)
{
	memblock_add(0x1000, 0x9e000);
	memblock_add(0x100000, 0x7fee0000);
	EXPECT_EQ(memblock_start_of_DRAM(), 0x1000);
	EXPECT_EQ(memblock_end_of_DRAM(), 0x7ffe0000);
	EXPECT_EQ(memblock_phys_mem_size(), 0x7ff7e000);
	EXPECT(memblock_is_memory(0x1000));
	EXPECT(!memblock_is_memory(0x9f000));
	EXPECT(memblock_is_region_memory(0x100000, 0x1000));
	EXPECT(!memblock_is_region_memory(0x9e000, 0x2000));
	EXPECT(memblock_overlaps_region(&memblock.memory, 0x9f000, 0x62000));
	EXPECT(!memblock_overlaps_region(&memblock.memory, 0x9f000, 0x61000));
}

TEST(set_node_splits_at_node_borders)
{
	memblock_add(0x1000, 0x9e000);
	memblock_add(0x100000, 0x7ff00000);	/* up to 0x80000000 */
	memblock_set_node(0, 0x40000000, &memblock.memory, 0);
	memblock_set_node(0x40000000, 0x40000000, &memblock.memory, 1);
	EXPECT_EQ(memblock.memory.cnt, 3);
	EXPECT_REGION(memory, 0, 0x1000, 0x9e000, 0);
	EXPECT_REGION(memory, 1, 0x100000, 0x3ff00000, 0);
	EXPECT_REGION(memory, 2, 0x40000000, 0x40000000, 1);
	EXPECT_EQ(memblock.memory.total_size, 0x7ff9e000);
	/* same node again: the split stays, nothing merges across the node border */
	memblock_set_node(0, 0x80000000, &memblock.memory, 0);
	EXPECT_EQ(memblock.memory.cnt, 2);
	EXPECT_REGION(memory, 1, 0x100000, 0x7ff00000, 0);
}

TEST(hotplug_flag_splits_and_merges_back)
{
	memblock_add(0x100000, 0x300000);
	memblock_mark_hotplug(0x200000, 0x100000);
	EXPECT_EQ(memblock.memory.cnt, 3);
	EXPECT_EQ(R(memory, 1).flags, MEMBLOCK_HOTPLUG);
	EXPECT_EQ(R(memory, 0).flags, MEMBLOCK_NONE);
	memblock_clear_hotplug(0x200000, 0x100000);
	EXPECT_EQ(memblock.memory.cnt, 1);
}

/* The 2 GiB SeaBIOS machine: memory after e820__memblock_setup, a few early reservations. */
static void pc_2g(void)
{
	memblock_add(0x1000, 0x9e000);
	memblock_add(0x100000, 0x7fee0000);
	memblock_reserve(0, 0x10000);
	memblock_reserve(0x1000000, 0x1000000);	/* a "kernel image" at 16 MiB */
}

TEST(alloc_is_top_down_below_current_limit)
{
	pc_2g();
	EXPECT_EQ(memblock_alloc(0x1000, 0x1000), 0x7ffdf000);
	EXPECT_EQ(memblock_alloc(0x100, 0x40), 0x7ffdef00);
	EXPECT_EQ(memblock.reserved.cnt, 3);
	EXPECT_REGION(reserved, 2, 0x7ffdef00, 0x1100, MAX_NUMNODES);
	memblock_set_current_limit(0x100000);
	EXPECT_EQ(memblock_alloc(0x1000, 0x1000), 0x9e000);
	EXPECT_EQ(memblock_find_in_range(0, 0x100000, 0x9e000, PAGE_SIZE), 0);
	EXPECT_EQ(memblock_find_in_range(0, 0x100000, 0x8e000, PAGE_SIZE), 0x10000);
}

TEST(alloc_goes_around_reservations)
{
	pc_2g();
	memblock_reserve(0x7ff00000, 0xe0000);	/* top 1 MiB taken but for 0x1000 */
	memblock_free(0x7ff80000, 0x1000);
	EXPECT_EQ(memblock_alloc(0x1000, 0x1000), 0x7ff80000);
	EXPECT_EQ(memblock_alloc(0x2000, 0x1000), 0x7fefe000);
}

TEST(find_in_range_never_returns_page_0)
{
	memblock_add(0, 0x2000);
	EXPECT_EQ(memblock_find_in_range(0, 0x2000, 0x1000, 0x1000), 0x1000);
	EXPECT_EQ(memblock_find_in_range(0, 0x2000, 0x2000, 0x1000), 0);
}

TEST(alloc_bottom_up_starts_above_the_kernel)
{
	pc_2g();
	memblock_set_bottom_up(true);
	EXPECT_EQ(memblock_find_in_range(0, 0x7ffe0000, 0x1000, 0x1000), 0x2000000);
	memblock_reserve(0x2000000, 0x1800);
	EXPECT_EQ(memblock_alloc(0x1000, 0x1000), 0x2002000);
	/* end below the kernel image: top-down as usual */
	EXPECT_EQ(memblock_find_in_range(0, 0x100000, 0x1000, 0x1000), 0x9e000);
}

TEST(alloc_for_a_node)
{
	memblock_add(0x100000, 0x7ff00000);
	memblock_set_node(0, 0x40000000, &memblock.memory, 0);
	memblock_set_node(0x40000000, 0x40000000, &memblock.memory, 1);
	EXPECT_EQ(memblock_alloc_nid(0x1000, 0x1000, 0), 0x3ffff000);
	EXPECT_EQ(memblock_alloc_try_nid(0x1000, 0x1000, 1), 0x7ffff000);
	EXPECT_EQ(memblock_alloc_nid(0x80000000, 0x1000, 1), 0);
}

TEST(alloc_failure_panics_with_linux_message)
{
	memblock_add(0x100000, 0x100000);
	EXPECT(PANICS(memblock_alloc(0x200000, 0x1000)));
	EXPECT_LOG_CONTAINS("Kernel panic - not syncing: ERROR: Failed to allocate "
			    "0x0000000000200000 bytes below 0x0000000000000000.");
}

TEST(virt_alloc_zeroes_and_falls_back)
{
	char *p;

	pc_2g();
	p = memblock_virt_alloc(64, 0);
	EXPECT_EQ(__pa(p), 0x7ffdffc0);
	EXPECT_EQ(p[0] | p[63], 0);
	/* min_addr above all memory: retried from 0 */
	p = memblock_virt_alloc_try_nid_nopanic(0x1000, PAGE_SIZE, 0x100000000ULL,
						BOOTMEM_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
	EXPECT_EQ(__pa(p), 0x7ffde000);
	/* node 3 has no memory: any node */
	p = memblock_virt_alloc_node(0x1000, 3);
	EXPECT_EQ(__pa(p), 0x7ffdd000);
	EXPECT(memblock_virt_alloc_nopanic(0x100000000ULL, 0) == NULL);
	EXPECT(PANICS(memblock_virt_alloc(0x100000000ULL, PAGE_SIZE)));
	EXPECT_LOG_CONTAINS("memblock_virt_alloc_try_nid: Failed to allocate 4294967296 bytes "
			    "align=0x1000 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000");
	memblock_free_early(0x7ffdd000, 0x1000);
	EXPECT(!memblock_is_reserved(0x7ffdd000));
}

TEST(virt_alloc_low_stays_below_4g)
{
	memblock_add(0x100000, 0x17ff00000ULL);	/* up to 6 GiB */
	/* the limit 0xffffffff is inclusive-looking but used as an end: the last page is never taken */
	EXPECT_EQ(__pa(memblock_virt_alloc_low(0x1000, PAGE_SIZE)), 0xffffe000);
}

TEST(double_array_grows_from_memblock_itself)
{
	int i;

	memblock_add(0x100000, 0x7ff00000);
	memblock_allow_resize();
	for (i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		memblock_reserve(0x200000 + i * 0x2000, 0x1000);
	EXPECT_EQ(memblock.reserved.max, INIT_MEMBLOCK_REGIONS);	/* exactly full */
	memblock_reserve(0x200000 + i * 0x2000, 0x1000);
	/* the 129th region: the array doubled, its new 8 KiB placed top-down and reserved */
	EXPECT_EQ(memblock.reserved.max, 2 * INIT_MEMBLOCK_REGIONS);
	EXPECT_EQ(__pa(memblock.reserved.regions), 0x7fffe000);
	EXPECT_EQ(memblock.reserved.cnt, INIT_MEMBLOCK_REGIONS + 2);
	EXPECT_REGION(reserved, 128, 0x300000, 0x1000, MAX_NUMNODES);
	EXPECT_REGION(reserved, 129, 0x7fffe000, 0x2000, MAX_NUMNODES);
	EXPECT_EQ(memblock.reserved.total_size, (INIT_MEMBLOCK_REGIONS + 1) * 0x1000 + 0x2000);
}

TEST(double_array_memory)
{
	int i;

	memblock_allow_resize();
	memblock_add(0x10000000, 0x10000000);
	for (i = 1; i <= INIT_MEMBLOCK_REGIONS; i++)
		memblock_add(0x100000 + i * 0x2000, 0x1000);
	EXPECT_EQ(memblock.memory.max, 2 * INIT_MEMBLOCK_REGIONS);
	/* the memory array is allocated from the highest free memory and reserved */
	EXPECT_EQ(__pa(memblock.memory.regions), 0x1fffe000);
	EXPECT(memblock_is_reserved(0x1fffe000));
	EXPECT_EQ(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS + 1);
}

TEST(trim_memory_rounds_inwards_and_drops)
{
	memblock_add(0x0, 0x9fc00);
	memblock_add(0xf0800, 0x400);		/* vanishes */
	memblock_add(0x100000, 0x7fee0000);
	memblock_trim_memory(PAGE_SIZE);
	EXPECT_EQ(memblock.memory.cnt, 2);
	EXPECT_REGION(memory, 0, 0x0, 0x9f000, MAX_NUMNODES);
	EXPECT_REGION(memory, 1, 0x100000, 0x7fee0000, MAX_NUMNODES);
	/* Linux does not adjust total_size for trimmed edges */
	EXPECT_EQ(memblock.memory.total_size, 0x9fc00 + 0x7fee0000);
}

TEST(pfn_range_iteration)
{
	unsigned long start, end;
	int i, nid, n = 0;
	unsigned long got[3][3];

	memblock_add(0x800, 0x9f400);		/* pfns 1..0x9f */
	memblock_add(0xa0000, 0x800);		/* no whole page: skipped */
	memblock_add(0x100000, 0x7fee0000);
	memblock_set_node(0, 0x40000000, &memblock.memory, 0);
	memblock_set_node(0x40000000, 0x40000000, &memblock.memory, 1);
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, &nid) {
		got[n][0] = start, got[n][1] = end, got[n][2] = nid;
		n++;
	}
	EXPECT_EQ(n, 3);
	EXPECT_EQ(got[0][0], 0x1); EXPECT_EQ(got[0][1], 0x9f); EXPECT_EQ(got[0][2], 0);
	EXPECT_EQ(got[1][0], 0x100); EXPECT_EQ(got[1][1], 0x40000); EXPECT_EQ(got[1][2], 0);
	EXPECT_EQ(got[2][0], 0x40000); EXPECT_EQ(got[2][1], 0x7ffe0); EXPECT_EQ(got[2][2], 1);
	n = 0;
	for_each_mem_pfn_range(i, 1, &start, &end, NULL)
		n++;
	EXPECT_EQ(n, 1);
}

TEST(free_range_iteration)
{
	phys_addr_t s, e, out[4][2];
	u64 i;
	int n = 0;

	pc_2g();
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL) {
		out[n][0] = s, out[n][1] = e;
		n++;
	}
	EXPECT_EQ(n, 3);
	EXPECT_EQ(out[0][0], 0x10000); EXPECT_EQ(out[0][1], 0x9f000);
	EXPECT_EQ(out[1][0], 0x100000); EXPECT_EQ(out[1][1], 0x1000000);
	EXPECT_EQ(out[2][0], 0x2000000); EXPECT_EQ(out[2][1], 0x7ffe0000);
	n = 0;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL) {
		if (n == 0) {
			EXPECT_EQ(s, 0x2000000);
			EXPECT_EQ(e, 0x7ffe0000);
		}
		if (n == 2) {
			EXPECT_EQ(s, 0x10000);
			EXPECT_EQ(e, 0x9f000);
		}
		n++;
	}
	EXPECT_EQ(n, 3);
}

TEST(reserved_region_iteration)
{
	phys_addr_t s, e;
	u64 i;
	int n = 0;

	memblock_reserve(0x1000, 0x1000);
	memblock_reserve(0x5000, 0x1000);
	for_each_reserved_mem_region(i, &s, &e)
		n++;
	EXPECT_EQ(n, 2);
	EXPECT_EQ(s, 0x5000);
	EXPECT_EQ(e, 0x5fff);
}

TEST(dump_all_format)
{
	memblock_debug = 1;
	memblock_add(0x1000, 0x9e000);
	memblock_reserve(0, 0x10000);
	memblock_set_node(0, 0x100000, &memblock.memory, 0);
	memblock_dump_all();
	EXPECT_LOG_CONTAINS("memblock_add: [0x0000000000001000-0x000000000009efff] ");
	EXPECT_LOG_CONTAINS("memblock_reserve: [0x0000000000000000-0x000000000000ffff] ");
	EXPECT_LOG_CONTAINS("MEMBLOCK configuration:\n"
			    " memory size = 0x000000000009e000 reserved size = 0x0000000000010000\n"
			    " memory.cnt  = 0x1\n"
			    " memory[0x0]\t[0x0000000000001000-0x000000000009efff], 0x000000000009e000 bytes on node 0 flags: 0x0\n"
			    " reserved.cnt  = 0x1\n"
			    " reserved[0x0]\t[0x0000000000000000-0x000000000000ffff], 0x0000000000010000 bytes flags: 0x0\n");
}

TEST(dump_silent_without_debug)
{
	memblock_add(0x1000, 0x1000);
	memblock_dump_all();
	EXPECT_STR(console_log, "");
}
