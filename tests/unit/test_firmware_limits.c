/*
 * What Linux refuses in firmware tables: a mapping larger than early_memremap's 64 fixmap pages
 * (a corrupted RSDT length of 1.4 GB, a table of more than 256 KiB) gives Linux's WARNING from
 * __early_ioremap and NULL; the ACPI tables are then not used, and NUMA falls back to one node.
 * A table that cannot be mapped at all (past the physical address space) is skipped alone.
 */
#define MM_STEP_HOSTED
#include "unit.h"
#include "acpi_images.h"
#include <asm/io.h>

void unit_reset(void)
{
	reset_acpi_numa_state();
}

#define EARLY_IOREMAP_WARNING "WARNING: CPU: 0 PID: 0 at mm/early_ioremap.c:145 __early_ioremap+0xd8/0x191\n"

TEST(early_memremap_maps_at_most_64_pages)
{
	EXPECT(early_memremap(0xbffe0000, 64 * PAGE_SIZE) != NULL);
	EXPECT(early_memremap(0xbffe0fff, 1) != NULL);
	EXPECT(early_memremap(0xbffe0fff, 2) != NULL);
	EXPECT(strstr(console_log, "WARNING") == NULL);
	EXPECT(early_memremap(0xbffe0000, 64 * PAGE_SIZE + 1) == NULL);
	EXPECT(early_memremap(0xbffe0001, 64 * PAGE_SIZE) == NULL);	/* 65 pages touched */
	EXPECT_LOG_CONTAINS(EARLY_IOREMAP_WARNING);
}

TEST(rsdt_of_1_4_gb_is_refused_and_acpi_not_used)
{
	static const u32 tables[] = { 0xbffe1b17 };

	two_node_machine();
	two_node_srat(0xbffe1b17);
	acpi_root(tables, 1);
	((struct acpi_table_header *)__va(0xbffe1c2f))->length = 0x58000000;
	boot();
	EXPECT_LOG_CONTAINS("ACPI: RSDT 0x00000000BFFE1C2F 58000000 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"
			    EARLY_IOREMAP_WARNING);
	EXPECT_LOG_CONTAINS("No NUMA configuration found\n");
	EXPECT(acpi_disabled);
	EXPECT_EQ(numa_meminfo.nr_blks, 1);
}

TEST(xsdt_too_long_is_refused)
{
	static const u64 tables[] = { 0xbffe1b17 };

	two_node_machine();
	two_node_srat(0xbffe1b17);
	xsdt(0xbffe1d00, tables, 1);
	((struct acpi_table_header *)__va(0xbffe1d00))->length = 0x41000;
	rsdp_v2(0xf59b0, 0, 0xbffe1d00);
	boot();
	EXPECT_LOG_CONTAINS(EARLY_IOREMAP_WARNING);
	EXPECT(acpi_disabled);
}

TEST(a_table_over_256k_is_not_installed)
{
	static const u32 tables[] = { 0xbffe1b17 };

	two_node_machine();
	two_node_srat(0xbffe1b17);
	((struct acpi_table_header *)__va(0xbffe1b17))->length = 0x40001;
	acpi_root(tables, 1);
	boot();
	EXPECT_LOG_CONTAINS(EARLY_IOREMAP_WARNING);
	EXPECT_LOG_CONTAINS("No NUMA configuration found\n");
}

/* An entry past the physical address space cannot be mapped: that table alone is skipped. */
TEST(a_table_past_the_physical_address_space_is_skipped)
{
	static const u64 tables[] = { 1ULL << 46, 0xbffe1b17 };

	two_node_machine();
	two_node_srat(0xbffe1b17);
	xsdt(0xbffe1d00, tables, 2);
	rsdp_v2(0xf59b0, 0, 0xbffe1d00);
	boot();
	EXPECT_LOG_CONTAINS("ACPI Error: Could not acquire table length at 0000400000000000");
	EXPECT(!acpi_disabled);
	EXPECT_EQ(numa_meminfo.nr_blks, 2);
}
