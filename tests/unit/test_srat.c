/*
 * ACPI tables and SRAT/SLIT NUMA (drivers/acpi/{tables,numa,osl}.c, acpica/, arch/x86/mm/srat.c,
 * numa.c): byte images of RSDP, RSDT/XSDT, SRAT and SLIT built by hand in the hosted physical
 * memory, then acpi_boot_table_init() and x86_numa_init() as setup_arch runs them.
 */
#define MM_STEP_HOSTED
#include "unit.h"
#include "acpi_images.h"

void unit_reset(void)
{
	reset_acpi_numa_state();
}

#define BLK(i, s, e, n) do { EXPECT_EQ(numa_meminfo.blk[i].start, s);	\
	EXPECT_EQ(numa_meminfo.blk[i].end, e); EXPECT_EQ(numa_meminfo.blk[i].nid, n); } while (0)

/* ---- tests ---- */

TEST(two_nodes_as_qemu_builds_them)
{
	static const u32 tables[] = { 0xbffe1b17 };
	u64 nd_size;

	two_node_machine();
	two_node_srat(0xbffe1b17);
	acpi_root(tables, 1);
	boot();

	/* the table list, as Linux prints it (found by scanning: no boot_params address) */
	EXPECT_LOG_CONTAINS("ACPI: Early table checksum verification disabled\n"
			    "ACPI: RSDP 0x00000000000F59B0 000014 (v00 BOCHS )\n"
			    "ACPI: RSDT 0x00000000BFFE1C2F 000028 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"
			    "ACPI: SRAT 0x00000000BFFE1B17 0000F0 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"
			    "ACPI: Reserving SRAT table memory at [mem 0xbffe1b17-0xbffe1c06]\n");
	EXPECT(memblock_is_region_reserved(0xbffe1b17, 0xf0));
	EXPECT_LOG_CONTAINS("SRAT: PXM 0 -> APIC 0x00 -> Node 0\n");
	EXPECT_LOG_CONTAINS("SRAT: PXM 1 -> APIC 0x01 -> Node 1\n");
	EXPECT_LOG_CONTAINS("ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]\n");
	EXPECT_LOG_CONTAINS("ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0xbfffffff]\n");
	EXPECT_LOG_CONTAINS("ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x1bfffffff]\n");
	EXPECT_LOG_CONTAINS("NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0xbfffffff]"
			    " -> [mem 0x00000000-0xbfffffff]\n");
	EXPECT(!strstr(console_log, "Faking"));

	EXPECT_EQ(numa_meminfo.nr_blks, 2);
	BLK(0, 0, 0xc0000000, 0);
	BLK(1, 0x100000000, 0x1c0000000, 1);
	EXPECT_EQ(numa_meminfo.blk[2].nid, NUMA_NO_NODE);
	EXPECT_EQ(__apicid_to_node[0], 0);
	EXPECT_EQ(__apicid_to_node[1], 1);
	EXPECT_EQ(__apicid_to_node[2], NUMA_NO_NODE);
	EXPECT_EQ(node_online_map.bits[0], 0x3);
	EXPECT_EQ(node_possible_map.bits[0], 0x3);
	EXPECT_EQ(numa_distance_cnt, 0);		/* no SLIT: no table */
	EXPECT_EQ(node_distance(0, 1), REMOTE_DISTANCE);

	/* memblock knows the node of every region */
	EXPECT_EQ(memblock.memory.cnt, 3);
	EXPECT_EQ(memblock.memory.regions[0].nid, 0);
	EXPECT_EQ(memblock.memory.regions[1].nid, 0);
	EXPECT_EQ(memblock.memory.regions[2].nid, 1);

	/* each pg_data_t at the top of its own node */
	nd_size = roundup(sizeof(pg_data_t), PAGE_SIZE);
	EXPECT_EQ(__pa(node_data[1]), 0x1c0000000 - nd_size);
	EXPECT_EQ(__pa(node_data[0]), 0xbffe0000 - nd_size);
	{
		char line[128];

		snprintf(line, sizeof(line), "NODE_DATA(0) allocated [mem %#010llx-0xbffdffff]\n",
			 0xbffe0000 - nd_size);
		EXPECT_LOG_CONTAINS(line);
		snprintf(line, sizeof(line), "NODE_DATA(1) allocated [mem %#010llx-0x1bfffffff]\n",
			 0x1c0000000 - nd_size);
		EXPECT_LOG_CONTAINS(line);
	}
	EXPECT(!strstr(console_log, "NODE_DATA(0) on node"));
}

TEST(rsdp_from_boot_params_and_xsdt_preferred)
{
	static const u32 rsdt_tables[] = { 0xdead0000 };	/* must not be read */
	static const u64 xsdt_tables[] = { 0xbffe1b17 };

	two_node_machine();
	two_node_srat(0xbffe1b17);
	rsdp_v2(0xbffe0100, 0xbffe1c2f, 0xbffe1d00);
	rsdt(0xbffe1c2f, rsdt_tables, 1);
	xsdt(0xbffe1d00, xsdt_tables, 1);
	boot_params.acpi_rsdp_addr = 0xbffe0100;
	boot();
	EXPECT_LOG_CONTAINS("ACPI: RSDP 0x00000000BFFE0100 000024 (v02 BOCHS )\n"
			    "ACPI: XSDT 0x00000000BFFE1D00 00002C (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"
			    "ACPI: SRAT 0x00000000BFFE1B17");
	EXPECT_EQ(numa_meminfo.nr_blks, 2);
}

TEST(fadt_brings_dsdt_and_facs_in_linux_order)
{
	static const u32 tables[] = { 0xbffe19eb, 0xbffe1b17 };
	struct acpi_table_fadt *fadt = __va(0xbffe19eb);

	two_node_machine();
	two_node_srat(0xbffe1b17);
	acpi_header(0xbffe19eb, "FACP", 0x74, 1);
	fadt->facs = 0xbffe0000;
	fadt->dsdt = 0xbffe0040;
	acpi_checksum(0xbffe19eb);
	acpi_header(0xbffe0040, "DSDT", 0x19ab, 1);
	memcpy(__va(0xbffe0000), "FACS", 4);
	*(u32 *)__va(0xbffe0004) = 0x40;
	acpi_root(tables, 2);
	acpi_boot_table_init();
	EXPECT_LOG_CONTAINS("ACPI: FACP 0x00000000BFFE19EB 000074 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"
			    "ACPI: DSDT 0x00000000BFFE0040 0019AB (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"
			    "ACPI: FACS 0x00000000BFFE0000 000040\n"
			    "ACPI: SRAT 0x00000000BFFE1B17 0000F0");
	EXPECT_LOG_CONTAINS("ACPI: Reserving FACP table memory at [mem 0xbffe19eb-0xbffe1a5e]\n"
			    "ACPI: Reserving DSDT table memory at [mem 0xbffe0040-0xbffe19ea]\n"
			    "ACPI: Reserving FACS table memory at [mem 0xbffe0000-0xbffe003f]\n");
}

/* -m 4G -smp 3, node 1 with a CPU and no memory (scripts/topologies/memoryless-node) */
TEST(memoryless_node_is_possible_but_not_online)
{
	static const u32 tables[] = { 0xbffe1b7c };
	static const u64 ram[][2] = {
		{ 0x1000, 0x9f000 }, { 0x100000, 0xbffe0000 }, { 0x100000000, 0x140000000 },
	};

	memory(0x140000, ram, 3);
	srat_begin(0xbffe1b7c);
	srat_cpu(0, 0, 1);
	srat_cpu(1, 1, 1);
	srat_cpu(2, 2, 1);
	srat_mem(0, 0, 0xa0000, 1);
	srat_mem(0, 0x100000, 0x7ff00000, 1);
	srat_mem(2, 0x80000000, 0x40000000, 1);
	srat_mem(2, 0x100000000, 0x40000000, 1);
	srat_mem(0, 0, 0, 0);
	srat_end();
	rsdp_v0(0xf59b0, 0xbffe1ccc);			/* right after the longer SRAT */
	rsdt(0xbffe1ccc, tables, 1);
	boot();

	EXPECT_LOG_CONTAINS("SRAT: PXM 2 -> APIC 0x02 -> Node 2\n");
	EXPECT_LOG_CONTAINS("ACPI: SRAT: Node 2 PXM 2 [mem 0x100000000-0x13fffffff]\n");
	EXPECT_LOG_CONTAINS("NUMA: Node 2 [mem 0x80000000-0xbfffffff] + [mem 0x100000000-0x13fffffff]"
			    " -> [mem 0x80000000-0x13fffffff]\n");
	EXPECT_EQ(numa_meminfo.nr_blks, 2);
	BLK(0, 0, 0x80000000, 0);
	BLK(1, 0x80000000, 0x140000000, 2);
	EXPECT_EQ(node_possible_map.bits[0], 0x7);
	EXPECT_EQ(node_online_map.bits[0], 0x5);
	EXPECT(node_data[1] == NULL);
	EXPECT(!strstr(console_log, "NODE_DATA(1)"));
}

TEST(hotplug_disabled_and_non_volatile_entries)
{
	static const u32 tables[] = { 0xbffe1000 };

	two_node_machine();
	srat_begin(0xbffe1000);
	srat_cpu(0, 0, 1);
	srat_cpu(1, 1, 0);				/* disabled CPU: no mapping */
	srat_mem(0, 0, 0xc0000000, 1);
	srat_mem(1, 0x100000000, 0x80000000, 1);
	srat_mem(1, 0x180000000, 0x40000000, 1 | 2);	/* hot-pluggable, still RAM now */
	srat_mem(1, 0x200000000, 0x100000000, 1 | 2 | 4);	/* beyond max_pfn: trimmed */
	srat_mem(2, 0x300000000, 0x100000000, 0);	/* disabled: ignored */
	srat_end();
	acpi_root(tables, 1);
	boot();

	EXPECT_LOG_CONTAINS("ACPI: SRAT: Node 1 PXM 1 [mem 0x180000000-0x1bfffffff] hotplug\n");
	EXPECT_LOG_CONTAINS("ACPI: SRAT: Node 1 PXM 1 [mem 0x200000000-0x2ffffffff] hotplug non-volatile\n");
	EXPECT(!strstr(console_log, "PXM 2 ["));
	EXPECT(!strstr(console_log, "APIC 0x01"));
	EXPECT_EQ(__apicid_to_node[1], NUMA_NO_NODE);
	EXPECT_EQ(max_possible_pfn, 0x300000);
	/* node 1 holds no kernel memory: its hot-pluggable part stays marked */
	EXPECT_EQ(memblock.memory.cnt, 4);
	EXPECT_EQ(memblock.memory.regions[2].base, 0x100000000);
	EXPECT_EQ(memblock.memory.regions[2].flags, MEMBLOCK_NONE);
	EXPECT_EQ(memblock.memory.regions[3].base, 0x180000000);
	EXPECT_EQ(memblock.memory.regions[3].flags, MEMBLOCK_HOTPLUG);
	EXPECT_EQ(numa_meminfo.nr_blks, 2);
	BLK(1, 0x100000000, 0x1c0000000, 1);
}

TEST(hotplug_cleared_on_a_node_with_kernel_memory)
{
	static const u32 tables[] = { 0xbffe1000 };

	two_node_machine();
	srat_begin(0xbffe1000);
	srat_mem(0, 0, 0xc0000000, 1 | 2);		/* the kernel lives here */
	srat_mem(1, 0x100000000, 0xc0000000, 1);
	srat_end();
	acpi_root(tables, 1);
	boot();
	EXPECT_LOG_CONTAINS("ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0xbfffffff] hotplug\n");
	for (unsigned long i = 0; i < memblock.memory.cnt; i++)
		EXPECT_EQ(memblock.memory.regions[i].flags, MEMBLOCK_NONE);
}

TEST(x2apic_entries_and_revision_1_domains)
{
	static const u32 tables[] = { 0xbffe1000 };

	two_node_machine();
	srat_begin(0xbffe1000);
	srat_x2apic(5, 0x12);
	srat_x2apic(6, 0x1234);				/* beyond the xAPIC driver's 254 */
	srat_mem(0x105, 0, 0xc0000000, 1);		/* revision 1: only the low byte counts */
	srat_mem(7, 0x100000000, 0xc0000000, 1);
	srat_end();
	acpi_root(tables, 1);
	boot();
	EXPECT_LOG_CONTAINS("SRAT: PXM 5 -> APIC 0x0012 -> Node 0\n");
	EXPECT_LOG_CONTAINS("SRAT: PXM 6 -> X2APIC 0x1234 ignored\n");
	EXPECT_LOG_CONTAINS("ACPI: SRAT: Node 0 PXM 5 [mem 0x00000000-0xbfffffff]\n");
	EXPECT_LOG_CONTAINS("ACPI: SRAT: Node 1 PXM 7 [mem 0x100000000-0x1bfffffff]\n");
	EXPECT_EQ(__apicid_to_node[0x12], 0);
	EXPECT_EQ(__apicid_to_node[0x1234], NUMA_NO_NODE);
	EXPECT_EQ(node_to_pxm(1), 7);
}

TEST(a_domain_above_255_is_too_many)
{
	static const u32 tables[] = { 0xbffe1000 };

	two_node_machine();
	srat_begin(0xbffe1000);
	((struct acpi_table_header *)__va(0xbffe1000))->revision = 3;
	srat_mem(0, 0, 0xc0000000, 1);
	srat_mem(0x100, 0x100000000, 0xc0000000, 1);
	srat_end();
	acpi_root(tables, 1);
	boot();
	EXPECT_LOG_CONTAINS("ACPI: SRAT: Too many proximity domains.\n"
			    "ACPI: SRAT: SRAT not used.\n");
	EXPECT_LOG_CONTAINS("No NUMA configuration found\n");
}

/* The q35-odd machine: a SLIT with distance 21. */
TEST(slit_sets_the_distance_table)
{
	static const u32 tables[] = { 0x7ffe22e4, 0x7ffe23d4 };
	static const u64 ram[][2] = {
		{ 0x1000, 0x9f000 }, { 0x100000, 0x7ffdf000 }, { 0x100000000, 0x144000000 },
	};
	static const u8 dist[] = { 10, 21, 21, 10 };

	memory(0x144000, ram, 3);
	srat_begin(0x7ffe22e4);
	srat_cpu(0, 0, 1);
	srat_cpu(1, 1, 1);
	srat_mem(0, 0, 0xa0000, 1);
	srat_mem(0, 0x100000, 0x4ff00000, 1);
	srat_mem(1, 0x50000000, 0x30000000, 1);
	srat_mem(1, 0x100000000, 0x44000000, 1);
	srat_end();
	slit(0x7ffe23d4, 2, dist);
	rsdp_v0(0xf5a00, 0x7ffe2500);
	rsdt(0x7ffe2500, tables, 2);
	boot();
	EXPECT_LOG_CONTAINS("NUMA: Initialized distance table, cnt=2\n");
	EXPECT_LOG_CONTAINS("NUMA: Node 1 [mem 0x50000000-0x7fffffff] + [mem 0x100000000-0x143ffffff]"
			    " -> [mem 0x50000000-0x143ffffff]\n");
	EXPECT_EQ(numa_distance_cnt, 2);
	EXPECT_EQ(node_distance(0, 0), 10);
	EXPECT_EQ(node_distance(0, 1), 21);
	EXPECT_EQ(node_distance(1, 0), 21);
	EXPECT_EQ(node_distance(1, 1), 10);
	EXPECT(memblock_is_region_reserved(__pa(numa_distance), 4));
	EXPECT_EQ(node_distance(5, 5), LOCAL_DISTANCE);	/* beyond the table */
	EXPECT_EQ(node_distance(5, 6), REMOTE_DISTANCE);
}

TEST(slit_with_a_wrong_diagonal_is_not_used)
{
	static const u32 tables[] = { 0xbffe1b17, 0xbffe1d00 };
	static const u8 dist[] = { 20, 21, 21, 10 };

	two_node_machine();
	two_node_srat(0xbffe1b17);
	slit(0xbffe1d00, 2, dist);
	acpi_root(tables, 2);
	boot();
	EXPECT_LOG_CONTAINS("ACPI: SLIT table looks invalid. Not used.\n");
	EXPECT_EQ(numa_distance_cnt, 0);
	EXPECT_EQ(numa_meminfo.nr_blks, 2);
}

TEST(slit_shorter_than_its_matrix_is_not_used)
{
	static const u32 tables[] = { 0xbffe1b17, 0xbffe1d00 };
	static const u8 dist[] = { 10, 21, 21, 10 };

	two_node_machine();
	two_node_srat(0xbffe1b17);
	slit(0xbffe1d00, 2, dist);
	((struct acpi_table_slit *)__va(0xbffe1d00))->locality_count = 200;
	acpi_root(tables, 2);
	boot();
	EXPECT_LOG_CONTAINS("ACPI: SLIT table looks invalid. Not used.\n");
	EXPECT_EQ(numa_distance_cnt, 0);
}

TEST(no_srat_fakes_one_node)
{
	static const u64 ram[][2] = { { 0x1000, 0x9f000 }, { 0x100000, 0x7ffe0000 } };
	static const u32 tables[] = { 0 };		/* a null entry is skipped */

	memory(0x7ffe0, ram, 2);
	acpi_root(tables, 1);
	boot();
	EXPECT_LOG_CONTAINS("No NUMA configuration found\n"
			    "Faking a node at [mem 0x0000000000000000-0x000000007ffdffff]\n");
	EXPECT_EQ(numa_meminfo.nr_blks, 1);
	BLK(0, 0, 0x7ffe0000, 0);
	EXPECT_EQ(node_online_map.bits[0], 1);
	EXPECT_EQ(memblock.memory.regions[1].nid, 0);
}

TEST(numa_off)
{
	static const u32 tables[] = { 0xbffe1b17 };

	two_node_machine();
	two_node_srat(0xbffe1b17);
	acpi_root(tables, 1);
	numa_off = 1;
	boot();
	EXPECT_LOG_CONTAINS("NUMA turned off\n"
			    "Faking a node at [mem 0x0000000000000000-0x00000001bfffffff]\n");
	EXPECT(!strstr(console_log, "SRAT: Node"));
	EXPECT_EQ(numa_meminfo.nr_blks, 1);
}

TEST(numa_noacpi)
{
	static const u32 tables[] = { 0xbffe1b17 };

	two_node_machine();
	two_node_srat(0xbffe1b17);
	acpi_root(tables, 1);
	acpi_numa = -1;					/* numa=noacpi */
	boot();
	EXPECT(!strstr(console_log, "SRAT: Node"));
	EXPECT_LOG_CONTAINS("No NUMA configuration found\n");
}

TEST(acpi_off_skips_the_tables)
{
	static const u32 tables[] = { 0xbffe1b17 };

	two_node_machine();
	two_node_srat(0xbffe1b17);
	acpi_root(tables, 1);
	acpi_disabled = 1;
	boot();
	EXPECT(!strstr(console_log, "ACPI: RSDP"));
	EXPECT_LOG_CONTAINS("No NUMA configuration found\n");
}

TEST(bad_rsdp_checksum_is_not_found_by_the_scan)
{
	static const u32 tables[] = { 0xbffe1b17 };

	two_node_machine();
	two_node_srat(0xbffe1b17);
	acpi_root(tables, 1);
	((u8 *)__va(0xf59b0))[8]++;			/* the checksum byte */
	boot();
	EXPECT_LOG_CONTAINS("ACPI BIOS Error (bug): A valid RSDP was not found (20180810/tbxfroot-");
	EXPECT_LOG_CONTAINS("No NUMA configuration found\n");
	EXPECT(acpi_disabled);
}

TEST(rsdp_v2_extended_checksum_and_ebda)
{
	static const u32 tables[] = { 0xbffe1b17 };

	two_node_machine();
	two_node_srat(0xbffe1b17);
	rsdt(0xbffe1c2f, tables, 1);
	*(u16 *)__va(0x40e) = 0x9fc0;			/* EBDA at 0x9fc00 */
	rsdp_v2(0x9fc10, 0xbffe1c2f, 0);		/* no XSDT: the RSDT is used */
	((struct acpi_table_rsdp *)__va(0x9fc10))->extended_checksum++;
	rsdp_v2(0x9fc40, 0xbffe1c2f, 0);
	boot();
	EXPECT_LOG_CONTAINS("ACPI: RSDP 0x000000000009FC40 000024 (v02 BOCHS )\n"
			    "ACPI: RSDT 0x00000000BFFE1C2F");
	EXPECT_EQ(numa_meminfo.nr_blks, 2);
}

TEST(bad_table_checksums_warn_but_are_used)
{
	static const u32 tables[] = { 0xbffe1b17 };

	two_node_machine();
	two_node_srat(0xbffe1b17);
	acpi_root(tables, 1);
	((struct acpi_table_header *)__va(0xbffe1c2f))->checksum += 3;
	((struct acpi_table_header *)__va(0xbffe1b17))->checksum += 5;
	acpi_boot_table_init();
	EXPECT_LOG_CONTAINS("ACPI BIOS Warning (bug): Incorrect checksum in table [RSDT] - ");
	EXPECT(!strstr(console_log, "[SRAT]"));		/* early verification is off */
	EXPECT_LOG_CONTAINS("ACPI: SRAT 0x00000000BFFE1B17");
}

TEST(acpi_force_table_verification_warns_and_uses_the_table)
{
	static const u32 tables[] = { 0xbffe1b17 };

	two_node_machine();
	two_node_srat(0xbffe1b17);
	acpi_root(tables, 1);
	{
		struct acpi_table_header *h = __va(0xbffe1b17);
		u8 good = h->checksum;
		char line[128];

		h->checksum += 5;
		acpi_verify_table_checksum = 1;		/* acpi_force_table_verification */
		boot();
		snprintf(line, sizeof(line), "ACPI BIOS Warning (bug): Incorrect checksum in table [SRAT] - 0x%02X, should be 0x%02X",
			 (u8)(good + 5), good);
		EXPECT_LOG_CONTAINS("ACPI: Early table checksum verification enabled\n");
		EXPECT_LOG_CONTAINS(line);
	}
	EXPECT_EQ(numa_meminfo.nr_blks, 2);		/* used anyway */
}

TEST(overlapping_nodes_fall_back_to_one_node)
{
	static const u32 tables[] = { 0xbffe1000 };

	two_node_machine();
	srat_begin(0xbffe1000);
	srat_mem(0, 0, 0x80000000, 1);
	srat_mem(1, 0x40000000, 0x80000000, 1);
	srat_mem(1, 0x100000000, 0xc0000000, 1);
	srat_end();
	acpi_root(tables, 1);
	boot();
	EXPECT_LOG_CONTAINS("node 0 [mem 0x00000000-0x7fffffff] overlaps with node 1 [mem 0x40000000-0xbfffffff]\n"
			    "No NUMA configuration found\n");
	EXPECT_EQ(numa_meminfo.nr_blks, 1);
	BLK(0, 0, 0x1c0000000, 0);
}

TEST(a_node_split_by_another_is_not_merged)
{
	static const u32 tables[] = { 0xbffe1000 };

	two_node_machine();
	srat_begin(0xbffe1000);
	srat_mem(0, 0, 0x40000000, 1);
	srat_mem(1, 0x40000000, 0x40000000, 1);
	srat_mem(0, 0x80000000, 0x40000000, 1);
	srat_mem(1, 0x100000000, 0xc0000000, 1);
	srat_mem(0, 0x20000000, 0x1000000, 1);		/* inside node 0's first block */
	srat_end();
	acpi_root(tables, 1);
	boot();
	EXPECT_LOG_CONTAINS("Warning: node 0 [mem 0x00000000-0x3fffffff] overlaps with itself [mem 0x20000000-0x20ffffff]\n"
			    "NUMA: Node 0 [mem 0x00000000-0x3fffffff] + [mem 0x20000000-0x20ffffff] -> [mem 0x00000000-0x3fffffff]\n");
	/* node 0's two blocks have node 1 between them, and node 1's have node 0: no merge */
	EXPECT(!strstr(console_log, "NUMA: Node 0 [mem 0x00000000-0x3fffffff] + [mem 0x80000000"));
	EXPECT(!strstr(console_log, "NUMA: Node 1"));
	EXPECT_EQ(numa_meminfo.nr_blks, 4);
	BLK(0, 0, 0x40000000, 0);
	BLK(1, 0x40000000, 0x80000000, 1);
	BLK(2, 0x80000000, 0xc0000000, 0);
	BLK(3, 0x100000000, 0x1c0000000, 1);
	EXPECT_EQ(memblock.memory.cnt, 5);		/* split at every node border */
	EXPECT_EQ(memblock.memory.regions[2].base, 0x40000000);
	EXPECT_EQ(memblock.memory.regions[2].nid, 1);
	EXPECT_EQ(memblock.memory.regions[3].nid, 0);
}

TEST(too_many_proximity_domains)
{
	static const u32 tables[] = { 0xbffe1000 };

	two_node_machine();
	srat_begin(0xbffe1000);
	for (int pxm = 0; pxm < 65; pxm++)
		srat_cpu(pxm, pxm, 1);
	srat_mem(0, 0, 0x1c0000000, 1);
	srat_end();
	acpi_root(tables, 1);
	boot();
	EXPECT_LOG_CONTAINS("SRAT: PXM 63 -> APIC 0x3f -> Node 63\n");
	EXPECT_LOG_CONTAINS("SRAT: Too many proximity domains 40\n"
			    "ACPI: SRAT: SRAT not used.\n");
	EXPECT_LOG_CONTAINS("No NUMA configuration found\n");
	EXPECT_EQ(numa_meminfo.nr_blks, 1);
}

TEST(nodes_that_do_not_cover_memory_are_not_used)
{
	static const u32 tables[] = { 0xbffe1000 };

	two_node_machine();
	srat_begin(0xbffe1000);
	srat_mem(0, 0, 0xc0000000, 1);			/* node 1's 3 GiB missing */
	srat_mem(1, 0x1c0000000, 0x40000000, 1);	/* beyond memory: dropped */
	srat_end();
	acpi_root(tables, 1);
	boot();
	EXPECT_LOG_CONTAINS("NUMA: nodes only cover 3071MB of your 6143MB e820 RAM. Not used.\n"
			    "No NUMA configuration found\n");
}

TEST(a_node_under_4mb_gets_no_node_data)
{
	static const u32 tables[] = { 0xbffe1000 };

	two_node_machine();
	srat_begin(0xbffe1000);
	srat_mem(0, 0, 0x1bfe00000, 1);
	srat_mem(1, 0x1bfe00000, 0x200000, 1);		/* 2 MiB */
	srat_end();
	acpi_root(tables, 1);
	boot();
	EXPECT_EQ(node_possible_map.bits[0], 3);
	EXPECT_EQ(node_online_map.bits[0], 1);
	EXPECT(!strstr(console_log, "NODE_DATA(1)"));
}

TEST(zero_length_subtable_stops_the_walk)
{
	static const u32 tables[] = { 0xbffe1000 };
	struct acpi_subtable_header *bad;

	two_node_machine();
	srat_begin(0xbffe1000);
	srat_mem(0, 0, 0x1c0000000, 1);
	bad = (void *)((u8 *)__va(0xbffe1000) + srat_len);
	srat_cpu(0, 0, 1);
	bad->type = 5;					/* a type nobody handles, of length 0 */
	bad->length = 0;
	srat_end();
	acpi_root(tables, 1);
	boot();
	/* each walk stops there; the memory walk fails, and with it the SRAT */
	EXPECT_LOG_CONTAINS("ACPI: [SRAT:0x00] Invalid zero length\n");
	EXPECT_LOG_CONTAINS("ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x1bfffffff]\n"
			    "ACPI: [SRAT:0x01] Invalid zero length\n");
	EXPECT_LOG_CONTAINS("No NUMA configuration found\n");
}

TEST(short_memory_entry_makes_the_srat_bad)
{
	static const u32 tables[] = { 0xbffe1000 };

	two_node_machine();
	srat_begin(0xbffe1000);
	srat_mem(0, 0, 0x1c0000000, 1);
	((struct acpi_subtable_header *)((u8 *)__va(0xbffe1000) + 48))->length = 32;
	srat_len -= 8;
	srat_end();
	acpi_root(tables, 1);
	boot();
	EXPECT_LOG_CONTAINS("ACPI: SRAT: Unexpected header length: 32\n"
			    "ACPI: SRAT: SRAT not used.\n");
	EXPECT_LOG_CONTAINS("No NUMA configuration found\n");
}
