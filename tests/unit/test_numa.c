/*
 * NUMA memory map handling (arch/x86/mm/numa.c, numa_emulation.c) on hand-made numa_meminfo:
 * adding blocks, numa_cleanup_meminfo's trimming and merging, the distance table, numa=fake=.
 */
#define MM_STEP_HOSTED
#include "unit.h"
#include "acpi_images.h"

extern int emu_nid_to_phys[MAX_NUMNODES];

void unit_reset(void)
{
	reset_acpi_numa_state();
	memset(&numa_meminfo, 0, sizeof(numa_meminfo));
	nodes_clear(numa_nodes_parsed);
}

#define BLK(mi, i, s, e, n) do { EXPECT_EQ((mi).blk[i].start, s);	\
	EXPECT_EQ((mi).blk[i].end, e); EXPECT_EQ((mi).blk[i].nid, n); } while (0)

/* -m 2G, no -numa: SeaBIOS's RAM (scripts/topologies/one-node) */
static void one_node_2g(void)
{
	memblock_add(0x1000, 0x9e000);
	memblock_add(0x100000, 0x7fee0000);
	memblock_reserve(0, 0x100000);
	max_pfn = 0x7ffe0;
	memblock_set_current_limit(PFN_PHYS(max_pfn));
}

/* -m 6G, two nodes of 3 GiB (scripts/topologies/two-node), as numa_cleanup_meminfo leaves it */
static void two_node_6g(void)
{
	memblock_add(0x1000, 0x9e000);
	memblock_add(0x100000, 0xbfee0000);
	memblock_add(0x100000000, 0xc0000000);
	memblock_reserve(0, 0x100000);
	max_pfn = 0x1c0000;
	memblock_set_current_limit(PFN_PHYS(max_pfn));
	numa_add_memblk(0, 0, 0xc0000000);
	numa_add_memblk(1, 0x100000000, 0x1c0000000);
	node_set(0, numa_nodes_parsed);
	node_set(1, numa_nodes_parsed);
}

TEST(add_memblk_ignores_empty_and_invalid_blocks)
{
	EXPECT_EQ(numa_add_memblk(0, 0x1000, 0x1000), 0);
	EXPECT_EQ(numa_add_memblk(64, 0, 0x1000), 0);
	EXPECT_EQ(numa_add_memblk(0, 0x2000, 0x1000), 0);
	EXPECT_EQ(numa_meminfo.nr_blks, 0);
	EXPECT_STR(console_log, "Warning: invalid memblk node 64 [mem 0x00000000-0x00000fff]\n"
				"Warning: invalid memblk node 0 [mem 0x00002000-0x00000fff]\n");
}

TEST(add_memblk_refuses_more_than_nr_node_memblks)
{
	for (int i = 0; i < NR_NODE_MEMBLKS; i++)
		EXPECT_EQ(numa_add_memblk(i % MAX_NUMNODES, (u64)i << 30, ((u64)i << 30) + 0x1000), 0);
	EXPECT_EQ(numa_add_memblk(0, 0x1000000000ULL, 0x1000001000ULL), -EINVAL);
	EXPECT_EQ(numa_meminfo.nr_blks, 128);
	EXPECT_STR(console_log, "too many memblk ranges\n");
}

TEST(cleanup_trims_to_max_pfn_and_drops_blocks_without_ram)
{
	one_node_2g();
	numa_add_memblk(0, 0, 0xa0000);
	numa_add_memblk(0, 0xa0000, 0x100000);		/* the legacy hole: no RAM */
	numa_add_memblk(1, 0x100000, 0x80000000);	/* trimmed to max_pfn */
	numa_add_memblk(2, 0x80000000, 0x100000000);	/* above max_pfn: empty */
	EXPECT_EQ(numa_cleanup_meminfo(&numa_meminfo), 0);
	EXPECT_EQ(numa_meminfo.nr_blks, 2);
	BLK(numa_meminfo, 0, 0, 0xa0000, 0);
	BLK(numa_meminfo, 1, 0x100000, 0x7ffe0000, 1);
	BLK(numa_meminfo, 2, 0, 0, NUMA_NO_NODE);	/* unused slots are cleared */
	BLK(numa_meminfo, NR_NODE_MEMBLKS - 1, 0, 0, NUMA_NO_NODE);
	EXPECT_STR(console_log, "");
}

TEST(cleanup_merges_a_node_split_by_a_hole)
{
	one_node_2g();
	numa_add_memblk(0, 0x100000, 0x40000000);
	numa_add_memblk(1, 0x40000000, 0x7ffe0000);
	numa_add_memblk(0, 0, 0xa0000);
	EXPECT_EQ(numa_cleanup_meminfo(&numa_meminfo), 0);
	EXPECT_EQ(numa_meminfo.nr_blks, 2);
	BLK(numa_meminfo, 0, 0, 0x40000000, 0);
	BLK(numa_meminfo, 1, 0x40000000, 0x7ffe0000, 1);
	EXPECT_STR(console_log, "NUMA: Node 0 [mem 0x00100000-0x3fffffff] + [mem 0x00000000-0x0009ffff]"
				" -> [mem 0x00000000-0x3fffffff]\n");
}

TEST(cleanup_refuses_overlapping_nodes)
{
	one_node_2g();
	numa_add_memblk(0, 0, 0x50000000);
	numa_add_memblk(1, 0x40000000, 0x7ffe0000);
	EXPECT_EQ(numa_cleanup_meminfo(&numa_meminfo), -EINVAL);
	EXPECT_STR(console_log, "node 0 [mem 0x00000000-0x4fffffff] overlaps with node 1"
				" [mem 0x40000000-0x7ffdffff]\n");
}

TEST(cleanup_merges_a_node_overlapping_itself)
{
	one_node_2g();
	numa_add_memblk(0, 0, 0x50000000);
	numa_add_memblk(0, 0x40000000, 0x7ffe0000);
	EXPECT_EQ(numa_cleanup_meminfo(&numa_meminfo), 0);
	EXPECT_EQ(numa_meminfo.nr_blks, 1);
	BLK(numa_meminfo, 0, 0, 0x7ffe0000, 0);
	EXPECT_STR(console_log,
		   "Warning: node 0 [mem 0x00000000-0x4fffffff] overlaps with itself [mem 0x40000000-0x7ffdffff]\n"
		   "NUMA: Node 0 [mem 0x00000000-0x4fffffff] + [mem 0x40000000-0x7ffdffff] -> [mem 0x00000000-0x7ffdffff]\n");
}

TEST(distance_table_defaults_and_warnings)
{
	two_node_6g();
	EXPECT_EQ(node_distance(0, 1), REMOTE_DISTANCE);	/* no table yet */
	numa_set_distance(0, 1, 21);
	EXPECT_EQ(numa_distance_cnt, 2);
	EXPECT_EQ(numa_distance[0], 10);
	EXPECT_EQ(numa_distance[1], 21);
	EXPECT_EQ(numa_distance[2], 20);
	EXPECT_EQ(numa_distance[3], 10);
	EXPECT(memblock_is_region_reserved(__pa(numa_distance), 4));
	numa_set_distance(0, 2, 30);				/* beyond the table */
	numa_set_distance(0, 3, 30);				/* warned once only */
	numa_set_distance(1, 1, 20);				/* self must be 10 */
	numa_set_distance(0, 1, 300);
	EXPECT_EQ(node_distance(0, 1), 21);
	EXPECT_EQ(node_distance(1, 1), 10);
	EXPECT_STR(console_log, "NUMA: Initialized distance table, cnt=2\n"
				"Warning: node ids are out of bound, from=0 to=2 distance=30\n"
				"Warning: invalid distance parameter, from=1 to=1 distance=20\n");
	numa_reset_distance();
	EXPECT_EQ(numa_distance_cnt, 0);
	EXPECT_EQ(memblock.reserved.cnt, 1);			/* the table is freed */
}

TEST(emulation_without_numa_fake_is_the_identity)
{
	two_node_6g();
	numa_emulation(&numa_meminfo, 0);
	EXPECT_EQ(numa_meminfo.nr_blks, 2);
	EXPECT_EQ(emu_nid_to_phys[5], 5);
	EXPECT_STR(console_log, "");
}

TEST(emulation_numa_fake_4_on_one_node)
{
	char cmd[] = "4";

	one_node_2g();
	numa_add_memblk(0, 0, 0x7ffe0000);
	node_set(0, numa_nodes_parsed);
	numa_emu_cmdline(cmd);
	numa_emulation(&numa_meminfo, 0);
	/* 524158 pages of RAM / 4, in 32 MiB steps; 3 "big" nodes take the remainder */
	EXPECT_STR(console_log,
		   "Faking node 0 at [mem 0x0000000000000000-0x000000001fffffff] (512MB)\n"
		   "Faking node 1 at [mem 0x0000000020000000-0x000000003fffffff] (512MB)\n"
		   "Faking node 2 at [mem 0x0000000040000000-0x000000005fffffff] (512MB)\n"
		   "Faking node 3 at [mem 0x0000000060000000-0x000000007ffdffff] (511MB)\n"
		   "NUMA: Initialized distance table, cnt=4\n");
	EXPECT_EQ(numa_meminfo.nr_blks, 4);
	BLK(numa_meminfo, 3, 0x60000000, 0x7ffe0000, 3);
	EXPECT_EQ(numa_nodes_parsed.bits[0], 0xf);
	EXPECT_EQ(node_distance(0, 3), LOCAL_DISTANCE);	/* all on physical node 0 */
	EXPECT_EQ(emu_nid_to_phys[3], 0);
}

TEST(emulation_numa_fake_256M_on_one_node)
{
	char cmd[] = "256M";

	one_node_2g();
	numa_add_memblk(0, 0, 0x7ffe0000);
	node_set(0, numa_nodes_parsed);
	numa_emu_cmdline(cmd);
	numa_emulation(&numa_meminfo, 0);
	EXPECT_LOG_CONTAINS("Faking node 0 at [mem 0x0000000000000000-0x0000000011ffffff] (288MB)\n"
			    "Faking node 1 at [mem 0x0000000012000000-0x0000000021ffffff] (256MB)\n");
	EXPECT_LOG_CONTAINS("Faking node 6 at [mem 0x0000000062000000-0x000000007ffdffff] (479MB)\n"
			    "NUMA: Initialized distance table, cnt=7\n");
	EXPECT_EQ(numa_meminfo.nr_blks, 7);
}

TEST(emulation_too_small_size_is_raised)
{
	char cmd[] = "8M";

	one_node_2g();
	numa_add_memblk(0, 0, 0x7ffe0000);
	node_set(0, numa_nodes_parsed);
	numa_emu_cmdline(cmd);
	numa_emulation(&numa_meminfo, 0);
	EXPECT_LOG_CONTAINS("Fake node size 8MB too small, increasing to 32MB\n"
			    "Faking node 0 at [mem 0x0000000000000000-0x0000000003ffffff] (64MB)\n");
	EXPECT(numa_meminfo.nr_blks <= MAX_NUMNODES);
	EXPECT_EQ(numa_meminfo.nr_blks, 62);		/* 64 MiB, 60 x 32 MiB, the last 63.9 MiB */
	EXPECT_LOG_CONTAINS("Faking node 61 at [mem 0x000000007c000000-0x000000007ffdffff] (63MB)\n");
}

TEST(emulation_interleaves_over_physical_nodes_and_keeps_distances)
{
	char cmd[] = "4";

	two_node_6g();
	numa_set_distance(0, 1, 21);
	numa_set_distance(1, 0, 21);
	numa_emu_cmdline(cmd);
	numa_emulation(&numa_meminfo, numa_distance_cnt);
	EXPECT_LOG_CONTAINS("Faking node 0 at [mem 0x0000000000000000-0x000000005fffffff] (1536MB)\n"
			    "Faking node 1 at [mem 0x0000000100000000-0x000000015fffffff] (1536MB)\n"
			    "Faking node 2 at [mem 0x0000000060000000-0x00000000bfffffff] (1536MB)\n"
			    "Faking node 3 at [mem 0x0000000160000000-0x00000001bfffffff] (1536MB)\n");
	EXPECT_EQ(emu_nid_to_phys[2], 0);
	EXPECT_EQ(emu_nid_to_phys[3], 1);
	EXPECT_EQ(numa_distance_cnt, 4);
	EXPECT_EQ(node_distance(0, 2), 10);		/* two fake nodes on one physical node */
	EXPECT_EQ(node_distance(0, 1), 21);
	EXPECT_EQ(node_distance(3, 2), 21);
	EXPECT_EQ(node_distance(3, 3), 10);
}

TEST(emulation_of_zero_nodes_is_refused)
{
	char cmd[] = "0";

	two_node_6g();
	numa_emu_cmdline(cmd);
	numa_emulation(&numa_meminfo, 0);
	EXPECT_EQ(numa_meminfo.nr_blks, 2);
	EXPECT_EQ(emu_nid_to_phys[1], 1);
}
