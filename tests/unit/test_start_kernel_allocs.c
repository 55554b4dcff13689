/*
 * The boot allocations between paging_init and mem_init that are not memory initialisation:
 * e820 resources and the firmware map, nosave regions, the PCI gap, the cpu_entry_area's page
 * tables, swiotlb. On the two-node machine (scripts/topologies/two-node.machine); expected
 * lines and sizes are the reference kernel's (memblock=debug ignore_loglevel).
 */
#include "part2.h"
#include <asm/e820/api.h>
#include <asm/cpu_entry_area.h>
#include <asm/iommu.h>
#include <asm/smp.h>
#include <asm/io_apic.h>
#include "../../kernel/kernel/dma/swiotlb.c"	/* its statics: where the buffers went */

extern unsigned long __per_cpu_offset[];

/* Occurrences of s in the log. */
static int log_count(const char *s)
{
	int n = 0;

	for (const char *p = console_log; (p = strstr(p, s)); p++)
		n++;
	return n;
}

/* SeaBIOS's map for -m 6G with two 3 GiB nodes, and e820_table after page 0 became reserved. */
static void two_node_e820(void)
{
	static const struct e820_entry bios[] = {
		{ 0, 0x9fc00, E820_TYPE_RAM }, { 0x9fc00, 0x400, E820_TYPE_RESERVED },
		{ 0xf0000, 0x10000, E820_TYPE_RESERVED }, { 0x100000, 0xbfee0000, E820_TYPE_RAM },
		{ 0xbffe0000, 0x20000, E820_TYPE_RESERVED }, { 0xfffc0000, 0x40000, E820_TYPE_RESERVED },
		{ 0x100000000, 0xc0000000, E820_TYPE_RAM }, { 0xfd00000000, 0x300000000, E820_TYPE_RESERVED },
	};

	memcpy(e820_table_firmware->entries, bios, sizeof(bios));
	e820_table_firmware->nr_entries = ARRAY_SIZE(bios);
	memcpy(e820_table->entries, bios, sizeof(bios));
	e820_table->nr_entries = ARRAY_SIZE(bios);
	e820__range_update(0, PAGE_SIZE, E820_TYPE_RAM, E820_TYPE_RESERVED);
	e820__update_table(e820_table);
	two_node_machine();
	memblock_debug = 1;
}

/* 9 resources of 64 bytes in one allocation, then one 104-byte entry per firmware range (8) */
TEST(e820_resources_and_firmware_map)
{
	two_node_e820();
	EXPECT_EQ(e820_table->nr_entries, 9);
	e820__reserve_resources();
	EXPECT_EQ(log_count("memblock_virt_alloc_try_nid: 104 bytes align=0x0 nid=-1 "), 8);
	/* the resources first: 576 bytes right under node 1's pg_data_t (7 GiB - 0x5000) */
	EXPECT_EQ(__pa(NODE_DATA(1)), 0x1bfffb000);
	EXPECT_LOG_CONTAINS("memblock_reserve: [0x00000001bfffadc0-0x00000001bfffafff]");
}

/* Holes and non-RAM up to max_pfn; a range continuing the last one extends it, unallocated */
TEST(nosave_regions_and_pci_gap)
{
	two_node_e820();
	e820__register_nosave_regions(max_pfn);
	EXPECT_LOG_CONTAINS("PM: Registered nosave memory: [mem 0x00000000-0x00000fff]\n");
	EXPECT_LOG_CONTAINS("PM: Registered nosave memory: [mem 0x0009f000-0x0009ffff]\n"
			    "PM: Registered nosave memory: [mem 0x000a0000-0x000effff]\n"
			    "PM: Registered nosave memory: [mem 0x000f0000-0x000fffff]\n");
	EXPECT_LOG_CONTAINS("PM: Registered nosave memory: [mem 0xbffe0000-0xbfffffff]\n"
			    "PM: Registered nosave memory: [mem 0xc0000000-0xfffbffff]\n"
			    "PM: Registered nosave memory: [mem 0xfffc0000-0xffffffff]\n");
	EXPECT_EQ(log_count("PM: Registered"), 7);
	EXPECT_EQ(log_count("memblock_virt_alloc_try_nid: 32 bytes align=0x0 nid=-1 "), 3);
	e820__setup_pci_gap();
	EXPECT_LOG_CONTAINS("[mem 0xc0000000-0xfffbffff] available for PCI devices\n");
}

/*
 * A PUD, a PMD and one PTE table while the mapped pages stay below 2 MiB (512 pages): the IDT's
 * page, then 49 pages per CPU, of which an Intel CPU maps all (debug store and buffers) and
 * others the first 16. Intel: CPU 9's last page is 1 + 9 * 49 + 48 = 490, CPU 10's 539. Others:
 * CPU 10's last page is 1 + 10 * 49 + 15 = 506, CPU 11's 555. One CPU more, one PTE table more.
 */
static void expect_cea_tables(unsigned int cpus, int pages)
{
	phys_addr_t before = memblock_reserved_size();

	memset(early_top_pgt, 0, sizeof(early_top_pgt));
	nr_cpu_ids = cpus;
	setup_cpu_entry_areas();
	EXPECT_EQ(memblock_reserved_size() - before, pages * PAGE_SIZE);
}

TEST(cpu_entry_area_page_tables)
{
	u32 eax = 0, ebx, ecx = 0, edx;
	unsigned int fit;

	asm volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	fit = ebx == 0x756e6547 ? 10 : 11;	/* "Genu" */

	two_node_e820();
	expect_cea_tables(fit, 3);
	expect_cea_tables(fit + 1, 4);
}

/* Memory above 4 GiB: 64 MiB of bounce buffers and a 32 KiB overflow below 4 GiB, two tables */
TEST(swiotlb_above_4g)
{
	two_node_e820();
	max_possible_pfn = max_pfn;
	pci_iommu_alloc();
	EXPECT_LOG_CONTAINS("memblock_virt_alloc_try_nid_nopanic: 67108864 bytes align=0x1000 nid=-1 "
			    "from=0x0000000000000000 max_addr=0x00000000ffffffff");
	EXPECT_LOG_CONTAINS("memblock_virt_alloc_try_nid_nopanic: 32768 bytes align=0x1000 nid=-1 "
			    "from=0x0000000000000000 max_addr=0x00000000ffffffff");
	EXPECT_LOG_CONTAINS("memblock_virt_alloc_try_nid: 131072 bytes align=0x1000");
	EXPECT_LOG_CONTAINS("memblock_virt_alloc_try_nid: 262144 bytes align=0x1000");
	/* top-down below 4 GiB, under node 0's pg_data_t (alloc_node_data put it at the top) */
	EXPECT_EQ(io_tlb_start, ALIGN_DOWN(__pa(NODE_DATA(0)), PAGE_SIZE) - 0x4000000);
	EXPECT_EQ(io_tlb_end, io_tlb_start + 0x4000000);
	EXPECT_EQ(io_tlb_nslabs, 32768);
	EXPECT_EQ(io_tlb_overflow_buffer, io_tlb_start - 0x8000);
	EXPECT_EQ(io_tlb_list[0], 128);
	EXPECT_EQ(io_tlb_list[127], 1);
	EXPECT_EQ(io_tlb_orig_addr[32767], ~0ULL);
}

/*
 * Without ACPI (acpi=off), the MP table's processors and I/O APICs: here a floating pointer in
 * the BIOS area and a table with the boot CPU, a disabled CPU, a bus and a usable I/O APIC.
 */
TEST(mp_table_without_acpi)
{
	const unsigned long phys = 0xf5000;
	unsigned char *mpf = __va(phys), *mpc = mpf + 16, *e = mpc + 44, sum;
	const int len = 44 + 20 + 20 + 8 + 8;

	memset(mpf, 0, 16 + len);
	memcpy(mpf, "_MP_", 4);
	*(unsigned int *)(mpf + 4) = phys + 16;
	mpf[8] = 1;
	mpf[9] = 4;
	sum = 0;
	for (int i = 0; i < 16; i++)
		sum += mpf[i];
	mpf[10] = -sum;
	memcpy(mpc, "PCMP", 4);
	*(unsigned short *)(mpc + 4) = len;
	mpc[6] = 4;
	*(unsigned int *)(mpc + 36) = 0xfee00000;	/* local APIC */
	e[0] = 0, e[1] = read_apic_id(), e[3] = 3;	/* processor: enabled, bootstrap */
	e += 20;
	e[0] = 0, e[1] = 1, e[3] = 0;			/* processor: disabled (hot-pluggable) */
	e += 20;
	e[0] = 1;					/* bus */
	e += 8;
	e[0] = 2, e[3] = 1;				/* I/O APIC, usable */
	sum = 0;
	for (int i = 0; i < len; i++)
		sum += mpc[i];
	mpc[7] = -sum;

	two_node_e820();
	find_smp_config();
	num_processors = disabled_cpus = nr_ioapics = 0;
	acpi_lapic = acpi_ioapic = 0;
	memset(x86_cpu_to_apicid, 0xff, sizeof(x86_cpu_to_apicid));
	get_smp_config();
	EXPECT_EQ(num_processors, 1);
	EXPECT_EQ(disabled_cpus, 1);
	EXPECT_EQ(nr_ioapics, 1);
	prefill_possible_map();
	EXPECT_EQ(nr_cpu_ids, 2);
	io_apic_init_mappings();
	/* 75 bytes under node 1's pg_data_t (0x1bfffb000), 64-byte aligned */
	EXPECT_LOG_CONTAINS("memblock_reserve: [0x00000001bfffaf80-0x00000001bfffafca]");
}
