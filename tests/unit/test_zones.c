/*
 * Zones (arch/x86/mm/init.c, mm/page_alloc.c): zone_sizes_init's limits, free_area_init_nodes'
 * zone ranges, spanned/absent/present pages per node, ZONE_MOVABLE from kernelcore= and
 * movablecore=, the memmap estimate, per-cpu batch sizes, dma_reserve, and the printed lines.
 *
 * page_alloc.c comes in as source, to read its static state (arch_zone_*_possible_pfn,
 * zone_movable_pfn, dma_reserve) and call its static functions. Without sparse_init no section
 * has a memmap, so memmap_init_zone skips every pfn: these tests size zones only, quickly.
 */
#include "part2.h"
#include "../../kernel/mm/page_alloc.c"

void part2_reset(void)
{
	required_kernelcore = required_kernelcore_percent = 0;
	required_movablecore = required_movablecore_percent = 0;
	mirrored_kernelcore = false;
	nr_kernel_pages = nr_all_pages = 0;
	memset(zone_movable_pfn, 0, sizeof(zone_movable_pfn));
}

#define ZONE(nid, z) (&NODE_DATA(nid)->node_zones[z])
#define EXPECT_ZONE(nid, z, start, spanned, present) do {			\
	EXPECT_EQ(ZONE(nid, z)->zone_start_pfn, start);				\
	EXPECT_EQ(ZONE(nid, z)->spanned_pages, spanned);			\
	EXPECT_EQ(ZONE(nid, z)->present_pages, present); } while (0)

/*
 * node 0: memory [0x1000,0x9f000) + [0x100000,0x80000000), node 1: [0x80000000,0xbffe0000) +
 * [4 GiB, 5 GiB): pc -m 4G with two 2 GiB nodes; node 1 straddles the PCI hole and 4 GiB.
 */
static void straddling_machine(void)
{
	memblock_add(0x1000, 0x9e000);
	memblock_add(0x100000, 0xbfee0000);
	memblock_add(0x100000000, 0x40000000);
	part2_low_reservations();
	memblock_set_node(0, 0x80000000, &memblock.memory, 0);
	memblock_set_node(0x80000000, 0xc0000000, &memblock.memory, 1);
	max_pfn = max_low_pfn = 0x140000;
	part2_node_online(0);
	part2_node_online(1);
}

static void zones_of(void (*machine)(void))
{
	machine();
	memblock_find_dma_reserve();
	zone_sizes_init();
}

/*
 * Reference (section 14.8): max_zone_pfns = { min(0x1000, 0x7ffe0), min(0x100000, 0x7ffe0),
 * 0x7ffe0, 0, 0 }. The first pfn of memory is 1, so DMA is [0x1,0x1000), DMA32 [0x1000,0x7ffe0);
 * Normal and Device start and end at 0x7ffe0 (empty); ZONE_MOVABLE has no arch range.
 */
TEST(zone_ranges_reference)
{
	static const unsigned long low[MAX_NR_ZONES] = { 0x1, 0x1000, 0x7ffe0, 0, 0x7ffe0 };
	static const unsigned long high[MAX_NR_ZONES] = { 0x1000, 0x7ffe0, 0x7ffe0, 0, 0x7ffe0 };

	zones_of(reference_machine);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		EXPECT_EQ(arch_zone_lowest_possible_pfn[z], low[z]);
		EXPECT_EQ(arch_zone_highest_possible_pfn[z], high[z]);
	}
	EXPECT_EQ(movable_zone, ZONE_DMA32);		/* the highest non-empty zone */
	EXPECT_LOG_CONTAINS(
		"Zone ranges:\n"
		"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
		"  DMA32    [mem 0x0000000001000000-0x000000007ffdffff]\n"
		"  Normal   empty\n"
		"  Device   empty\n"
		"Movable zone start for each node\n"
		"Early memory node ranges\n"
		"  node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
		"  node   0: [mem 0x0000000000100000-0x000000007ffdffff]\n");
}

/*
 * Reference (sections 14.9, 14.10). DMA spans 0x1..0xfff (4095), of which pfn 0x9f..0xff are a
 * hole (97): present 3998. DMA32 spans 0x1000..0x7ffdf = 520160 without holes. memmap: DMA
 * 4095 <= 3998 + 3998/16, so spanned: PAGE_ALIGN(4095 x 64) / 4096 = 64; DMA32 520160 x 64 /
 * 4096 = 8127.5 -> 8128. dma_reserve 21 (pfn 0x1-0xf and 0x99-0x9e). Managed estimates:
 * 3998 - 64 - 21 = 3913 and 520160 - 8128 = 512032. Batches: 3913 / 1024 = 3, / 4 = 0 -> 1,
 * 2^0 - 1 = 0; 512032 / 1024 = 500 pages is 2000 KiB > 1 MiB -> 256, / 4 = 64,
 * rounddown_pow_of_two(96) - 1 = 63 (4.19 caps at 1 MiB; 4.18 at 512 KiB gave 31).
 */
TEST(node_sizes_reference)
{
	zones_of(reference_machine);
	EXPECT_EQ(dma_reserve, 21);
	EXPECT_ZONE(0, ZONE_DMA, 0x1, 4095, 3998);
	EXPECT_ZONE(0, ZONE_DMA32, 0x1000, 520160, 520160);
	EXPECT_ZONE(0, ZONE_NORMAL, 0, 0, 0);
	EXPECT_ZONE(0, ZONE_MOVABLE, 0, 0, 0);
	EXPECT_ZONE(0, ZONE_DEVICE, 0, 0, 0);
	EXPECT_EQ(NODE_DATA(0)->node_start_pfn, 0x1);
	EXPECT_EQ(NODE_DATA(0)->node_spanned_pages, 524255);	/* 4095 + 520160 */
	EXPECT_EQ(NODE_DATA(0)->node_present_pages, 524158);	/* 3998 + 520160 */
	EXPECT_EQ(ZONE(0, ZONE_DMA)->managed_pages, 3913);
	EXPECT_EQ(ZONE(0, ZONE_DMA32)->managed_pages, 512032);
	EXPECT_EQ(nr_kernel_pages, 515945);
	EXPECT_EQ(zone_batchsize(ZONE(0, ZONE_DMA)), 0);
	EXPECT_EQ(zone_batchsize(ZONE(0, ZONE_DMA32)), 63);
	EXPECT_EQ(NODE_DATA(0)->nr_zones, 2);		/* DMA32 is the highest initialised zone */
	EXPECT_LOG_CONTAINS("Initmem setup node 0 [mem 0x0000000000001000-0x000000007ffdffff]\n");
	EXPECT_LOG_CONTAINS("On node 0 totalpages: 524158\n");
	EXPECT_LOG_CONTAINS(
		"  DMA zone: 64 pages used for memmap\n"
		"  DMA zone: 21 pages reserved\n"
		"  DMA zone: 3998 pages, LIFO batch:0\n"
		"  DMA32 zone: 8128 pages used for memmap\n"
		"  DMA32 zone: 520160 pages, LIFO batch:63\n");
}

/*
 * two-node.machine: max_zone_pfns { 0x1000, 0x100000, 0x1c0000 }. Node 0 [0x1,0xbffe0): DMA as
 * the reference, DMA32 0x1000..0xbffdf = 782304 pages, memmap 782304 x 64 / 4096 = 12223.5 ->
 * 12224. Node 1 [0x100000,0x1c0000): DMA32 would start at 0x100000 = its end: 0 pages;
 * Normal 786432, memmap 12288. Node 1 has no DMA32: zone_end 0x100000 is not below node_start.
 */
TEST(node_sizes_two_nodes_above_4g)
{
	zones_of(two_node_machine);
	EXPECT_EQ(arch_zone_lowest_possible_pfn[ZONE_NORMAL], 0x100000);
	EXPECT_EQ(arch_zone_highest_possible_pfn[ZONE_NORMAL], 0x1c0000);
	EXPECT_EQ(arch_zone_highest_possible_pfn[ZONE_DMA32], 0x100000);
	EXPECT_EQ(movable_zone, ZONE_NORMAL);
	EXPECT_ZONE(0, ZONE_DMA, 0x1, 4095, 3998);
	EXPECT_ZONE(0, ZONE_DMA32, 0x1000, 782304, 782304);
	EXPECT_ZONE(0, ZONE_NORMAL, 0, 0, 0);
	EXPECT_ZONE(1, ZONE_DMA, 0, 0, 0);
	EXPECT_ZONE(1, ZONE_DMA32, 0, 0, 0);
	EXPECT_ZONE(1, ZONE_NORMAL, 0x100000, 786432, 786432);
	EXPECT_ZONE(1, ZONE_DEVICE, 0, 0, 0);
	EXPECT_EQ(NODE_DATA(1)->node_start_pfn, 0x100000);
	EXPECT_EQ(ZONE(0, ZONE_DMA32)->managed_pages, 770080);	/* 782304 - 12224 */
	EXPECT_EQ(ZONE(1, ZONE_NORMAL)->managed_pages, 774144);	/* 786432 - 12288 */
	EXPECT(node_state(0, N_MEMORY) && node_state(1, N_MEMORY));
	EXPECT(node_state(0, N_NORMAL_MEMORY) && node_state(1, N_NORMAL_MEMORY));
	EXPECT_LOG_CONTAINS(
		"Zone ranges:\n"
		"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
		"  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]\n"
		"  Normal   [mem 0x0000000100000000-0x00000001bfffffff]\n"
		"  Device   empty\n"
		"Movable zone start for each node\n"
		"Early memory node ranges\n"
		"  node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
		"  node   0: [mem 0x0000000000100000-0x00000000bffdffff]\n"
		"  node   1: [mem 0x0000000100000000-0x00000001bfffffff]\n");
	EXPECT_LOG_CONTAINS("On node 0 totalpages: 786302\n");	/* 3998 + 782304 */
	EXPECT_LOG_CONTAINS("  DMA32 zone: 12224 pages used for memmap\n"
			    "  DMA32 zone: 782304 pages, LIFO batch:63\n");
	EXPECT_LOG_CONTAINS("Initmem setup node 1 [mem 0x0000000100000000-0x00000001bfffffff]\n");
	EXPECT_LOG_CONTAINS("On node 1 totalpages: 786432\n");
	EXPECT_LOG_CONTAINS("  Normal zone: 12288 pages used for memmap\n"
			    "  Normal zone: 786432 pages, LIFO batch:63\n");
}

/*
 * Node 1 = [0x80000,0xbffe0) + [0x100000,0x140000). DMA32 in node 1: [0x80000,0x100000) spans
 * 524288 pages, of which [0xbffe0,0x100000) = 262176 are the PCI hole: present 262112. Spanned
 * exceeds present + present/16, so the memmap estimate counts present pages: 262112 x 64 / 4096
 * = 4095.5 -> 4096. Normal [0x100000,0x140000): 262144 pages, no hole.
 */
TEST(node_straddling_4g)
{
	unsigned long s = 0, e = 0;

	zones_of(straddling_machine);
	EXPECT_ZONE(0, ZONE_DMA32, 0x1000, 520192, 520192);	/* 0x1000..0x7ffff */
	EXPECT_ZONE(1, ZONE_DMA, 0, 0, 0);
	EXPECT_ZONE(1, ZONE_DMA32, 0x80000, 524288, 262112);
	EXPECT_ZONE(1, ZONE_NORMAL, 0x100000, 262144, 262144);
	EXPECT_EQ(NODE_DATA(1)->node_spanned_pages, 786432);
	EXPECT_EQ(NODE_DATA(1)->node_present_pages, 524256);
	EXPECT_EQ(ZONE(1, ZONE_DMA32)->managed_pages, 258016);	/* 262112 - 4096 */

	/* the static helpers, called directly with node 1's range */
	EXPECT_EQ(zone_spanned_pages_in_node(1, ZONE_DMA32, 0x80000, 0x140000, &s, &e), 524288);
	EXPECT_EQ(s, 0x80000);
	EXPECT_EQ(e, 0x100000);
	EXPECT_EQ(zone_absent_pages_in_node(1, ZONE_DMA32, 0x80000, 0x140000), 262176);
	EXPECT_EQ(zone_spanned_pages_in_node(1, ZONE_NORMAL, 0x80000, 0x140000, &s, &e), 262144);
	EXPECT_EQ(s, 0x100000);
	EXPECT_EQ(e, 0x140000);
	EXPECT_EQ(zone_absent_pages_in_node(1, ZONE_NORMAL, 0x80000, 0x140000), 0);
	EXPECT_EQ(zone_spanned_pages_in_node(1, ZONE_DMA, 0x80000, 0x140000, &s, &e), 0);
	EXPECT_EQ(zone_spanned_pages_in_node(2, ZONE_NORMAL, 0, 0, &s, &e), 0);	/* empty node */

	/* holes: pfn 0 (1) + 0x9f..0xff (97) + the PCI hole 0xbffe0..0xfffff (262176) */
	EXPECT_EQ(absent_pages_in_range(0, 0x140000), 262274);
	EXPECT_EQ(__absent_pages_in_range(1, 0x80000, 0x100000), 262176);
	EXPECT_EQ(__absent_pages_in_range(0, 0x80000, 0x100000), 524288);	/* none of node 0 */
	EXPECT_EQ(__absent_pages_in_range(0, 0x0, 0x1000), 98);
	EXPECT_EQ(__absent_pages_in_range(MAX_NUMNODES, 0x9f, 0x100), 97);
	EXPECT_EQ(absent_pages_in_range(0x100000, 0x140000), 0);

	EXPECT_LOG_CONTAINS(
		"  node   0: [mem 0x0000000000100000-0x000000007fffffff]\n"
		"  node   1: [mem 0x0000000080000000-0x00000000bffdffff]\n"
		"  node   1: [mem 0x0000000100000000-0x000000013fffffff]\n");
	EXPECT_LOG_CONTAINS("Initmem setup node 1 [mem 0x0000000080000000-0x000000013fffffff]\n");
	EXPECT_LOG_CONTAINS("On node 1 totalpages: 524256\n");
	EXPECT_LOG_CONTAINS("  DMA32 zone: 4096 pages used for memmap\n"
			    "  DMA32 zone: 262112 pages, LIFO batch:63\n"
			    "  Normal zone: 4096 pages used for memmap\n"
			    "  Normal zone: 262144 pages, LIFO batch:63\n");
}

/*
 * find_zone_movable_pfns_for_nodes on two-node.machine. Memory: node 0 158 + 786144 pages, all
 * below usable_startpfn = 0x100000 (the Normal zone: only kernelcore can live there), node 1
 * 786432 pages from 0x100000; total 1572734. kernelcore spreads over 2 nodes, then restarts over
 * the nodes left. Results are rounded up to MAX_ORDER_NR_PAGES (0x400).
 */
static void movable_with(char *kernelcore, char *movablecore)
{
	if (kernelcore)
		cmdline_parse_kernelcore(kernelcore);
	if (movablecore)
		cmdline_parse_movablecore(movablecore);
	zones_of(two_node_machine);
}

/*
 * kernelcore=2G: 524288 pages, 262144 per node. Node 0's 786302 low pages all count as
 * kernelcore (required drops to 0, zone_movable_pfn[0] = 0xbffe0, rounded up to 0xc0000, past
 * node 0's end; 4.19 keeps it, printed, and node 0's empty Movable zone gets 32 present pages,
 * 0 - (0xbffe0 - 0xc0000), as the reference kernel prints: "Movable zone: 32 pages"; later
 * kernels drop it). Node 1 then gets nothing: zone_movable_pfn[1] = 0x100000, all ZONE_MOVABLE.
 */
TEST(kernelcore_2g)
{
	movable_with("2G", NULL);
	EXPECT_EQ(zone_movable_pfn[0], 0xc0000);
	EXPECT_EQ(zone_movable_pfn[1], 0x100000);
	EXPECT_ZONE(0, ZONE_DMA32, 0x1000, 782304, 782304);
	EXPECT_ZONE(0, ZONE_MOVABLE, 0, 0, 32);
	EXPECT_ZONE(1, ZONE_NORMAL, 0, 0, 0);
	EXPECT_ZONE(1, ZONE_MOVABLE, 0x100000, 786432, 786432);
	EXPECT_LOG_CONTAINS("  Movable zone: 32 pages, LIFO batch:0\n");
	EXPECT_LOG_CONTAINS("Movable zone start for each node\n"
			    "  Node 0: 0x00000000c0000000\n"
			    "  Node 1: 0x0000000100000000\n"
			    "Early memory node ranges\n");
	EXPECT_LOG_CONTAINS("  Movable zone: 12288 pages used for memmap\n"
			    "  Movable zone: 786432 pages, LIFO batch:63\n");
}

/*
 * kernelcore=4G: 1048576, 524288 per node. Node 0 takes 158 + 786144: required 262274. Node 1:
 * 262274 < 524288, so per node = 131137: zone_movable_pfn[1] = 0x100000 + 0x20041 = 0x120041,
 * required 131137. Restart with 1 node: 131137 more from 0x120041 -> 0x140082, rounded up to
 * 0x140400. Node 1: Normal 0x40400 = 263168 pages, Movable 0x7fc00 = 523264.
 */
TEST(kernelcore_4g)
{
	movable_with("4G", NULL);
	EXPECT_EQ(zone_movable_pfn[0], 0xc0000);	/* past node 0, kept */
	EXPECT_EQ(zone_movable_pfn[1], 0x140400);
	EXPECT_ZONE(1, ZONE_NORMAL, 0x100000, 263168, 263168);
	EXPECT_ZONE(1, ZONE_MOVABLE, 0x140400, 523264, 523264);
	EXPECT_LOG_CONTAINS("  Node 1: 0x0000000140400000\n");
}

/*
 * movablecore=1G: 262144 pages movable (already a multiple of 1024), so kernelcore =
 * 1572734 - 262144 = 1310590, 655295 per node. Node 0 leaves 524288; node 1 gets 262144
 * (-> 0x140000), the restart another 262144 (-> 0x180000): exactly the last 1 GiB is movable.
 */
TEST(movablecore_1g)
{
	movable_with(NULL, "1G");
	EXPECT_EQ(zone_movable_pfn[0], 0xc0000);
	EXPECT_EQ(zone_movable_pfn[1], 0x180000);
	EXPECT_ZONE(1, ZONE_NORMAL, 0x100000, 524288, 524288);
	EXPECT_ZONE(1, ZONE_MOVABLE, 0x180000, 262144, 262144);
}

/* Both: the larger kernelcore wins, max(1048576, 1310590): the same as movablecore=1G. */
TEST(kernelcore_and_movablecore)
{
	movable_with("4G", "1G");
	EXPECT_EQ(required_kernelcore, 0);			/* all placed */
	EXPECT_EQ(zone_movable_pfn[1], 0x180000);
}

/*
 * kernelcore=50%: 1572734 x 100 x 50 / 10000 = 786367. Node 0 leaves 65; node 1 takes 65 / 2
 * = 32 (-> 0x100020), the restart 33 (-> 0x100041), rounded up to 0x100400.
 */
TEST(kernelcore_percent)
{
	movable_with("50%", NULL);
	EXPECT_EQ(required_kernelcore_percent, 50);
	EXPECT_EQ(zone_movable_pfn[1], 0x100400);
	EXPECT_ZONE(1, ZONE_NORMAL, 0x100000, 1024, 1024);
	EXPECT_ZONE(1, ZONE_MOVABLE, 0x100400, 785408, 785408);
}

/* kernelcore at least all memory (8G > 1572734 pages): no ZONE_MOVABLE, nothing printed. */
TEST(kernelcore_all_memory)
{
	movable_with("8G", NULL);
	EXPECT_EQ(zone_movable_pfn[0], 0);
	EXPECT_EQ(zone_movable_pfn[1], 0);
	EXPECT_LOG_CONTAINS("Movable zone start for each node\nEarly memory node ranges\n");
}

/* calc_memmap_size: spanned pages, or present ones when holes exceed 1/16 of them. */
TEST(calc_memmap_size_values)
{
	EXPECT_EQ(calc_memmap_size(4095, 3998), 64);	/* 262080 bytes -> 64 pages */
	EXPECT_EQ(calc_memmap_size(520160, 520160), 8128);	/* 8127.5 -> 8128 */
	EXPECT_EQ(calc_memmap_size(17000, 16000), 266);	/* 17000 = 16000 + 1000: spanned */
	EXPECT_EQ(calc_memmap_size(17001, 16000), 250);	/* 17001 > 17000: present */
	EXPECT_EQ(calc_memmap_size(0x40000, 0x10000), 1024);
	EXPECT_EQ(calc_memmap_size(0, 0), 0);
}

/* zone_batchsize: managed / 1024, at most 256 (1 MiB), / 4, at least 1, then 2^n - 1. */
TEST(zone_batchsize_values)
{
	static const unsigned long managed[] = { 0, 4095, 8192, 32768, 65536, 131072, 200000,
						 262144, 10000000 };
	static const int batch[] = { 0, 0, 1, 7, 15, 31, 63, 63, 63 };
	struct zone zone;

	/* 8192: 8 / 4 = 2, rdp2(3) - 1 = 1; 32768: 8, rdp2(12) - 1 = 7; 200000: 195 / 4 = 48,
	 * rdp2(72) - 1 = 63 (4.18's 512 KiB cap stopped at 128 / 4 = 32 -> 31) */
	memset(&zone, 0, sizeof(zone));
	for (unsigned i = 0; i < sizeof(managed) / sizeof(managed[0]); i++) {
		zone.managed_pages = managed[i];
		EXPECT_EQ(zone_batchsize(&zone), batch[i]);
	}
}

/*
 * memblock_find_dma_reserve on a hand-made reserved list. Memory below 16 MiB: 158 + 3840 =
 * 3998 pages. Free whole pages: [0x10000,0x50800) -> pfn 0x10..0x4f (64); [0x51000,0x9e800) ->
 * 0x51..0x9d (77); [0x9e900,0x9f000) holds no whole page; [0x100000,0xfff000) -> 3839; above
 * 16 MiB nothing counts. 3998 - 3980 = 18: pfn 0x1-0xf, 0x50, 0x9e (half pages) and 0xfff.
 */
TEST(dma_reserve_hand_made)
{
	memblock_add(0x1000, 0x9e000);
	memblock_add(0x100000, 0x1f00000);
	memblock_reserve(0x0, 0x10000);
	memblock_reserve(0x50800, 0x800);
	memblock_reserve(0x9e800, 0x100);
	memblock_reserve(0xfff000, 0x2000);
	memblock_find_dma_reserve();
	EXPECT_EQ(dma_reserve, 18);
}
