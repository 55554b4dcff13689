/*
 * page->flags (include/linux/mm.h, page-flags-layout.h), PageReserved / PageBuddy, and the
 * pageblock migratetype bits in a section's usemap (mm/page_alloc.c). The reference 4.19.222's
 * x86_64 config: NODES_SHIFT 6, 5 zones (ZONES_SHIFT 3), no NUMA_BALANCING, 22 flags.
 */
#include "part2.h"

/* include/linux/mmzone.h's accessors of a page's pageblock migratetype */
#define set_pageblock_migratetype(page, mt) \
	set_pfnblock_flags_mask(page, mt, page_to_pfn(page), PB_migrate_end, MIGRATETYPE_MASK)
#define get_pageblock_migratetype(page) \
	get_pfnblock_flags_mask(page, page_to_pfn(page), PB_migrate_end, MIGRATETYPE_MASK)

/* | NODE 63..58 | ZONE 57..55 | ... | 22 flags 21..0 | (no LAST_CPUPID) */
TEST(field_placement)
{
	EXPECT_EQ(NR_PAGEFLAGS, 22);
	EXPECT_EQ(PG_uncached, 21);			/* the reference's DWARF: the last flag */
	EXPECT_EQ(SECTIONS_WIDTH, 0);			/* VMEMMAP: no section in flags */
	EXPECT_EQ(NODES_WIDTH, 6);
	EXPECT_EQ(ZONES_WIDTH, 3);
	EXPECT_EQ(LAST_CPUPID_WIDTH, 0);		/* !CONFIG_NUMA_BALANCING */
	EXPECT_EQ(NODES_PGSHIFT, 58);			/* 64 - 0 - 6 */
	EXPECT_EQ(ZONES_PGSHIFT, 55);			/* 58 - 3 */
	EXPECT_EQ(LAST_CPUPID_PGSHIFT, 0);		/* no field */
	EXPECT_EQ(ZONEID_PGSHIFT, 55);			/* node and zone together: 9 bits at 55 */
	EXPECT_EQ(ZONEID_SHIFT, 9);
	EXPECT_EQ(NODES_MASK, 0x3f);
	EXPECT_EQ(ZONES_MASK, 0x7);
	EXPECT_EQ(LAST_CPUPID_MASK, 0);
	EXPECT_EQ(MAX_NUMNODES, 64);
}

/* set_page_links(page, zone, node, pfn) = zone << 55 | node << 58, each field cleared first. */
TEST(set_page_links_every_zone_and_node)
{
	static const struct { int zone, nid; unsigned long flags; } cases[] = {
		{ ZONE_DMA, 0, 0x0000000000000000 },
		{ ZONE_DMA32, 0, 0x0080000000000000 },	/* 1 << 55 */
		{ ZONE_NORMAL, 0, 0x0100000000000000 },	/* 2 << 55 */
		{ ZONE_MOVABLE, 0, 0x0180000000000000 },	/* 3 << 55 */
		{ ZONE_DEVICE, 0, 0x0200000000000000 },	/* 4 << 55 */
		{ ZONE_NORMAL, 1, 0x0500000000000000 },	/* 1 << 58 | 2 << 55 */
		{ ZONE_DMA32, 3, 0x0c80000000000000 },	/* 3 << 58 | 1 << 55 */
		{ ZONE_NORMAL, 5, 0x1500000000000000 },	/* 5 << 58 | 2 << 55 */
		{ ZONE_MOVABLE, 7, 0x1d80000000000000 },	/* 7 << 58 | 3 << 55 */
		{ ZONE_DEVICE, 63, 0xfe00000000000000 },	/* 63 << 58 | 4 << 55 */
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct page page;

		memset(&page, 0, sizeof(page));
		set_page_links(&page, cases[i].zone, cases[i].nid, 0x12345);
		EXPECT_EQ(page.flags, cases[i].flags);
		EXPECT_EQ(page_zonenum(&page), cases[i].zone);
		EXPECT_EQ(page_to_nid(&page), cases[i].nid);
		EXPECT_EQ(page_zone_id(&page), (cases[i].nid << 3) | cases[i].zone);
	}
}

/* Re-linking replaces node and zone and keeps the flag bits below them. */
TEST(set_page_links_replaces_fields)
{
	struct page page;

	memset(&page, 0, sizeof(page));
	__SetPageReserved(&page);			/* bit 11 */
	set_page_links(&page, ZONE_DEVICE, 63, 0);
	set_page_links(&page, ZONE_DMA32, 5, 0);
	EXPECT_EQ(page.flags, 0x1480000000000800);	/* 5 << 58 | 1 << 55 | 1 << 11 */
	set_page_links(&page, ZONE_DMA, 0, 0);
	EXPECT_EQ(page.flags, 0x800);
}

/* page_cpupid_reset_last leaves page->flags as set_page_links made it: node and zone only (node 1
 * Normal is 0x0500000000000000 in the reference Linux's struct pages). */
TEST(last_cpupid_reset_keeps_node_and_zone)
{
	struct page page;

	memset(&page, 0, sizeof(page));
	set_page_links(&page, ZONE_NORMAL, 1, 0);
	page_cpupid_reset_last(&page);
	EXPECT_EQ(page.flags, 0x0500000000000000);	/* 1 << 58 | 2 << 55 */
	set_page_links(&page, ZONE_NORMAL, 5, 0);
	page_cpupid_reset_last(&page);
	EXPECT_EQ(page.flags, 0x1500000000000000);
	EXPECT_EQ(page_to_nid(&page), 5);
	EXPECT_EQ(page_zonenum(&page), ZONE_NORMAL);
}

TEST(page_reserved_is_bit_11)
{
	struct page page;

	memset(&page, 0, sizeof(page));
	EXPECT(!PageReserved(&page));
	__SetPageReserved(&page);
	EXPECT_EQ(page.flags, 1UL << PG_reserved);
	EXPECT_EQ(PG_reserved, 11);
	EXPECT(PageReserved(&page));
	__ClearPageReserved(&page);
	EXPECT_EQ(page.flags, 0);
}

/* page_type shares _mapcount (-1 = unused); PageBuddy is bit 7 cleared under 0xf0000000. */
TEST(page_buddy_via_page_type)
{
	struct page page;

	memset(&page, 0, sizeof(page));
	EXPECT(!PageBuddy(&page));			/* a zeroed struct page is no type */
	page_mapcount_reset(&page);
	EXPECT_EQ(page.page_type, 0xffffffff);
	EXPECT(!PageBuddy(&page));
	__SetPageBuddy(&page);
	EXPECT_EQ(page.page_type, 0xffffff7f);
	EXPECT_EQ(page._mapcount.counter, -129);	/* the same 4 bytes */
	EXPECT(PageBuddy(&page));
	__ClearPageBuddy(&page);
	EXPECT_EQ(page.page_type, 0xffffffff);
	page.page_type = 0xefffff7f;			/* base bits not all set: not a type */
	EXPECT(!PageBuddy(&page));
}

/*
 * A usemap holds 4 bits per pageblock (512 pages), 64 pageblocks per section, filled from the
 * top of each word: pageblock k of a section is word k / 16, bits [63 - 4 (k % 16) ..
 * 60 - 4 (k % 16)]; the migratetype is the upper 3 (lowest at bit 61 - 4 (k % 16)), then the
 * skip bit. Two hand-made sections, 0 and 1.
 */
static struct mem_section *roots[NR_SECTION_ROOTS];
static struct mem_section root0[SECTIONS_PER_ROOT];
static unsigned long usemaps[2][4];

static void two_hand_made_sections(void)
{
	memset(root0, 0, sizeof(root0));
	memset(usemaps, 0, sizeof(usemaps));
	mem_section = roots;
	roots[0] = root0;
	for (int nr = 0; nr < 2; nr++) {
		root0[nr].section_mem_map = SECTION_IS_ONLINE | SECTION_MARKED_PRESENT;
		root0[nr].pageblock_flags = usemaps[nr];
	}
}

TEST(pageblock_migratetype_bits)
{
	two_hand_made_sections();
	set_pageblock_migratetype(pfn_to_page(0x0), MIGRATE_MOVABLE);
	EXPECT_EQ(usemaps[0][0], 0x2000000000000000);		/* 1 << 61 */
	set_pageblock_migratetype(pfn_to_page(0x3ff), MIGRATE_RECLAIMABLE);	/* pageblock 1 */
	EXPECT_EQ(usemaps[0][0], 0x2400000000000000);		/* | 2 << 57 */
	set_pageblock_migratetype(pfn_to_page(0x1e00), MIGRATE_MOVABLE);	/* pageblock 15 */
	EXPECT_EQ(usemaps[0][0], 0x2400000000000002);		/* | 1 << 1 */
	set_pageblock_migratetype(pfn_to_page(0x2000), MIGRATE_ISOLATE);	/* 16: word 1 */
	EXPECT_EQ(usemaps[0][1], 0x8000000000000000);		/* 4 << 61 */
	set_pageblock_migratetype(pfn_to_page(0x7fff), MIGRATE_HIGHATOMIC);	/* 63: word 3 */
	EXPECT_EQ(usemaps[0][3], 0x6);				/* 3 << 1 */
	set_pageblock_migratetype(pfn_to_page(0x8000), MIGRATE_MOVABLE);	/* section 1 */
	EXPECT_EQ(usemaps[1][0], 0x2000000000000000);
	EXPECT_EQ(usemaps[0][2], 0);

	EXPECT_EQ(get_pageblock_migratetype(pfn_to_page(0x1ff)), MIGRATE_MOVABLE);
	EXPECT_EQ(get_pageblock_migratetype(pfn_to_page(0x200)), MIGRATE_RECLAIMABLE);
	EXPECT_EQ(get_pageblock_migratetype(pfn_to_page(0x1fff)), MIGRATE_MOVABLE);
	EXPECT_EQ(get_pageblock_migratetype(pfn_to_page(0x2100)), MIGRATE_ISOLATE);
	EXPECT_EQ(get_pageblock_migratetype(pfn_to_page(0x7e00)), MIGRATE_HIGHATOMIC);
	EXPECT_EQ(get_pageblock_migratetype(pfn_to_page(0x400)), MIGRATE_UNMOVABLE);

	/* a new migratetype replaces the 3 bits; the skip bit (bit 60 for pageblock 0) stays */
	set_pfnblock_flags_mask(pfn_to_page(0), 1, 0, PB_migrate_skip, 1);
	EXPECT_EQ(usemaps[0][0] >> 60, 0x3);			/* MOVABLE << 1 | skip */
	set_pageblock_migratetype(pfn_to_page(0), MIGRATE_RECLAIMABLE);
	EXPECT_EQ(usemaps[0][0] >> 60, 0x5);			/* RECLAIMABLE << 1 | skip */
	EXPECT_EQ(get_pageblock_migratetype(pfn_to_page(0)), MIGRATE_RECLAIMABLE);
	EXPECT_EQ(get_pfnblock_flags_mask(pfn_to_page(0), 0, PB_migrate_skip, 1), 1);
}

/*
 * memmap_init_zone on the reference machine (section 14.10): every struct page of DMA
 * [0x1,0x1000) and DMA32 [0x1000,0x7ffe0) is node 0 with its zone (no last_cpupid), refcount 1,
 * mapcount -1; every pageblock-aligned pfn of the zones is MOVABLE. The pageblock of
 * pfn 0 lies outside the zones (DMA starts at pfn 1) and stays UNMOVABLE.
 */
TEST(memmap_init_zone_reference)
{
	struct page *page;

	reference_machine();
	memblock_find_dma_reserve();
	paging_init();

	page = pfn_to_page(0x1);
	EXPECT_EQ(page->flags, 0);				/* DMA, node 0 */
	EXPECT_EQ(page->_refcount.counter, 1);
	EXPECT_EQ(page->_mapcount.counter, -1);
	EXPECT(page->lru.next == &page->lru && page->lru.prev == &page->lru);
	EXPECT_EQ(pfn_to_page(0x9f)->_refcount.counter, 1);		/* a hole inside DMA */
	EXPECT_EQ(pfn_to_page(0x9f)->flags, 0);
	EXPECT_EQ(pfn_to_page(0x1000)->flags, 0x0080000000000000);	/* DMA32: 1 << 55 */
	EXPECT_EQ(pfn_to_page(0x7ffdf)->flags, 0x0080000000000000);
	/* outside every zone: zeroed by zero_resv_unavail */
	EXPECT_EQ(pfn_to_page(0x0)->flags, 0);
	EXPECT_EQ(pfn_to_page(0x0)->_refcount.counter, 0);
	EXPECT_EQ(pfn_to_page(0x7ffe0)->flags, 0);
	EXPECT_EQ(pfn_to_page(0x7ffff)->flags, 0);

	/* section 0: pageblock 0 UNMOVABLE, 1..63 MOVABLE (1 at 61 - 4 k) */
	EXPECT_EQ(__nr_to_section(0)->pageblock_flags[0], 0x0222222222222222);
	EXPECT_EQ(__nr_to_section(0)->pageblock_flags[1], 0x2222222222222222);
	EXPECT_EQ(__nr_to_section(0)->pageblock_flags[3], 0x2222222222222222);
	/* section 15: the last pageblock 0x7fe00 starts inside DMA32, so all 64 are MOVABLE */
	for (int w = 0; w < 4; w++)
		EXPECT_EQ(__nr_to_section(15)->pageblock_flags[w], 0x2222222222222222);
	EXPECT_EQ(get_pageblock_migratetype(pfn_to_page(0x1)), MIGRATE_UNMOVABLE);
	EXPECT_EQ(get_pageblock_migratetype(pfn_to_page(0x200)), MIGRATE_MOVABLE);
}

/* Node 1 of two-node.machine: Normal pages on node 1, 1 << 58 | 2 << 55 (the reference's values). */
TEST(memmap_init_zone_two_nodes)
{
	two_node_machine();
	memblock_find_dma_reserve();
	paging_init();

	EXPECT_EQ(pfn_to_page(0xbffdf)->flags, 0x0080000000000000);	/* DMA32, node 0 */
	EXPECT_EQ(pfn_to_page(0x100000)->flags, 0x0500000000000000);	/* Normal, node 1 */
	EXPECT_EQ(pfn_to_page(0x1bffff)->flags, 0x0500000000000000);
	EXPECT_EQ(page_to_nid(pfn_to_page(0x150000)), 1);
	EXPECT(page_zone(pfn_to_page(0x150000)) == &NODE_DATA(1)->node_zones[ZONE_NORMAL]);
}

/*
 * memmap_init_zone's runs (early_pfn_run_end): node 1's memory lies inside node 0's span, each of
 * its two ranges starting in the middle of a section, one right after a hole of node 0's
 * [0x2a000, 0x2a800), one right before a hole [0x17000, 0x17400); section 6 has no memory, so no
 * memmap. Node 0's DMA32 zone initialised again over marked struct pages must leave node 1's
 * alone and initialise node 0's and the holes' (holes belong to whichever node asks; after
 * paging_init, node 1's, which asked last), as Linux's per-pfn early_pfn_valid() and
 * early_pfn_in_nid() do.
 */
TEST(memmap_init_zone_interleaved_nodes)
{
	static const unsigned long node0[] = { 0xffff, 0x101ff, 0x17400, 0x29fff, 0x2b000, 0x2ffff, 0x38000 };
	static const unsigned long node1[] = { 0x10200, 0x16fff, 0x2a800, 0x2afff };
	static const unsigned long holes[] = { 0x17000, 0x173ff, 0x2a000, 0x2a7ff };
	const unsigned long dma32_node0 = 0x0080000000000000, dma32_node1 = 0x0480000000000000;

	memblock_add_node(0x1000, 0x9e000, 0);
	memblock_add_node(0x100000, 0x10100000, 0);	/* pfn 0x100-0x101ff */
	memblock_add_node(0x10200000, 0x6e00000, 1);	/* pfn 0x10200-0x16fff */
	memblock_add_node(0x17400000, 0x12c00000, 0);	/* pfn 0x17400-0x29fff */
	memblock_add_node(0x2a800000, 0x800000, 1);	/* pfn 0x2a800-0x2afff */
	memblock_add_node(0x2b000000, 0x5000000, 0);	/* pfn 0x2b000-0x2ffff */
	memblock_add_node(0x38000000, 0x8000000, 0);	/* pfn 0x38000-0x3ffff: section 7 */
	part2_low_reservations();
	max_pfn = max_low_pfn = 0x40000;
	part2_node_online(0);
	part2_node_online(1);
	memblock_find_dma_reserve();
	paging_init();

	for (unsigned int i = 0; i < ARRAY_SIZE(node0); i++)
		EXPECT_EQ(pfn_to_page(node0[i])->flags, dma32_node0);
	for (unsigned int i = 0; i < ARRAY_SIZE(node1); i++)
		EXPECT_EQ(pfn_to_page(node1[i])->flags, dma32_node1);
	for (unsigned int i = 0; i < ARRAY_SIZE(holes); i++) {
		EXPECT_EQ(pfn_to_page(holes[i])->flags, dma32_node1);
		EXPECT_EQ(pfn_to_page(holes[i])->_refcount.counter, 1);
	}
	EXPECT(!pfn_valid(0x30000) && !pfn_valid(0x37fff) && pfn_valid(0x38000));

	for (unsigned int i = 0; i < ARRAY_SIZE(node0); i++)
		pfn_to_page(node0[i])->flags = 0xdead;
	for (unsigned int i = 0; i < ARRAY_SIZE(node1); i++)
		pfn_to_page(node1[i])->flags = 0xdead;
	for (unsigned int i = 0; i < ARRAY_SIZE(holes); i++)
		pfn_to_page(holes[i])->flags = 0xdead;
	memmap_init_zone(0x40000 - 0x1000, 0, ZONE_DMA32, 0x1000);
	for (unsigned int i = 0; i < ARRAY_SIZE(node0); i++)
		EXPECT_EQ(pfn_to_page(node0[i])->flags, dma32_node0);
	for (unsigned int i = 0; i < ARRAY_SIZE(node1); i++)
		EXPECT_EQ(pfn_to_page(node1[i])->flags, 0xdead);
	for (unsigned int i = 0; i < ARRAY_SIZE(holes); i++)
		EXPECT_EQ(pfn_to_page(holes[i])->flags, dma32_node0);
}
