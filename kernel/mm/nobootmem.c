/*
 * mm/nobootmem.c (Linux 4.19): the end of memblock as the allocator. Reserved memory becomes
 * PG_reserved pages; every free range is handed to the buddy allocator in the largest
 * naturally aligned blocks that fit.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <linux/bootmem.h>
#include <linux/string.h>
#include <asm/setup.h>

/*
 * The bootmem interface on top of memblock (CONFIG_NO_BOOTMEM). memblock=debug names the caller
 * of memblock_reserve, so every alloc_bootmem* shows up as __alloc_memory_core_early.
 */
static noinline void *__alloc_memory_core_early(int nid, u64 size, u64 align, u64 goal, u64 limit)
{
	phys_addr_t addr;
	void *ptr;

	if (limit > memblock.current_limit)
		limit = memblock.current_limit;

	addr = memblock_find_in_range_node(size, align, goal, limit, nid, choose_memblock_flags());
	if (!addr || memblock_reserve(addr, size))
		return NULL;

	ptr = __va(addr);
	memset(ptr, 0, size);
	return ptr;
}

/* First above goal, then anywhere: no node preference. */
static void *___alloc_bootmem_nopanic(unsigned long size, unsigned long align, unsigned long goal,
				      unsigned long limit)
{
	void *ptr;

	for (;;) {
		ptr = __alloc_memory_core_early(NUMA_NO_NODE, size, align, goal, limit);
		if (ptr || !goal)
			return ptr;
		goal = 0;
	}
}

void *__alloc_bootmem_nopanic(unsigned long size, unsigned long align, unsigned long goal)
{
	return ___alloc_bootmem_nopanic(size, align, goal, -1UL);
}

void *__alloc_bootmem(unsigned long size, unsigned long align, unsigned long goal)
{
	void *mem = ___alloc_bootmem_nopanic(size, align, goal, -1UL);

	if (!mem)
		panic("Out of memory");
	return mem;
}

/* The node's memory first, then any node's; above goal first, then anywhere. */
void *__alloc_bootmem_node_nopanic(struct pglist_data *pgdat, unsigned long size, unsigned long align,
				   unsigned long goal)
{
	void *ptr;

	for (;;) {
		ptr = __alloc_memory_core_early(pgdat->node_id, size, align, goal, 0);
		if (!ptr)
			ptr = __alloc_memory_core_early(NUMA_NO_NODE, size, align, goal, 0);
		if (ptr || !goal)
			return ptr;
		goal = 0;
	}
}

noinline void free_bootmem(unsigned long addr, unsigned long size)
{
	memblock_free(addr, size);
}

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
