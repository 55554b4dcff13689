/*
 * mm/page_alloc.c (Linux 4.19), the boot-time half: zone and node sizes from memblock
 * (free_area_init_nodes), struct page initialisation (memmap_init_zone), zonelists, and the
 * buddy allocator's free path that free_all_bootmem() feeds (__free_one_page).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/memblock.h>
#include <linux/bootmem.h>
#include <linux/nodemask.h>
#include <linux/topology.h>
#include <linux/vmstat.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <mm_step/checkpoint.h>
#include <linux/percpu.h>
#include <asm/smp.h>
#include <mm_step/linux_build.h>

/*
 * Before NUMA init: every node possible, node 0 online. With CONFIG_NUMA the memory and CPU
 * states start empty (Linux 4.19 sets node 0's only without NUMA); free_area_init_nodes fills
 * N_MEMORY, and N_CPU is filled after mm init.
 */
nodemask_t node_states[NR_NODE_STATES] = {
	[N_POSSIBLE] = { { [0 ... BITS_TO_LONGS(MAX_NUMNODES) - 1] = ~0UL } },
	[N_ONLINE] = { { [0] = 1UL } },
};
int nr_node_ids = MAX_NUMNODES;
int nr_online_nodes = 1;
unsigned long totalram_pages;
unsigned long highest_memmap_pfn;
unsigned long nr_kernel_pages;
unsigned long nr_all_pages;
static unsigned long dma_reserve;
int page_group_by_mobility_disabled;
int movable_zone;
static enum zone_type policy_zone;
static unsigned long vm_total_pages;

const char * const zone_names[MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "Movable", "Device",
};

const char * const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};

/* Until setup_per_cpu_pageset(): pcp high 0, batch 1, so every free goes straight to the buddy lists. */
#define boot_pageset (*(struct per_cpu_pageset *)LINUX_PERCPU_BOOT_PAGESET)		/* per-cpu */
#define boot_nodestats (*(struct per_cpu_nodestat *)LINUX_PERCPU_BOOT_NODESTATS)	/* per-cpu */

static unsigned long arch_zone_lowest_possible_pfn[MAX_NR_ZONES];
static unsigned long arch_zone_highest_possible_pfn[MAX_NR_ZONES];
static unsigned long required_kernelcore;
static unsigned long required_kernelcore_percent;
static unsigned long required_movablecore;
static unsigned long required_movablecore_percent;
static unsigned long zone_movable_pfn[MAX_NUMNODES];
static bool mirrored_kernelcore;

/* ---------------------------------------------------------------- pageblock flags (usemap) */

static inline unsigned long *get_pageblock_bitmap(struct page *page, unsigned long pfn)
{
	return __pfn_to_section(pfn)->pageblock_flags;
}

static inline int pfn_to_bitidx(struct page *page, unsigned long pfn)
{
	pfn &= (PAGES_PER_SECTION - 1);
	return (pfn >> pageblock_order) * NR_PAGEBLOCK_BITS;
}

unsigned long get_pfnblock_flags_mask(struct page *page, unsigned long pfn,
				      unsigned long end_bitidx, unsigned long mask)
{
	unsigned long *bitmap = get_pageblock_bitmap(page, pfn);
	unsigned long bitidx = pfn_to_bitidx(page, pfn);
	unsigned long word_bitidx = bitidx / BITS_PER_LONG;

	bitidx &= (BITS_PER_LONG - 1);
	return (bitmap[word_bitidx] >> (BITS_PER_LONG - end_bitidx - 1 - bitidx)) & mask;
}

/* A pageblock's NR_PAGEBLOCK_BITS bits, counted from the top of each word down. */
void set_pfnblock_flags_mask(struct page *page, unsigned long flags, unsigned long pfn,
			     unsigned long end_bitidx, unsigned long mask)
{
	unsigned long *bitmap = get_pageblock_bitmap(page, pfn);
	unsigned long bitidx = pfn_to_bitidx(page, pfn);
	unsigned long word_bitidx = bitidx / BITS_PER_LONG;

	BUILD_BUG_ON(NR_PAGEBLOCK_BITS != 4);
	bitidx &= (BITS_PER_LONG - 1);
	bitidx += end_bitidx;
	mask <<= (BITS_PER_LONG - bitidx - 1);
	flags <<= (BITS_PER_LONG - bitidx - 1);
	bitmap[word_bitidx] = (bitmap[word_bitidx] & ~mask) | flags;
}

static int get_pfnblock_migratetype(struct page *page, unsigned long pfn)
{
	return get_pfnblock_flags_mask(page, pfn, PB_migrate_end, MIGRATETYPE_MASK);
}

static void set_pageblock_migratetype(struct page *page, int migratetype)
{
	if (unlikely(page_group_by_mobility_disabled && migratetype < MIGRATE_PCPTYPES))
		migratetype = MIGRATE_UNMOVABLE;

	set_pfnblock_flags_mask(page, (unsigned long)migratetype, page_to_pfn(page),
				PB_migrate_end, MIGRATETYPE_MASK);
}

/* ---------------------------------------------------------------- the buddy allocator's free path */

static inline unsigned int page_order(struct page *page)
{
	return page_private(page);
}

static inline void set_page_order(struct page *page, unsigned int order)
{
	set_page_private(page, order);
	__SetPageBuddy(page);
}

static inline void rmv_page_order(struct page *page)
{
	__ClearPageBuddy(page);
	set_page_private(page, 0);
}

/* buddy is free, of this order, and in the same zone: the two can merge. */
static inline int page_is_buddy(struct page *page, struct page *buddy, unsigned int order)
{
	if (PageBuddy(buddy) && page_order(buddy) == order) {
		if (page_zone_id(page) != page_zone_id(buddy))
			return 0;
		return 1;
	}
	return 0;
}

/* The buddy of the order-sized block at pfn differs from it in exactly bit 'order'. */
static inline unsigned long __find_buddy_pfn(unsigned long page_pfn, unsigned int order)
{
	return page_pfn ^ (1 << order);
}

/*
 * Free a 2^order block at pfn: while its buddy is free too, take the buddy off its list and
 * merge; put the result on free_area[order].free_list[migratetype].
 */
static inline void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
				   unsigned int order, int migratetype)
{
	unsigned long combined_pfn;
	unsigned long buddy_pfn = 0;
	struct page *buddy;
	unsigned int max_order;

	max_order = min_t(unsigned int, MAX_ORDER, pageblock_order + 1);

	if (likely(migratetype != MIGRATE_ISOLATE))
		__mod_zone_freepage_state(zone, 1 << order, migratetype);

continue_merging:
	while (order < max_order - 1) {
		buddy_pfn = __find_buddy_pfn(pfn, order);
		buddy = page + (buddy_pfn - pfn);

		if (!pfn_valid_within(buddy_pfn))
			goto done_merging;
		if (!page_is_buddy(page, buddy, order))
			goto done_merging;
		list_del(&buddy->lru);
		zone->free_area[order].nr_free--;
		rmv_page_order(buddy);
		combined_pfn = buddy_pfn & pfn;
		page = page + (combined_pfn - pfn);
		pfn = combined_pfn;
		order++;
	}
	if (max_order < MAX_ORDER) {
		/*
		 * Above pageblock_order, merge only if neither side is isolated (no isolated
		 * pageblocks exist at boot, so this always goes on).
		 */
		max_order++;
		goto continue_merging;
	}

done_merging:
	set_page_order(page, order);

	/*
	 * If the buddy of the next-highest order is free, this block is likely to merge soon:
	 * put it at the tail so it is not handed out first.
	 */
	if ((order < MAX_ORDER - 2) && pfn_valid_within(buddy_pfn)) {
		struct page *higher_page, *higher_buddy;

		combined_pfn = buddy_pfn & pfn;
		higher_page = page + (combined_pfn - pfn);
		buddy_pfn = __find_buddy_pfn(combined_pfn, order + 1);
		higher_buddy = higher_page + (buddy_pfn - combined_pfn);
		if (pfn_valid_within(buddy_pfn) && page_is_buddy(higher_page, higher_buddy, order + 1)) {
			list_add_tail(&page->lru, &zone->free_area[order].free_list[migratetype]);
			goto out;
		}
	}

	list_add(&page->lru, &zone->free_area[order].free_list[migratetype]);
out:
	zone->free_area[order].nr_free++;
}

/*
 * __free_pages(): the last reference is gone. Order 0 goes through free_unref_page() to the
 * per-cpu list, which with the boot pageset (high 0, batch 1) is drained at once to
 * __free_one_page(); higher orders go through __free_pages_ok(). Either way the block lands in
 * the buddy lists of its pageblock's migratetype. On the per-cpu way the page carries its
 * migratetype in page->index (set_pcppage_migratetype), and keeps it in the buddy lists.
 */
static void __free_pages(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	int migratetype;

	if (!page_ref_dec_and_test(page))
		return;
	migratetype = get_pfnblock_migratetype(page, pfn);
	if (order == 0)
		page->index = migratetype;	/* free_unref_page_prepare() */
	__free_one_page(page, pfn, page_zone(page), order, migratetype);
}

static void __free_pages_boot_core(struct page *page, unsigned int order)
{
	unsigned int nr_pages = 1 << order;
	struct page *p = page;
	unsigned int loop;

	for (loop = 0; loop < nr_pages; loop++, p++) {
		__ClearPageReserved(p);
		set_page_count(p, 0);
	}

	page_zone(page)->managed_pages += nr_pages;
	init_page_count(page);		/* set_page_refcounted */
	__free_pages(page, order);
}

/* No CONFIG_DEFERRED_STRUCT_PAGE_INIT in Debian's 4.19: every page is initialised already. */
void __free_pages_bootmem(struct page *page, unsigned long pfn, unsigned int order)
{
	__free_pages_boot_core(page, order);
}

/* Memory memblock handed out or firmware owns: PG_reserved, never freed to the buddy lists. */
void reserve_bootmem_region(phys_addr_t start, phys_addr_t end)
{
	unsigned long start_pfn = PFN_DOWN(start);
	unsigned long end_pfn = PFN_UP(end);

	for (; start_pfn < end_pfn; start_pfn++) {
		if (pfn_valid(start_pfn)) {
			struct page *page = pfn_to_page(start_pfn);

			/* Avoid false-positive PageTail() */
			INIT_LIST_HEAD(&page->lru);
			__SetPageReserved(page);
		}
	}
}

unsigned long nr_free_pages(void)
{
	return global_zone_page_state(NR_FREE_PAGES);
}

unsigned long get_num_physpages(void)
{
	int nid;
	unsigned long phys_pages = 0;

	for_each_online_node(nid)
		phys_pages += node_present_pages(nid);
	return phys_pages;
}

/*
 * The kernel image's parts. The replay's linker script has no separate init or rodata
 * sections: rodata is inside [_etext, _sdata) and init is 0.
 */
#ifdef MM_STEP_HOSTED
extern char _text[] __attribute__((weak)), _etext[] __attribute__((weak)),
	_sdata[] __attribute__((weak)), _edata[] __attribute__((weak)),
	__bss_start[] __attribute__((weak)), __bss_stop[] __attribute__((weak));
#endif

void mem_init_print_info(const char *str)
{
	unsigned long physpages, codesize, datasize, rosize, bss_size;

	physpages = get_num_physpages();
	codesize = _etext - _text;
	rosize = _sdata - _etext;
	datasize = _edata - _sdata;
	bss_size = __bss_stop - __bss_start;

	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK init, %luK bss, %luK reserved, %luK cma-reserved"
		"%s%s)\n",
		nr_free_pages() << (PAGE_SHIFT - 10),
		physpages << (PAGE_SHIFT - 10),
		codesize >> 10, datasize >> 10, rosize >> 10,
		0UL, bss_size >> 10,
		(physpages - totalram_pages) << (PAGE_SHIFT - 10),
		0UL,
		str ? ", " : "", str ? str : "");
}

/* ---------------------------------------------------------------- zonelists */

static int node_load[MAX_NUMNODES];

/*
 * The nearest node with memory not yet in used_node_mask (the node itself first); ties go to
 * nodes above us and to less loaded nodes. (Linux also penalises nodes with CPUs; only the
 * boot CPU is up here, and the replay does not model cpumasks.)
 */
static int find_next_best_node(int node, nodemask_t *used_node_mask)
{
	int n, val;
	int min_val = INT_MAX;
	int best_node = NUMA_NO_NODE;

	/* Use the local node if we haven't already */
	if (!node_isset(node, *used_node_mask)) {
		node_set(node, *used_node_mask);
		return node;
	}

	for_each_node_state(n, N_MEMORY) {
		/* Don't want a node to appear more than once */
		if (node_isset(n, *used_node_mask))
			continue;

		/* Use the distance array to find the distance */
		val = node_distance(node, n);

		/* Penalize nodes under us ("prefer the next node") */
		val += (n < node);

		/* Slight preference for less loaded node */
		val *= (num_online_nodes() * MAX_NUMNODES);	/* MAX_NODE_LOAD * MAX_NUMNODES */
		val += node_load[n];

		if (val < min_val) {
			min_val = val;
			best_node = n;
		}
	}

	if (best_node >= 0)
		node_set(best_node, *used_node_mask);

	return best_node;
}

static void zoneref_set_zone(struct zone *zone, struct zoneref *zoneref)
{
	zoneref->zone = zone;
	zoneref->zone_idx = zone_idx(zone);
}

/* Add pgdat's zones that have managed pages, highest first; returns how many. */
static int build_zonerefs_node(pg_data_t *pgdat, struct zoneref *zonerefs)
{
	struct zone *zone;
	enum zone_type zone_type = MAX_NR_ZONES;
	int nr_zones = 0;

	do {
		zone_type--;
		zone = pgdat->node_zones + zone_type;
		if (managed_zone(zone)) {
			zoneref_set_zone(zone, &zonerefs[nr_zones++]);
			if (zone_type > policy_zone && zone_type != ZONE_MOVABLE)	/* check_highest_zone */
				policy_zone = zone_type;
		}
	} while (zone_type);

	return nr_zones;
}

static void build_zonelists_in_node_order(pg_data_t *pgdat, int *node_order, unsigned nr_nodes)
{
	struct zoneref *zonerefs = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;

	for (unsigned i = 0; i < nr_nodes; i++)
		zonerefs += build_zonerefs_node(NODE_DATA(node_order[i]), zonerefs);
	zonerefs->zone = NULL;
	zonerefs->zone_idx = 0;
}

/* __GFP_THISNODE allocations: this node's zones only. */
static void build_thisnode_zonelists(pg_data_t *pgdat)
{
	struct zoneref *zonerefs = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;

	zonerefs += build_zonerefs_node(pgdat, zonerefs);
	zonerefs->zone = NULL;
	zonerefs->zone_idx = 0;
}

/* Node order by distance; nodes at a new distance get a load penalty so allocations spread. */
static void build_zonelists(pg_data_t *pgdat)
{
	static int node_order[MAX_NUMNODES];
	int node, load, nr_nodes = 0;
	nodemask_t used_mask = NODE_MASK_NONE;
	int local_node, prev_node;

	local_node = pgdat->node_id;
	load = num_online_nodes();
	prev_node = local_node;

	memset(node_order, 0, sizeof(node_order));
	while ((node = find_next_best_node(local_node, &used_mask)) >= 0) {
		if (node_distance(local_node, node) != node_distance(local_node, prev_node))
			node_load[node] = load;

		node_order[nr_nodes++] = node;
		prev_node = node;
		load--;
	}

	build_zonelists_in_node_order(pgdat, node_order, nr_nodes);
	build_thisnode_zonelists(pgdat);
}

static void pageset_init(struct per_cpu_pageset *p)
{
	memset(p, 0, sizeof(*p));
	for (int migratetype = 0; migratetype < MIGRATE_PCPTYPES; migratetype++)
		INIT_LIST_HEAD(&p->pcp.lists[migratetype]);
}

/* setup_pageset(p, batch): high = 6 * batch, batch at least 1. */
static void setup_pageset(struct per_cpu_pageset *p, unsigned long batch)
{
	pageset_init(p);
	p->pcp.high = 6 * batch;
	p->pcp.batch = max(1UL, 1 * batch);
}

/* The pages the page cache could use: every zone of the local zonelist, above its high mark. */
static unsigned long nr_free_pagecache_pages(void)
{
	int nid = node_online(0) ? 0 : first_node(node_online_map);	/* numa_node_id() of CPU 0 */
	struct zoneref *z = NODE_DATA(nid)->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	unsigned long sum = 0;

	for (; z->zone; z++) {
		unsigned long size = z->zone->managed_pages;
		unsigned long high = z->zone->watermark[WMARK_HIGH];

		if (size > high)
			sum += size - high;
	}
	return sum;
}

void build_all_zonelists(pg_data_t *unused)
{
	int nid, cpu;

	memset(node_load, 0, sizeof(node_load));
	for_each_online_node(nid)
		build_zonelists(NODE_DATA(nid));
	for_each_possible_cpu(cpu)
		setup_pageset(&per_cpu(boot_pageset, cpu), 0);

	vm_total_pages = nr_free_pagecache_pages();
	/* Too few pages for grouping by mobility to work: disable it. */
	if (vm_total_pages < (pageblock_nr_pages * MIGRATE_TYPES))
		page_group_by_mobility_disabled = 1;
	else
		page_group_by_mobility_disabled = 0;

	pr_info("Built %i zonelists, mobility grouping %s.  Total pages: %ld\n",
		num_online_nodes(), page_group_by_mobility_disabled ? "off" : "on", vm_total_pages);
	pr_info("Policy zone: %s\n", zone_names[policy_zone]);
}

/* ---------------------------------------------------------------- struct page initialisation */

/* The nid memblock gives pfn, caching the range found (called for every pfn). */
int __early_pfn_to_nid(unsigned long pfn, struct mminit_pfnnid_cache *state)
{
	unsigned long start_pfn, end_pfn;
	int nid;

	if (state->last_start <= pfn && pfn < state->last_end)
		return state->last_nid;

	nid = memblock_search_pfn_nid(pfn, &start_pfn, &end_pfn);
	if (nid != -1) {
		state->last_start = start_pfn;
		state->last_end = end_pfn;
		state->last_nid = nid;
	}
	return nid;
}

static struct mminit_pfnnid_cache early_pfnnid_cache;

int early_pfn_to_nid(unsigned long pfn)
{
	int nid = __early_pfn_to_nid(pfn, &early_pfnnid_cache);

	return nid < 0 ? 0 : nid;	/* first_online_node */
}

/* Holes (no memblock range) belong to whatever node asks; pfns of another node do not. */
static inline bool early_pfn_in_nid(unsigned long pfn, int node)
{
	int nid = __early_pfn_to_nid(pfn, &early_pfnnid_cache);

	return nid < 0 || nid == node;
}

static void __init_single_page(struct page *page, unsigned long pfn, unsigned long zone, int nid)
{
	mm_zero_struct_page(page);
	set_page_links(page, zone, nid, pfn);
	init_page_count(page);
	page_mapcount_reset(page);
	page_cpupid_reset_last(page);
	INIT_LIST_HEAD(&page->lru);
}

/*
 * From @pfn on, the pfns that early_pfn_valid() and early_pfn_in_nid() answer alike for: to the
 * end of @pfn's section and of the memblock range early_pfnnid_cache holds for it (in a hole
 * between ranges, @pfn alone). Call after early_pfn_in_nid(@pfn), which fills the cache.
 */
static unsigned long early_pfn_run_end(unsigned long pfn, unsigned long end_pfn)
{
	unsigned long run_end = min(SECTION_ALIGN_UP(pfn + 1), end_pfn);

	if (early_pfnnid_cache.last_start <= pfn && pfn < early_pfnnid_cache.last_end)
		return min(run_end, early_pfnnid_cache.last_end);
	return pfn + 1;
}

/*
 * Initialise every struct page of a zone (MEMMAP_EARLY): zone and node in flags, one reference,
 * no mappings; and every pageblock MOVABLE, so that early kernel allocations, which are
 * unmovable, claim whole pageblocks instead of spreading everywhere.
 *
 * Linux asks early_pfn_valid() and early_pfn_in_nid() for every pfn; the replay asks once per run
 * of pfns they answer alike for (early_pfn_run_end): the same struct pages, and under QEMU's TCG
 * the inner loop is only the stores (four-node 16 GiB: a boot ~50 ms shorter than with the per-pfn
 * loop, in interleaved runs of both builds).
 */
void memmap_init_zone(unsigned long size, int nid, unsigned long zone, unsigned long start_pfn)
{
	unsigned long end_pfn = start_pfn + size;
	unsigned long pfn = start_pfn;

	if (highest_memmap_pfn < end_pfn - 1)
		highest_memmap_pfn = end_pfn - 1;

	while (pfn < end_pfn) {
		unsigned long run_end;
		bool in_nid;

		/* There can be holes in boot-time mem_map[]s handed to this function. */
		if (!early_pfn_valid(pfn)) {
			pfn = min(SECTION_ALIGN_UP(pfn + 1), end_pfn);	/* the whole section has no memmap */
			continue;
		}
		in_nid = early_pfn_in_nid(pfn, nid);
		run_end = early_pfn_run_end(pfn, end_pfn);
		if (!in_nid) {
			pfn = run_end;
			continue;
		}
		/* kernelcore=mirror: mirrored memory in ZONE_MOVABLE was initialised as NORMAL */
		if (mirrored_kernelcore && zone == ZONE_MOVABLE) {
			struct memblock_region *r;

			for_each_memblock(memory, r)
				if (pfn < memblock_region_memory_end_pfn(r))
					break;
			if (r < memblock.memory.regions + memblock.memory.cnt &&
			    pfn >= memblock_region_memory_base_pfn(r) && memblock_is_mirror(r)) {
				pfn = memblock_region_memory_end_pfn(r);
				continue;
			}
		}

		for (; pfn < run_end; pfn++) {
			struct page *page = pfn_to_page(pfn);

			__init_single_page(page, pfn, zone, nid);
			if (!(pfn & (pageblock_nr_pages - 1)))
				set_pageblock_migratetype(page, MIGRATE_MOVABLE);
		}
	}
}

static void zone_init_free_lists(struct zone *zone)
{
	unsigned int order, t;

	for_each_migratetype_order(order, t) {
		INIT_LIST_HEAD(&zone->free_area[order].free_list[t]);
		zone->free_area[order].nr_free = 0;
	}
}

/* The per-cpu list batch: about a thousandth of the zone, at most 1 MiB, as 2^n - 1. */
int zone_batchsize(struct zone *zone)
{
	int batch;

	batch = zone->managed_pages / 1024;
	/* But no more than a meg. */
	if (batch * PAGE_SIZE > 1024 * 1024)
		batch = (1024 * 1024) / PAGE_SIZE;
	batch /= 4;		/* We effectively *= 4 below */
	if (batch < 1)
		batch = 1;

	/* 2^n - 1: a power of 2 was found to have bad cache aliasing. */
	batch = rounddown_pow_of_two(batch + batch / 2) - 1;

	return batch;
}

static void zone_pcp_init(struct zone *zone)
{
	zone->pageset = &boot_pageset;

	if (populated_zone(zone))
		printk(KERN_DEBUG "  %s zone: %lu pages, LIFO batch:%u\n",
		       zone->name, zone->present_pages, zone_batchsize(zone));
}

void init_currently_empty_zone(struct zone *zone, unsigned long zone_start_pfn, unsigned long size)
{
	struct pglist_data *pgdat = zone->zone_pgdat;

	pgdat->nr_zones = zone_idx(zone) + 1;
	zone->zone_start_pfn = zone_start_pfn;
	zone_init_free_lists(zone);
	zone->initialized = 1;
}

/* ---------------------------------------------------------------- zone and node sizes */

/* Call memory_present() for every memblock memory range of node nid (MAX_NUMNODES: all). */
void sparse_memory_present_with_active_regions(int nid)
{
	unsigned long start_pfn, end_pfn;
	int i, this_nid;

	for_each_mem_pfn_range(i, nid, &start_pfn, &end_pfn, &this_nid)
		memory_present(this_nid, start_pfn, end_pfn);
}

/* The first and last+1 pfn of memory on node nid (0, 0 without memory). */
void get_pfn_range_for_nid(unsigned int nid, unsigned long *start_pfn, unsigned long *end_pfn)
{
	unsigned long this_start_pfn, this_end_pfn;
	int i;

	*start_pfn = -1UL;
	*end_pfn = 0;

	for_each_mem_pfn_range(i, nid, &this_start_pfn, &this_end_pfn, NULL) {
		*start_pfn = min(*start_pfn, this_start_pfn);
		*end_pfn = max(*end_pfn, this_end_pfn);
	}

	if (*start_pfn == -1UL)
		*start_pfn = 0;
}

/* The highest zone below ZONE_MOVABLE that has pages: ZONE_MOVABLE takes its memory from it. */
static void find_usable_zone_for_movable(void)
{
	int zone_index;

	for (zone_index = MAX_NR_ZONES - 1; zone_index >= 0; zone_index--) {
		if (zone_index == ZONE_MOVABLE)
			continue;

		if (arch_zone_highest_possible_pfn[zone_index] > arch_zone_lowest_possible_pfn[zone_index])
			break;
	}

	movable_zone = zone_index;
}

/* With ZONE_MOVABLE on this node, the movable zone cuts the end off the zone it comes from. */
static void adjust_zone_range_for_zone_movable(int nid, unsigned long zone_type,
					       unsigned long node_start_pfn, unsigned long node_end_pfn,
					       unsigned long *zone_start_pfn, unsigned long *zone_end_pfn)
{
	/* Only adjust if ZONE_MOVABLE is on this node */
	if (zone_movable_pfn[nid]) {
		/* Size ZONE_MOVABLE */
		if (zone_type == ZONE_MOVABLE) {
			*zone_start_pfn = zone_movable_pfn[nid];
			*zone_end_pfn = min(node_end_pfn, arch_zone_highest_possible_pfn[movable_zone]);

		/* Adjust for ZONE_MOVABLE starting within this range */
		} else if (!mirrored_kernelcore &&
			   *zone_start_pfn < zone_movable_pfn[nid] &&
			   *zone_end_pfn > zone_movable_pfn[nid]) {
			*zone_end_pfn = zone_movable_pfn[nid];

		/* Check if this whole range is within ZONE_MOVABLE */
		} else if (*zone_start_pfn >= zone_movable_pfn[nid])
			*zone_start_pfn = *zone_end_pfn;
	}
}

/* The pages a zone spans in a node, holes included. */
static unsigned long zone_spanned_pages_in_node(int nid, unsigned long zone_type,
						unsigned long node_start_pfn, unsigned long node_end_pfn,
						unsigned long *zone_start_pfn, unsigned long *zone_end_pfn)
{
	/* When hotadd a new node from cpu_up(), the node should be empty */
	if (!node_start_pfn && !node_end_pfn)
		return 0;

	/* Get the start and end of the zone */
	*zone_start_pfn = arch_zone_lowest_possible_pfn[zone_type];
	*zone_end_pfn = arch_zone_highest_possible_pfn[zone_type];
	adjust_zone_range_for_zone_movable(nid, zone_type, node_start_pfn, node_end_pfn,
					   zone_start_pfn, zone_end_pfn);

	/* Check that this node has pages within the zone's required range */
	if (*zone_end_pfn < node_start_pfn || *zone_start_pfn > node_end_pfn)
		return 0;

	/* Move the zone boundaries inside the node if necessary */
	*zone_end_pfn = min(*zone_end_pfn, node_end_pfn);
	*zone_start_pfn = max(*zone_start_pfn, node_start_pfn);

	/* Return the spanned pages */
	return *zone_end_pfn - *zone_start_pfn;
}

/* The pages of [start, end) no memblock memory range of nid covers (MAX_NUMNODES: any node). */
unsigned long __absent_pages_in_range(int nid, unsigned long range_start_pfn,
				      unsigned long range_end_pfn)
{
	unsigned long nr_absent = range_end_pfn - range_start_pfn;
	unsigned long start_pfn, end_pfn;
	int i;

	for_each_mem_pfn_range(i, nid, &start_pfn, &end_pfn, NULL) {
		start_pfn = clamp(start_pfn, range_start_pfn, range_end_pfn);
		end_pfn = clamp(end_pfn, range_start_pfn, range_end_pfn);
		nr_absent -= end_pfn - start_pfn;
	}
	return nr_absent;
}

unsigned long absent_pages_in_range(unsigned long start_pfn, unsigned long end_pfn)
{
	return __absent_pages_in_range(MAX_NUMNODES, start_pfn, end_pfn);
}

/* Return the number of page frames in holes in a zone on a node */
static unsigned long zone_absent_pages_in_node(int nid, unsigned long zone_type,
					       unsigned long node_start_pfn, unsigned long node_end_pfn)
{
	unsigned long zone_low = arch_zone_lowest_possible_pfn[zone_type];
	unsigned long zone_high = arch_zone_highest_possible_pfn[zone_type];
	unsigned long zone_start_pfn, zone_end_pfn;
	unsigned long nr_absent;

	/* When hotadd a new node from cpu_up(), the node should be empty */
	if (!node_start_pfn && !node_end_pfn)
		return 0;

	zone_start_pfn = clamp(node_start_pfn, zone_low, zone_high);
	zone_end_pfn = clamp(node_end_pfn, zone_low, zone_high);

	adjust_zone_range_for_zone_movable(nid, zone_type, node_start_pfn, node_end_pfn,
					   &zone_start_pfn, &zone_end_pfn);
	nr_absent = __absent_pages_in_range(nid, zone_start_pfn, zone_end_pfn);

	/*
	 * kernelcore=mirror: pages to be ZONE_MOVABLE in ZONE_NORMAL count as absent there,
	 * and vice versa.
	 */
	if (mirrored_kernelcore && zone_movable_pfn[nid]) {
		unsigned long start_pfn, end_pfn;
		struct memblock_region *r;

		for_each_memblock(memory, r) {
			start_pfn = clamp(memblock_region_memory_base_pfn(r), zone_start_pfn, zone_end_pfn);
			end_pfn = clamp(memblock_region_memory_end_pfn(r), zone_start_pfn, zone_end_pfn);

			if (zone_type == ZONE_MOVABLE && memblock_is_mirror(r))
				nr_absent += end_pfn - start_pfn;

			if (zone_type == ZONE_NORMAL && !memblock_is_mirror(r))
				nr_absent += end_pfn - start_pfn;
		}
	}

	return nr_absent;
}

static void calculate_node_totalpages(struct pglist_data *pgdat, unsigned long node_start_pfn,
				      unsigned long node_end_pfn)
{
	unsigned long realtotalpages = 0, totalpages = 0;
	enum zone_type i;

	for (i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = pgdat->node_zones + i;
		unsigned long zone_start_pfn, zone_end_pfn;
		unsigned long size, real_size;

		size = zone_spanned_pages_in_node(pgdat->node_id, i, node_start_pfn, node_end_pfn,
						  &zone_start_pfn, &zone_end_pfn);
		real_size = size - zone_absent_pages_in_node(pgdat->node_id, i, node_start_pfn,
							     node_end_pfn);
		if (size)
			zone->zone_start_pfn = zone_start_pfn;
		else
			zone->zone_start_pfn = 0;
		zone->spanned_pages = size;
		zone->present_pages = real_size;

		totalpages += size;
		realtotalpages += real_size;
	}

	pgdat->node_spanned_pages = totalpages;
	pgdat->node_present_pages = realtotalpages;
	printk(KERN_DEBUG "On node %d totalpages: %lu\n", pgdat->node_id, realtotalpages);
}

/* An estimate of the zone's struct page memory: spanned, or present if the zone is holey. */
unsigned long calc_memmap_size(unsigned long spanned_pages, unsigned long present_pages)
{
	unsigned long pages = spanned_pages;

	if (spanned_pages > present_pages + (present_pages >> 4))
		pages = present_pages;

	return PAGE_ALIGN(pages * sizeof(struct page)) >> PAGE_SHIFT;
}

static void zone_init_internals(struct zone *zone, enum zone_type idx, int nid,
				unsigned long remaining_pages)
{
	zone->managed_pages = remaining_pages;
	zone_set_nid(zone, nid);
	zone->name = zone_names[idx];
	zone->zone_pgdat = NODE_DATA(nid);
	zone_pcp_init(zone);
}

/* Set up the zone data structures and every struct page of the node's zones. */
static void free_area_init_core(struct pglist_data *pgdat)
{
	enum zone_type j;
	int nid = pgdat->node_id;

	spin_lock_init(&pgdat->node_size_lock);		/* pgdat_resize_init() */
	spin_lock_init(&pgdat->split_queue_lock);	/* THP's deferred split queue */
	INIT_LIST_HEAD(&pgdat->split_queue);
	pgdat->split_queue_len = 0;
	init_waitqueue_head(&pgdat->kswapd_wait);
	init_waitqueue_head(&pgdat->pfmemalloc_wait);
	init_waitqueue_head(&pgdat->kcompactd_wait);
	spin_lock_init(&pgdat->lru_lock);
	lruvec_init(node_lruvec(pgdat));

	pgdat->per_cpu_nodestats = &boot_nodestats;

	for (j = 0; j < MAX_NR_ZONES; j++) {
		struct zone *zone = pgdat->node_zones + j;
		unsigned long size, freesize, memmap_pages;
		unsigned long zone_start_pfn = zone->zone_start_pfn;

		size = zone->spanned_pages;
		freesize = zone->present_pages;

		/* The memmap estimate counts against watermarks and per-cpu batches. */
		memmap_pages = calc_memmap_size(size, freesize);
		if (freesize >= memmap_pages) {
			freesize -= memmap_pages;
			if (memmap_pages)
				printk(KERN_DEBUG "  %s zone: %lu pages used for memmap\n",
				       zone_names[j], memmap_pages);
		} else
			pr_warn("  %s zone: %lu pages exceeds freesize %lu\n",
				zone_names[j], memmap_pages, freesize);

		/* Account for reserved pages */
		if (j == 0 && freesize > dma_reserve) {
			freesize -= dma_reserve;
			printk(KERN_DEBUG "  %s zone: %lu pages reserved\n", zone_names[0], dma_reserve);
		}

		nr_kernel_pages += freesize;
		nr_all_pages += freesize;

		/* An approximate managed count until free_all_bootmem() counts the real one. */
		zone_init_internals(zone, j, nid, freesize);

		if (!size)
			continue;

		init_currently_empty_zone(zone, zone_start_pfn, size);
		memmap_init_zone(size, nid, j, zone_start_pfn);
	}
}

void free_area_init_node(int nid, unsigned long *zones_size, unsigned long node_start_pfn,
			 unsigned long *zholes_size)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	unsigned long start_pfn = 0;
	unsigned long end_pfn = 0;

	/* pg_data_t should be reset to zero when it's allocated */
	WARN_ON(pgdat->nr_zones || pgdat->kswapd_classzone_idx);

	pgdat->node_id = nid;
	pgdat->node_start_pfn = node_start_pfn;
	pgdat->per_cpu_nodestats = NULL;
	get_pfn_range_for_nid(nid, &start_pfn, &end_pfn);
	/* a node without memory prints [mem 0x0000000000000000-0x0000000000000000] */
	pr_info("Initmem setup node %d [mem %#018Lx-%#018Lx]\n", nid,
		(u64)start_pfn << PAGE_SHIFT, end_pfn ? ((u64)end_pfn << PAGE_SHIFT) - 1 : 0);
	calculate_node_totalpages(pgdat, start_pfn, end_pfn);
	mm_checkpoint(CP_calculate_node_totalpages, nid);

	free_area_init_core(pgdat);
	mm_checkpoint(CP_free_area_init_core, nid);
}

/* Zero the struct pages of [spfn, epfn) whose pageblock has a memmap; count them. */
static u64 zero_pfn_range(unsigned long spfn, unsigned long epfn)
{
	unsigned long pfn;
	u64 pgcnt = 0;

	for (pfn = spfn; pfn < epfn; pfn++) {
		if (!pfn_valid(ALIGN_DOWN(pfn, pageblock_nr_pages))) {
			pfn = ALIGN_DOWN(pfn, pageblock_nr_pages) + pageblock_nr_pages - 1;
			continue;
		}
		mm_zero_struct_page(pfn_to_page(pfn));
		pgcnt++;
	}
	return pgcnt;
}

/*
 * Struct pages of holes between memory ranges, and of the last section's tail, are never
 * initialised by memmap_init_zone: zero them (4.19.y stable; 4.19.0 zeroed only the pages of
 * reserved-but-not-memory ranges and printed "Reserved but unavailable: %lld pages").
 */
static void zero_resv_unavail(void)
{
	phys_addr_t start, end;
	u64 i, pgcnt;
	phys_addr_t next = 0;

	pgcnt = 0;
	for_each_mem_range(i, &memblock.memory, NULL, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL) {
		if (next < start)
			pgcnt += zero_pfn_range(PFN_DOWN(next), PFN_UP(start));
		next = end;
	}
	pgcnt += zero_pfn_range(PFN_DOWN(next), round_up(max_pfn, PAGES_PER_SECTION));

	if (pgcnt)
		pr_info("Zeroed struct page in unavailable ranges: %lld pages", pgcnt);
}

/* nr_node_ids: the highest possible node + 1. */
void setup_nr_node_ids(void)
{
	int node, highest = 0;

	for_each_node(node)
		highest = node;
	nr_node_ids = highest + 1;
}

/* Sum pages in active regions for movable zone; populate N_MEMORY for usable_nodes. */
static unsigned long early_calculate_totalpages(void)
{
	unsigned long totalpages = 0;
	unsigned long start_pfn, end_pfn;
	int i, nid;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, &nid) {
		unsigned long pages = end_pfn - start_pfn;

		totalpages += pages;
		if (pages)
			node_set_state(nid, N_MEMORY);
	}
	return totalpages;
}

/*
 * Find the PFN the Movable zone begins in each node (kernelcore=, movablecore=, movable_node,
 * kernelcore=mirror). Kernel memory is spread evenly between nodes as long as the nodes have
 * enough memory; when they don't, some nodes get more kernelcore than others.
 */
static void find_zone_movable_pfns_for_nodes(void)
{
	int i, nid;
	unsigned long usable_startpfn;
	unsigned long kernelcore_node, kernelcore_remaining;
	/* save the state before borrow the nodemask */
	nodemask_t saved_node_state = node_states[N_MEMORY];
	unsigned long totalpages = early_calculate_totalpages();
	int usable_nodes = nodes_weight(node_states[N_MEMORY]);
	struct memblock_region *r;

	/* Need to find movable_zone earlier when movable_node is specified. */
	find_usable_zone_for_movable();

	/* movable_node: hotpluggable memory is ZONE_MOVABLE; kernelcore/movablecore are ignored. */
	if (movable_node_is_enabled()) {
		for_each_memblock(memory, r) {
			if (!memblock_is_hotpluggable(r))
				continue;
			nid = r->nid;
			usable_startpfn = PFN_DOWN(r->base);
			zone_movable_pfn[nid] = zone_movable_pfn[nid] ?
				min(usable_startpfn, zone_movable_pfn[nid]) : usable_startpfn;
		}
		goto out2;
	}

	/* kernelcore=mirror: non-mirrored memory above 4 GiB is ZONE_MOVABLE. */
	if (mirrored_kernelcore) {
		bool mem_below_4gb_not_mirrored = false;

		for_each_memblock(memory, r) {
			if (memblock_is_mirror(r))
				continue;
			nid = r->nid;
			usable_startpfn = memblock_region_memory_base_pfn(r);
			if (usable_startpfn < 0x100000) {
				mem_below_4gb_not_mirrored = true;
				continue;
			}
			zone_movable_pfn[nid] = zone_movable_pfn[nid] ?
				min(usable_startpfn, zone_movable_pfn[nid]) : usable_startpfn;
		}
		if (mem_below_4gb_not_mirrored)
			pr_warn("This configuration results in unmirrored kernel memory.");
		goto out2;
	}

	/* kernelcore=nn% or movablecore=nn% */
	if (required_kernelcore_percent)
		required_kernelcore = (totalpages * 100 * required_kernelcore_percent) / 10000UL;
	if (required_movablecore_percent)
		required_movablecore = (totalpages * 100 * required_movablecore_percent) / 10000UL;

	/*
	 * movablecore= becomes the kernelcore that leaves that much movable; with both given,
	 * the larger kernelcore wins.
	 */
	if (required_movablecore) {
		unsigned long corepages;

		required_movablecore = roundup(required_movablecore, MAX_ORDER_NR_PAGES);
		required_movablecore = min(totalpages, required_movablecore);
		corepages = totalpages - required_movablecore;

		required_kernelcore = max(required_kernelcore, corepages);
	}

	/* No kernelcore, or more than all memory: no ZONE_MOVABLE. */
	if (!required_kernelcore || required_kernelcore >= totalpages)
		goto out;

	/* usable_startpfn is the lowest possible pfn ZONE_MOVABLE can be at */
	usable_startpfn = arch_zone_lowest_possible_pfn[movable_zone];

restart:
	/* Spread kernelcore memory as evenly as possible throughout nodes */
	kernelcore_node = required_kernelcore / usable_nodes;
	for_each_node_state(nid, N_MEMORY) {
		unsigned long start_pfn, end_pfn;

		if (required_kernelcore < kernelcore_node)
			kernelcore_node = required_kernelcore / usable_nodes;

		/* kernelcore still to place on this node; the rest of the node is movable */
		kernelcore_remaining = kernelcore_node;

		for_each_mem_pfn_range(i, nid, &start_pfn, &end_pfn, NULL) {
			unsigned long size_pages;

			start_pfn = max(start_pfn, zone_movable_pfn[nid]);
			if (start_pfn >= end_pfn)
				continue;

			/* Account for what is only usable for kernelcore */
			if (start_pfn < usable_startpfn) {
				unsigned long kernel_pages;

				kernel_pages = min(end_pfn, usable_startpfn) - start_pfn;
				kernelcore_remaining -= min(kernel_pages, kernelcore_remaining);
				required_kernelcore -= min(kernel_pages, required_kernelcore);

				/* Continue if range is now fully accounted */
				if (end_pfn <= usable_startpfn) {
					/* so that a rebalancing pass does not count it twice */
					zone_movable_pfn[nid] = end_pfn;
					continue;
				}
				start_pfn = usable_startpfn;
			}

			size_pages = end_pfn - start_pfn;
			if (size_pages > kernelcore_remaining)
				size_pages = kernelcore_remaining;
			zone_movable_pfn[nid] = start_pfn + size_pages;

			required_kernelcore -= min(required_kernelcore, size_pages);
			kernelcore_remaining -= size_pages;
			if (!kernelcore_remaining)
				break;
		}
	}

	/* kernelcore left: another pass with one node less, pushing into the nodes with memory */
	usable_nodes--;
	if (usable_nodes && required_kernelcore > usable_nodes)
		goto restart;

out2:
	/*
	 * Align start of ZONE_MOVABLE on all nids to MAX_ORDER_NR_PAGES. A node whose memory all went
	 * to kernelcore ends up with a start at or past its end, which 4.19 keeps: it prints the
	 * start, and that node's empty Movable zone gets present pages from an unsigned wrap in
	 * zone_absent_pages_in_node ("Movable zone: 32 pages"). Later kernels (6.1) drop such a start.
	 */
	for (nid = 0; nid < MAX_NUMNODES; nid++)
		zone_movable_pfn[nid] = roundup(zone_movable_pfn[nid], MAX_ORDER_NR_PAGES);

out:
	/* restore the node_state */
	node_states[N_MEMORY] = saved_node_state;
}

/* Any regular memory on that node? */
static void check_for_memory(pg_data_t *pgdat, int nid)
{
	enum zone_type zone_type;

	for (zone_type = 0; zone_type <= ZONE_MOVABLE - 1; zone_type++) {
		if (populated_zone(&pgdat->node_zones[zone_type])) {
			node_set_state(nid, N_NORMAL_MEMORY);	/* N_HIGH_MEMORY is the same */
			break;
		}
	}
}

/*
 * Zones follow each other: each starts where the one below ends, at most at its max_zone_pfn
 * (ZONE_MOVABLE is carved out of the others). Then every online node is initialised.
 */
void free_area_init_nodes(unsigned long *max_zone_pfn)
{
	unsigned long start_pfn, end_pfn;
	int i, nid;

	memset(arch_zone_lowest_possible_pfn, 0, sizeof(arch_zone_lowest_possible_pfn));
	memset(arch_zone_highest_possible_pfn, 0, sizeof(arch_zone_highest_possible_pfn));

	start_pfn = find_min_pfn_with_active_regions();

	for (i = 0; i < MAX_NR_ZONES; i++) {
		if (i == ZONE_MOVABLE)
			continue;

		end_pfn = max(max_zone_pfn[i], start_pfn);
		arch_zone_lowest_possible_pfn[i] = start_pfn;
		arch_zone_highest_possible_pfn[i] = end_pfn;

		start_pfn = end_pfn;
	}

	/* Find the PFNs that ZONE_MOVABLE begins at in each node */
	memset(zone_movable_pfn, 0, sizeof(zone_movable_pfn));
	find_zone_movable_pfns_for_nodes();

	pr_info("Zone ranges:\n");
	for (i = 0; i < MAX_NR_ZONES; i++) {
		if (i == ZONE_MOVABLE)
			continue;
		pr_info("  %-8s ", zone_names[i]);
		if (arch_zone_lowest_possible_pfn[i] == arch_zone_highest_possible_pfn[i])
			pr_cont("empty\n");
		else
			pr_cont("[mem %#018Lx-%#018Lx]\n",
				(u64)arch_zone_lowest_possible_pfn[i] << PAGE_SHIFT,
				((u64)arch_zone_highest_possible_pfn[i] << PAGE_SHIFT) - 1);
	}

	pr_info("Movable zone start for each node\n");
	for (i = 0; i < MAX_NUMNODES; i++) {
		if (zone_movable_pfn[i])
			pr_info("  Node %d: %#018Lx\n", i, (u64)zone_movable_pfn[i] << PAGE_SHIFT);
	}

	pr_info("Early memory node ranges\n");
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, &nid)
		pr_info("  node %3d: [mem %#018Lx-%#018Lx]\n", nid,
			(u64)start_pfn << PAGE_SHIFT, ((u64)end_pfn << PAGE_SHIFT) - 1);

	mminit_verify_pageflags_layout();
	setup_nr_node_ids();
	zero_resv_unavail();
	mm_checkpoint(CP_free_area_init_nodes, -1);

	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		free_area_init_node(nid, NULL, find_min_pfn_for_node(nid), NULL);
		mm_checkpoint(CP_free_area_init_node, nid);

		/* Any memory on that node */
		if (pgdat->node_present_pages)
			node_set_state(nid, N_MEMORY);
		check_for_memory(pgdat, nid);
	}
}

/* The lowest pfn of memory on a node (MAX_NUMNODES: of all memory). */
unsigned long find_min_pfn_for_node(int nid)
{
	unsigned long min_pfn = ULONG_MAX;
	unsigned long start_pfn;
	int i;

	for_each_mem_pfn_range(i, nid, &start_pfn, NULL, NULL)
		min_pfn = min(min_pfn, start_pfn);

	if (min_pfn == ULONG_MAX) {
		pr_warn("Could not find start_pfn for node %d\n", nid);
		return 0;
	}

	return min_pfn;
}

unsigned long find_min_pfn_with_active_regions(void)
{
	return find_min_pfn_for_node(MAX_NUMNODES);
}

/* kernelcore= / movablecore=: a size in bytes, or a percentage of memory. */
static int cmdline_parse_core(char *p, unsigned long *core, unsigned long *percent)
{
	unsigned long long coremem;
	char *endptr;

	if (!p)
		return -EINVAL;

	/* Value may be a percentage of total memory, otherwise bytes */
	coremem = simple_strtoull(p, &endptr, 0);
	if (*endptr == '%') {
		/* Paranoid check for percent values greater than 100 */
		WARN_ON(coremem > 100);
		*percent = coremem;
	} else {
		coremem = memparse(p, &p);
		*core = coremem >> PAGE_SHIFT;
		*percent = 0UL;
	}
	return 0;
}

static int cmdline_parse_kernelcore(char *p)
{
	/* parse kernelcore=mirror */
	if (p && !strcmp(p, "mirror")) {
		mirrored_kernelcore = true;
		return 0;
	}
	return cmdline_parse_core(p, &required_kernelcore, &required_kernelcore_percent);
}

static int cmdline_parse_movablecore(char *p)
{
	return cmdline_parse_core(p, &required_movablecore, &required_movablecore_percent);
}

early_param("kernelcore", cmdline_parse_kernelcore);
early_param("movablecore", cmdline_parse_movablecore);

/* memblock_find_dma_reserve(): pages below 16 MiB that are not free, for the DMA zone's count. */
void set_dma_reserve(unsigned long new_dma_reserve)
{
	dma_reserve = new_dma_reserve;
}
