/*
 * The buddy allocator's free path (mm/page_alloc.c: __free_pages_bootmem -> __free_one_page)
 * and free_all_bootmem's chunking (mm/nobootmem.c: __free_pages_memory), on struct pages that
 * paging_init initialised in the host vmemmap.
 */
#include "part2.h"
#include <linux/vmstat.h>

/*
 * One section: DMA [0x1,0x1000) and DMA32 [0x1000,0x8000) on node 0, struct pages initialised
 * (every pageblock of DMA32 MOVABLE), nothing freed yet: the tests free blocks by hand.
 */
static struct zone *small_machine_dma32(void)
{
	memblock_add(0x1000, 0x9e000);
	memblock_add(0x100000, 0x7f00000);
	part2_low_reservations();
	memblock_set_node(0, 0x8000000, &memblock.memory, 0);
	max_pfn = max_low_pfn = 0x8000;
	part2_node_online(0);
	memblock_find_dma_reserve();
	paging_init();
	return &NODE_DATA(0)->node_zones[ZONE_DMA32];
}

static void free_block(unsigned long pfn, unsigned int order)
{
	__free_pages_bootmem(pfn_to_page(pfn), pfn, order);
}

static unsigned long nr_free(struct zone *zone, int order)
{
	return zone->free_area[order].nr_free;
}

/* The pfns on a free list, head first, as "0x2000 0x3000" (empty string for an empty list). */
static const char *list_pfns(struct zone *zone, int order, int mt)
{
	static char buf[256];
	struct list_head *head = &zone->free_area[order].free_list[mt];
	size_t n = 0;

	buf[0] = '\0';
	for (struct list_head *l = head->next; l != head && n < sizeof(buf) - 20; l = l->next) {
		struct page *page = (struct page *)((char *)l - offsetof(struct page, lru));

		n += snprintf(buf + n, sizeof(buf) - n, "%s%#lx", n ? " " : "", page_to_pfn(page));
	}
	return buf;
}

#define EXPECT_FREE_HEAD(pfn, order) do {					\
	EXPECT(PageBuddy(pfn_to_page(pfn)));					\
	EXPECT_EQ(page_private(pfn_to_page(pfn)), order); } while (0)
#define EXPECT_NOT_FREE_HEAD(pfn) do {						\
	EXPECT(!PageBuddy(pfn_to_page(pfn)));					\
	EXPECT_EQ(page_private(pfn_to_page(pfn)), 0); } while (0)

/* 0x2000 and 0x2001 are order-0 buddies (they differ in bit 0): freed both, one order-1 block. */
TEST(two_buddies_merge)
{
	struct zone *zone = small_machine_dma32();

	free_block(0x2001, 0);
	EXPECT_EQ(nr_free(zone, 0), 1);
	EXPECT_FREE_HEAD(0x2001, 0);
	EXPECT_EQ(pfn_to_page(0x2001)->page_type, 0xffffff7f);
	EXPECT_EQ(pfn_to_page(0x2001)->_refcount.counter, 0);
	EXPECT_STR(list_pfns(zone, 0, MIGRATE_MOVABLE), "0x2001");

	free_block(0x2000, 0);
	EXPECT_EQ(nr_free(zone, 0), 0);
	EXPECT_EQ(nr_free(zone, 1), 1);
	EXPECT_FREE_HEAD(0x2000, 1);
	EXPECT_NOT_FREE_HEAD(0x2001);			/* rmv_page_order */
	EXPECT_EQ(pfn_to_page(0x2001)->page_type, 0xffffffff);
	EXPECT_STR(list_pfns(zone, 0, MIGRATE_MOVABLE), "");
	EXPECT_STR(list_pfns(zone, 1, MIGRATE_MOVABLE), "0x2000");
	EXPECT_EQ(zone_page_state(zone, NR_FREE_PAGES), 2);
}

/*
 * 0x2002 free alone is an order-0 buddy; the order-1 block 0x2000's buddy is 0x2002 at order 1,
 * so no merge. Freeing 0x2003 then merges 0x2002+0x2003 (order 1), then with 0x2000 (order 2).
 */
TEST(buddy_of_another_order_does_not_merge)
{
	struct zone *zone = small_machine_dma32();

	free_block(0x2002, 0);
	free_block(0x2000, 1);
	EXPECT_EQ(nr_free(zone, 0), 1);
	EXPECT_EQ(nr_free(zone, 1), 1);
	EXPECT_FREE_HEAD(0x2000, 1);
	EXPECT_FREE_HEAD(0x2002, 0);

	free_block(0x2003, 0);
	EXPECT_EQ(nr_free(zone, 0), 0);
	EXPECT_EQ(nr_free(zone, 1), 0);
	EXPECT_EQ(nr_free(zone, 2), 1);
	EXPECT_FREE_HEAD(0x2000, 2);
	EXPECT_NOT_FREE_HEAD(0x2002);
	EXPECT_NOT_FREE_HEAD(0x2003);
	EXPECT_STR(list_pfns(zone, 2, MIGRATE_MOVABLE), "0x2000");
}

/* A free buddy of the right order in another zone (page_zone_id differs) does not merge. */
TEST(buddy_in_another_zone_does_not_merge)
{
	struct zone *zone = small_machine_dma32();
	struct page *other = pfn_to_page(0x2001);

	set_page_links(other, ZONE_NORMAL, 0, 0x2001);	/* hand-made: free, order 0, Normal */
	set_page_private(other, 0);
	__SetPageBuddy(other);
	free_block(0x2000, 0);
	EXPECT_EQ(nr_free(zone, 0), 1);
	EXPECT_EQ(nr_free(zone, 1), 0);
	EXPECT_FREE_HEAD(0x2000, 0);
}

/*
 * Two order-9 buddies (two pageblocks) merge across the pageblock boundary into order 10; two
 * order-10 buddies do not merge: MAX_ORDER - 1 = 10 is the largest block.
 */
TEST(merging_stops_at_max_order_minus_1)
{
	struct zone *zone = small_machine_dma32();

	free_block(0x2000, 9);
	free_block(0x2200, 9);
	EXPECT_EQ(nr_free(zone, 9), 0);
	EXPECT_EQ(nr_free(zone, 10), 1);
	EXPECT_FREE_HEAD(0x2000, 10);
	EXPECT_NOT_FREE_HEAD(0x2200);

	free_block(0x2400, 10);				/* 0x2000 ^ (1 << 10) */
	EXPECT_EQ(nr_free(zone, 10), 2);
	EXPECT_FREE_HEAD(0x2000, 10);
	EXPECT_FREE_HEAD(0x2400, 10);
	EXPECT_STR(list_pfns(zone, 10, MIGRATE_MOVABLE), "0x2400 0x2000");	/* head insertions */

	for (unsigned long pfn = 0x2800; pfn < 0x2c00; pfn++)	/* one order-10 block, page by page */
		free_block(pfn, 0);
	EXPECT_EQ(nr_free(zone, 10), 3);
	for (int order = 0; order < 10; order++)
		EXPECT_EQ(nr_free(zone, order), 0);
	EXPECT_EQ(zone_page_state(zone, NR_FREE_PAGES), 3 * 1024);
}

/*
 * Placement: a block whose next-higher combined block's buddy is already free goes to the tail
 * (it will likely merge soon), others to the head. 0x2000 (order 0): combined 0x2000, its
 * order-1 buddy 0x2002 is free -> tail. 0x4000: 0x4002 is not free -> head.
 */
TEST(list_placement_head_or_tail)
{
	struct zone *zone = small_machine_dma32();

	free_block(0x3000, 0);				/* 0x3002 not free: head */
	free_block(0x2002, 1);
	free_block(0x2000, 0);				/* buddy 0x2001 busy; 0x2002 order 1 free: tail */
	EXPECT_STR(list_pfns(zone, 0, MIGRATE_MOVABLE), "0x3000 0x2000");
	free_block(0x4000, 0);
	EXPECT_STR(list_pfns(zone, 0, MIGRATE_MOVABLE), "0x4000 0x3000 0x2000");
	EXPECT_STR(list_pfns(zone, 1, MIGRATE_MOVABLE), "0x2002");
	/*
	 * Order 9 (MAX_ORDER - 2) always goes to the head: 0x5200's combined block 0x5000 has its
	 * order-10 buddy 0x5400 free, which would mean the tail at a lower order.
	 */
	free_block(0x5400, 10);
	free_block(0x7000, 9);
	free_block(0x5200, 9);				/* buddy 0x5000 busy: stays order 9 */
	EXPECT_STR(list_pfns(zone, 9, MIGRATE_MOVABLE), "0x5200 0x7000");
}

/*
 * __free_pages_memory cuts a free range into the largest naturally aligned blocks:
 * [0x1003,0x1800) -> 0x1003/0, 0x1004/2, 0x1008/3, 0x1010/4, 0x1020/5, 0x1040/6, 0x1080/7,
 * 0x1100/8, 0x1200/9, 0x1400/10. None merges: every buddy lies in reserved [0x1000,0x1003).
 * The machine's allocations (NODE_DATA, sections, vmemmap) go to the top, in section 1.
 */
TEST(free_pages_memory_chunks_naturally_aligned)
{
	static const unsigned long heads[][2] = {
		{ 0x1003, 0 }, { 0x1004, 2 }, { 0x1008, 3 }, { 0x1010, 4 }, { 0x1020, 5 },
		{ 0x1040, 6 }, { 0x1080, 7 }, { 0x1100, 8 }, { 0x1200, 9 }, { 0x1400, 10 },
	};

	memblock_add(0x100000, 0xff00000);		/* pfn 0x100-0xffff, two sections */
	memblock_reserve(0x100000, 0xf03000);		/* up to pfn 0x1003 */
	memblock_reserve(0x1800000, 0x6800000);		/* pfn 0x1800-0x7fff */
	memblock_set_node(0, 0x10000000, &memblock.memory, 0);
	max_pfn = max_low_pfn = 0x10000;
	part2_node_online(0);
	part2_boot();

	for (unsigned i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		EXPECT_FREE_HEAD(heads[i][0], heads[i][1]);
	EXPECT_NOT_FREE_HEAD(0x1002);
	EXPECT_NOT_FREE_HEAD(0x1005);
	EXPECT_NOT_FREE_HEAD(0x1800);
	EXPECT(PageReserved(pfn_to_page(0x1002)));
	EXPECT(!PageReserved(pfn_to_page(0x1003)));
	EXPECT(PageReserved(pfn_to_page(0x1800)));
}

/*
 * The reference's DMA zone after free_all_bootmem (section 14.11): free ranges [0x10,0x99) and
 * [0x100,0x1000) become 0x10/4 0x20/5 0x40/6 0x80/4 0x90/3 0x98/0 and 0x100/8 0x200/9
 * 0x400/10 0x800/10 0xc00/10; none merges (their buddies are reserved or hole pages), so
 * nr_free per order is 1 0 0 1 2 1 1 0 1 1 3 = 3977 pages = managed. Pageblock 0 (pfn 0-0x1ff)
 * was never marked (DMA starts at pfn 1): its blocks go to Unmovable, the rest to Movable.
 * Order 4: 0x10 first (head), then 0x80 (head: 0xa0 is reserved). 0x90/3: its combined
 * order-4 block's buddy 0x80 is free -> tail (alone on its list anyway).
 */
TEST(reference_dma_buddy)
{
	static const unsigned long expected[MAX_ORDER] = { 1, 0, 0, 1, 2, 1, 1, 0, 1, 1, 3 };
	struct zone *dma;
	unsigned long pages = 0;

	reference_machine();
	part2_boot();
	dma = &NODE_DATA(0)->node_zones[ZONE_DMA];

	for (int order = 0; order < MAX_ORDER; order++) {
		EXPECT_EQ(nr_free(dma, order), expected[order]);
		pages += nr_free(dma, order) << order;
	}
	EXPECT_EQ(pages, 3977);
	EXPECT_EQ(dma->managed_pages, 3977);
	EXPECT_EQ(zone_page_state(dma, NR_FREE_PAGES), 3977);

	EXPECT_STR(list_pfns(dma, 0, MIGRATE_UNMOVABLE), "0x98");
	EXPECT_STR(list_pfns(dma, 3, MIGRATE_UNMOVABLE), "0x90");
	EXPECT_STR(list_pfns(dma, 4, MIGRATE_UNMOVABLE), "0x80 0x10");
	EXPECT_STR(list_pfns(dma, 5, MIGRATE_UNMOVABLE), "0x20");
	EXPECT_STR(list_pfns(dma, 6, MIGRATE_UNMOVABLE), "0x40");
	EXPECT_STR(list_pfns(dma, 8, MIGRATE_UNMOVABLE), "0x100");
	EXPECT_STR(list_pfns(dma, 9, MIGRATE_MOVABLE), "0x200");
	EXPECT_STR(list_pfns(dma, 10, MIGRATE_MOVABLE), "0xc00 0x800 0x400");
	for (int order = 0; order < MAX_ORDER; order++) {
		EXPECT_STR(list_pfns(dma, order, MIGRATE_RECLAIMABLE), "");
		if (order < 9)
			EXPECT_STR(list_pfns(dma, order, MIGRATE_MOVABLE), "");
		else
			EXPECT_STR(list_pfns(dma, order, MIGRATE_UNMOVABLE), "");
	}

	/* reserve_bootmem_region: PG_reserved on pfn 0-0xf and 0x99-0xff, holes included */
	for (unsigned long pfn = 0; pfn < 0x100; pfn++)
		EXPECT_EQ(PageReserved(pfn_to_page(pfn)), pfn < 0x10 || pfn >= 0x99);
	EXPECT(!PageReserved(pfn_to_page(0xfff)));
	EXPECT(PageReserved(pfn_to_page(0x1000)));	/* the kernel image at 16 MiB */
}
