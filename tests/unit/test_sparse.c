/*
 * SPARSEMEM (mm/sparse.c, mm/sparse-vmemmap.c): section arithmetic, memory_present's early
 * encoding, sparse_init's final encoding. Numbers from Linux 4.19's definitions, x86_64 4-level:
 * SECTION_SIZE_BITS 27, PAGE_SHIFT 12, MAX_PHYSMEM_BITS 46, sizeof(struct mem_section) 32
 * (CONFIG_PAGE_EXTENSION, as the reference build: page_ext and pad).
 */
#include "part2.h"

/* mm/sparse.c (not in a header: Linux's encode is static) */
unsigned long sparse_encode_mem_map(struct page *mem_map, unsigned long pnum);
struct page *sparse_decode_mem_map(unsigned long coded_mem_map, unsigned long pnum);

#define EARLY(nid) (((unsigned long)(nid) << SECTION_NID_SHIFT) | SECTION_IS_ONLINE | SECTION_MARKED_PRESENT)

TEST(section_constants)
{
	EXPECT_EQ(PFN_SECTION_SHIFT, 15);		/* 27 - 12 */
	EXPECT_EQ(PAGES_PER_SECTION, 0x8000);		/* 2^15 pages = 128 MiB */
	EXPECT_EQ(PAGE_SECTION_MASK, ~0x7fffUL);
	EXPECT_EQ(SECTIONS_SHIFT, 19);			/* 46 - 27 */
	EXPECT_EQ(NR_MEM_SECTIONS, 524288);		/* 2^19 */
	EXPECT_EQ(sizeof(struct mem_section), 32);	/* section_mem_map, pageblock_flags, page_ext, pad */
	EXPECT_EQ(SECTIONS_PER_ROOT, 128);		/* 4096 / 32 */
	EXPECT_EQ(SECTION_ROOT_MASK, 127);
	EXPECT_EQ(NR_SECTION_ROOTS, 4096);		/* 524288 / 128 */
	EXPECT_EQ(SECTION_MAP_MASK, ~7UL);		/* ~(SECTION_MAP_LAST_BIT(8) - 1) */
	EXPECT_EQ(EARLY(0), 0x5);			/* (0 << 3) | 4 | 1 */
	EXPECT_EQ(EARLY(1), 0xd);			/* (1 << 3) | 4 | 1 */
}

TEST(pfn_to_section_nr_and_back)
{
	EXPECT_EQ(pfn_to_section_nr(0), 0);
	EXPECT_EQ(pfn_to_section_nr(0x7fff), 0);	/* last page of the first 128 MiB */
	EXPECT_EQ(pfn_to_section_nr(0x8000), 1);
	EXPECT_EQ(pfn_to_section_nr(0x7ffdf), 15);	/* the reference's last page: 0x7ffdf >> 15 */
	EXPECT_EQ(pfn_to_section_nr(0x100000), 32);	/* 4 GiB = 32 x 128 MiB */
	EXPECT_EQ(pfn_to_section_nr(0x1bffff), 55);	/* last page of 7 GiB */
	EXPECT_EQ(pfn_to_section_nr((1UL << 34) - 1), 524287);	/* last pfn of 2^46 bytes */
	EXPECT_EQ(section_nr_to_pfn(15), 0x78000);
	EXPECT_EQ(section_nr_to_pfn(32), 0x100000);
	EXPECT_EQ(section_nr_to_pfn(524287), 0x3ffff8000);
	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr += 4099)
		EXPECT_EQ(pfn_to_section_nr(section_nr_to_pfn(nr) + 0x7fff), nr);
	EXPECT_EQ(SECTION_ALIGN_UP(0x7ffe0), 0x80000);
	EXPECT_EQ(SECTION_ALIGN_DOWN(0x7ffe0), 0x78000);
}

TEST(section_nr_to_root)
{
	EXPECT_EQ(SECTION_NR_TO_ROOT(0), 0);
	EXPECT_EQ(SECTION_NR_TO_ROOT(127), 0);
	EXPECT_EQ(SECTION_NR_TO_ROOT(128), 1);		/* 16 GiB */
	EXPECT_EQ(SECTION_NR_TO_ROOT(512), 4);		/* 64 GiB */
	EXPECT_EQ(SECTION_NR_TO_ROOT(524287), 4095);
}

TEST(nr_to_section_needs_the_root)
{
	static struct mem_section *roots[NR_SECTION_ROOTS];
	static struct mem_section root4[SECTIONS_PER_ROOT];

	EXPECT(__nr_to_section(0) == NULL);		/* no root array yet */
	mem_section = roots;
	EXPECT(__nr_to_section(513) == NULL);		/* root 4 missing */
	roots[4] = root4;
	EXPECT(__nr_to_section(513) == &root4[1]);	/* 513 = 4 x 128 + 1 */
	EXPECT(__nr_to_section(639) == &root4[127]);
	EXPECT(__nr_to_section(640) == NULL);		/* root 5 */
	EXPECT(!present_section_nr(513));
	root4[1].section_mem_map = EARLY(0);
	EXPECT(present_section_nr(513));
	EXPECT(!valid_section_nr(513));			/* present, no mem_map yet */
	EXPECT_EQ(__section_nr(&root4[1]), 513);
}

/* Reference machine (section 14.6): pfn [0x1,0x9f) -> section 0; [0x100,0x7ffe0) -> 0..15. */
TEST(memory_present_reference)
{
	unsigned long nd;

	reference_machine();
	sparse_memory_present_with_active_regions(MAX_NUMNODES);

	for (unsigned long nr = 0; nr < 16; nr++) {
		EXPECT(present_section_nr(nr));
		EXPECT_EQ(__nr_to_section(nr)->section_mem_map, 0x5);
		EXPECT(__nr_to_section(nr)->pageblock_flags == NULL);
	}
	EXPECT(!present_section_nr(16));
	EXPECT_EQ(__nr_to_section(16)->section_mem_map, 0);	/* root 0 exists, section is empty */
	EXPECT_EQ(__highest_present_section_nr, 15);
	EXPECT(mem_section[0] != NULL);
	for (int root = 1; root < NR_SECTION_ROOTS; root++)
		EXPECT(mem_section[root] == NULL);
	/*
	 * Top-down memblock allocations below NODE_DATA(0) (which sits at the top, 0x7ffe0000):
	 * the root pointer array, 4096 x 8 = 32 KiB, then root 0, 128 x 32 = 4 KiB. Linux 4.19 on
	 * one-node.machine: NODE_DATA(0) at 0x7ffdb000, the array at 0x7ffd3000, root 0 at 0x7ffd2000.
	 */
	nd = __pa(NODE_DATA(0));
	EXPECT_EQ(nd + roundup(sizeof(pg_data_t), PAGE_SIZE), 0x7ffe0000);
	EXPECT_EQ(__pa(mem_section), nd - 0x8000);
	EXPECT_EQ(__pa(mem_section[0]), nd - 0x9000);
	/* before sparse_init a section is present but has no memmap: pfn_present, not pfn_valid */
	EXPECT(pfn_present(0x7ffdf));
	EXPECT(!pfn_valid(0x7ffdf));
	EXPECT(!pfn_present(0x80000));
}

/* two-node.machine: sections 0..23 on node 0 (0xbffdf >> 15 = 23), 32..55 on node 1. */
TEST(memory_present_two_nodes_above_4g)
{
	two_node_machine();
	sparse_memory_present_with_active_regions(MAX_NUMNODES);

	for (unsigned long nr = 0; nr < 64; nr++) {
		unsigned long expected = nr <= 23 ? 0x5 : nr >= 32 && nr <= 55 ? 0xd : 0;

		EXPECT_EQ(__nr_to_section(nr)->section_mem_map, expected);
	}
	EXPECT_EQ(__highest_present_section_nr, 55);
	for (int root = 1; root < NR_SECTION_ROOTS; root++)
		EXPECT(mem_section[root] == NULL);
}

/*
 * The first range to reach a section names its node: node 1 starting at 1088 MiB, inside
 * section 8 ([1024, 1152) MiB), leaves section 8 on node 0. Memory at 64 GiB (section 512) needs
 * root 4, allocated on its own node.
 */
TEST(memory_present_first_range_names_the_node)
{
	memblock_add(0x100000, 0x43f00000);		/* node 0: [1 MiB, 1088 MiB) */
	memblock_add(0x44000000, 0x3c000000);		/* node 1: [1088 MiB, 2 GiB) */
	memblock_add(0x1000000000, 0x8000000);		/* node 2: [64 GiB, 64 GiB + 128 MiB) */
	memblock_set_node(0, 0x44000000, &memblock.memory, 0);
	memblock_set_node(0x44000000, 0x3c000000, &memblock.memory, 1);
	memblock_set_node(0x1000000000, 0x8000000, &memblock.memory, 2);
	sparse_memory_present_with_active_regions(MAX_NUMNODES);

	EXPECT_EQ(__nr_to_section(7)->section_mem_map, 0x5);
	EXPECT_EQ(__nr_to_section(8)->section_mem_map, 0x5);	/* shared, node 0 came first */
	EXPECT_EQ(__nr_to_section(9)->section_mem_map, 0xd);
	EXPECT_EQ(__nr_to_section(15)->section_mem_map, 0xd);
	EXPECT_EQ(__nr_to_section(512)->section_mem_map, 0x15);	/* (2 << 3) | 5 */
	EXPECT_EQ(__highest_present_section_nr, 512);
	EXPECT(mem_section[0] != NULL);
	EXPECT(mem_section[1] == NULL);
	EXPECT(mem_section[4] != NULL);
	/*
	 * Top-down: the root array (32 KiB, any node) takes the top of all memory, node 2's;
	 * root 0 comes from node 0's top, root 4 from node 2's, below the root array.
	 */
	EXPECT_EQ(__pa(mem_section), 0x1008000000 - 0x8000);
	EXPECT_EQ(__pa(mem_section[0]), 0x44000000 - 0x1000);
	EXPECT_EQ(__pa(mem_section[4]), 0x1008000000 - 0x9000);
	EXPECT_EQ(__section_nr(__nr_to_section(512)), 512);
}

/* A range beyond 2^46 bytes is clamped to MAX_PHYSMEM_BITS: only the last section is marked. */
TEST(memory_present_clamps_to_max_physmem_bits)
{
	memblock_add(0x100000, 0x1000000);		/* somewhere for the root array */
	memory_present(3, (1UL << 34) - 0x8000, (1UL << 34) + 0x8000);
	EXPECT_EQ(__nr_to_section(524287)->section_mem_map, 0x1d);	/* (3 << 3) | 5 */
	EXPECT_EQ(__highest_present_section_nr, 524287);
	EXPECT(mem_section[4095] != NULL);
}

/*
 * sparse_encode_mem_map stores mem_map - section's first pfn. With VMEMMAP the mem_map of
 * section N is vmemmap + N * 32768, so every section encodes the vmemmap base itself
 * (0xffffea0000000000 in the kernel, section 14.7). Pure arithmetic: no struct page is touched.
 */
TEST(encode_decode_round_trip)
{
	vmemmap_base = 0xffffea0000000000UL;
	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr += 977) {
		struct page *map = vmemmap + section_nr_to_pfn(nr);
		unsigned long coded = sparse_encode_mem_map(map, nr);

		EXPECT_EQ(coded, 0xffffea0000000000UL);
		EXPECT(sparse_decode_mem_map(coded | SECTION_HAS_MEM_MAP | 5, nr) == map);
	}
	/* section 15 of the reference: mem_map 0xffffea0000000000 + 15 * 32768 * 64 */
	EXPECT_EQ((unsigned long)(vmemmap + section_nr_to_pfn(15)), 0xffffea0001e00000UL);
	EXPECT_EQ(sparse_encode_mem_map((struct page *)0xffffea0001e00000UL, 15), 0xffffea0000000000UL);
	EXPECT(sparse_decode_mem_map(0xffffea0000000007UL, 15) == (struct page *)0xffffea0001e00000UL);
}

TEST(usemap_size_is_32_bytes)
{
	EXPECT_EQ(SECTION_BLOCKFLAGS_BITS, 256);	/* 2^(15 - 9) pageblocks x 4 bits */
	EXPECT_EQ(usemap_size(), 32);			/* BITS_TO_LONGS(256) x 8 */
}

/*
 * sparse_init on the reference machine (section 14.7): every present section ends as
 * vmemmap | PRESENT | HAS_MEM_MAP | ONLINE (0xffffea0000000007 in the kernel), and the 16
 * usemaps are one 512-byte block, allocated top-down just below root 0 (it lies in the section
 * of NODE_DATA(0), 15, as MEMORY_HOTREMOVE wants).
 */
TEST(sparse_init_reference)
{
	unsigned long *usemap;

	reference_machine();
	sparse_memory_present_with_active_regions(MAX_NUMNODES);
	sparse_init();

	usemap = __va(__pa(mem_section[0]) - 16 * 32);
	for (unsigned long nr = 0; nr < 16; nr++) {
		struct mem_section *ms = __nr_to_section(nr);

		EXPECT_EQ(ms->section_mem_map, vmemmap_base | 7);
		EXPECT(__section_mem_map_addr(ms) == vmemmap);
		EXPECT(sparse_decode_mem_map(ms->section_mem_map, nr) == pfn_to_page(section_nr_to_pfn(nr)));
		EXPECT(ms->pageblock_flags == usemap + 4 * nr);
		EXPECT(valid_section_nr(nr));
	}
	EXPECT_EQ(__nr_to_section(16)->section_mem_map, 0);
	EXPECT(pfn_valid(0));				/* the hole at pfn 0 has a struct page */
	EXPECT(pfn_valid(0x7ffff));			/* so does the section tail above memory */
	EXPECT(!pfn_valid(0x80000));
	EXPECT(!pfn_valid(NR_MEM_SECTIONS << PFN_SECTION_SHIFT));
	/* the usemap is in NODE_DATA's section: no "circular dependency" message */
	EXPECT(!strstr(console_log, "circular dependency"));
}

/* Two runs of sections, one per node: each node's usemaps and memmap come from its own memory. */
TEST(sparse_init_two_nodes)
{
	struct mem_section *s0, *s32;

	two_node_machine();
	sparse_memory_present_with_active_regions(MAX_NUMNODES);
	sparse_init();

	s0 = __nr_to_section(0);
	s32 = __nr_to_section(32);
	for (unsigned long nr = 0; nr < 64; nr++) {
		bool present = nr <= 23 || (nr >= 32 && nr <= 55);

		EXPECT_EQ(__nr_to_section(nr)->section_mem_map, present ? vmemmap_base | 7 : 0);
		if (nr <= 23)
			EXPECT(__nr_to_section(nr)->pageblock_flags == s0->pageblock_flags + 4 * nr);
		if (nr >= 32 && nr <= 55)
			EXPECT(__nr_to_section(nr)->pageblock_flags == s32->pageblock_flags + 4 * (nr - 32));
	}
	/* usemaps next to each node's pg_data_t: node 0 below 3 GiB, node 1 in [4 GiB, 7 GiB) */
	EXPECT_EQ(pfn_to_section_nr(PFN_DOWN(__pa(s0->pageblock_flags))),
		  pfn_to_section_nr(PFN_DOWN(__pa(NODE_DATA(0)))));
	EXPECT_EQ(pfn_to_section_nr(PFN_DOWN(__pa(s32->pageblock_flags))),
		  pfn_to_section_nr(PFN_DOWN(__pa(NODE_DATA(1)))));
	EXPECT_EQ(__pa(NODE_DATA(1)) + roundup(sizeof(pg_data_t), PAGE_SIZE), 0x1c0000000);
	EXPECT(pfn_valid(0xbffff) && !pfn_valid(0xc0000) && !pfn_valid(0xfffff) && pfn_valid(0x100000));
}
