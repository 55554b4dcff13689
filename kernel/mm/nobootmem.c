/*
 * mm/nobootmem.c (Linux 4.19): the end of memblock as the allocator. Reserved memory becomes
 * PG_reserved pages; every free range is handed to the buddy allocator in the largest
 * naturally aligned blocks that fit.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <asm/setup.h>

static void __free_pages_memory(unsigned long start, unsigned long end)
{
	int order;

	while (start < end) {
		/* the largest block aligned at start (pfn 0 is always reserved on x86) */
		order = min(MAX_ORDER - 1UL, __ffs(start));

		while (start + (1UL << order) > end)
			order--;

		__free_pages_bootmem(pfn_to_page(start), start, order);

		start += (1UL << order);
	}
}

/* Whole pages of [start, end), below max_low_pfn (all of memory on x86_64). */
static unsigned long __free_memory_core(phys_addr_t start, phys_addr_t end)
{
	unsigned long start_pfn = PFN_UP(start);
	unsigned long end_pfn = min_t(unsigned long, PFN_DOWN(end), max_low_pfn);

	if (start_pfn >= end_pfn)
		return 0;

	__free_pages_memory(start_pfn, end_pfn);

	return end_pfn - start_pfn;
}

static unsigned long free_low_memory_core_early(void)
{
	unsigned long count = 0;
	phys_addr_t start, end;
	u64 i;

	memblock_clear_hotplug(0, -1);

	for_each_reserved_mem_region(i, &start, &end)
		reserve_bootmem_region(start, end);

	/* NUMA_NO_NODE: free memory of every node, in address order */
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL)
		count += __free_memory_core(start, end);

	return count;
}

/* managed_pages was an estimate (present - memmap - dma_reserve): count it again, page by page. */
static void reset_all_zones_managed_pages(void)
{
	int nid;

	for_each_online_node(nid) {
		struct zone *z;

		for (z = NODE_DATA(nid)->node_zones; z < NODE_DATA(nid)->node_zones + MAX_NR_ZONES; z++)
			z->managed_pages = 0;
	}
}

/* Release free pages to the buddy allocator; returns how many. */
unsigned long free_all_bootmem(void)
{
	unsigned long pages;

	reset_all_zones_managed_pages();

	pages = free_low_memory_core_early();
	totalram_pages += pages;

	return pages;
}
