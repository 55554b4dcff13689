/*
 * The direct map (arch/x86/mm/init.c: init_mem_mapping): which page-table pages come from
 * pgt_buf in brk and which from memblock, and what every level holds. Expected values are Linux
 * 4.19.222's, read under GDB from its init_top_pgt after init_mem_mapping on the same machines.
 */
#define MM_STEP_HOSTED
#include "unit.h"
#include "memblock_reset.h"
#include <linux/memblock.h>
#include <asm/bootparam.h>
#include <asm/e820/api.h>
#include <asm/setup.h>
#include "../../kernel/arch/x86/mm/init.c"

extern size_t hosted_brk_used;
struct boot_params boot_params;	/* e820.c refers to it; no firmware here */

void unit_reset(void)
{
	memblock_reset();
	memset(e820_table, 0, sizeof(*e820_table));
	memset(early_top_pgt, 0, sizeof(early_top_pgt));
	memset(__va(LINUX_IMAGE_BRK_BASE), 0, LINUX_IMAGE_BRK_LIMIT - LINUX_IMAGE_BRK_BASE);
	hosted_brk_used = 0;
	max_pfn_mapped = max_low_pfn_mapped = min_pfn_mapped = 0;
	page_size_mask = 0;
}

/* RAM as e820 and memblock have it at init_mem_mapping, with setup_arch's reservations so far. */
static void machine(const u64 (*ram)[2], int n, unsigned long end_pfn)
{
	for (int i = 0; i < n; i++) {
		e820__range_add(ram[i][0], ram[i][1] - ram[i][0], E820_TYPE_RAM);
		memblock_add(ram[i][0], ram[i][1] - ram[i][0]);
	}
	memblock_reserve(0, 0x10000);			/* page 0, the corruption check, reservelow */
	memblock_reserve(0x99000, 0x67000);		/* trampoline, BIOS regions */
	memblock_reserve(LINUX_IMAGE_TEXT, LINUX_IMAGE_BRK_BASE + 0xd000 - LINUX_IMAGE_TEXT);	/* image + brk */
	max_pfn = max_low_pfn = end_pfn;
	extend_brk(PAGE_SIZE, sizeof(int));		/* dmi_scan_machine's page */
	early_alloc_pgt_buf();
	memblock_debug = 1;
	init_mem_mapping();
}

static u64 *table(u64 entry)
{
	return __va(entry & PTE_PFN_MASK);
}

#define PGD() (early_top_pgt[pgd_index(PAGE_OFFSET)])
#define LARGE(phys) (0x80000000000001e3ULL | (phys))	/* NX, global, dirty, accessed, PSE, RW, present */
#define PTE(phys) (0x8000000000000163ULL | (phys))

/* one-node.machine: 2 GiB; every table page fits in pgt_buf. */
TEST(one_node_all_from_pgt_buf)
{
	static const u64 ram[][2] = { { 0x1000, 0x9f000 }, { 0x100000, 0x7ffe0000 } };
	u64 *pud, *pte;

	machine(ram, 2, 0x7ffe0);
	EXPECT(!strstr(console_log, "memblock_reserve"));
	EXPECT_EQ(PGD(), 0x2001067);		/* pgt_buf's first page, after the DMI page */
	pud = table(PGD());
	EXPECT_EQ(pud[0], 0x2002067);
	EXPECT_EQ(pud[1], 0x2004067);		/* mapped second: the top-down 2 MiB step */
	EXPECT_EQ(pud[2], 0);
	EXPECT_EQ(table(pud[0])[0], 0x2003067);	/* the first 2 MiB in 4 KiB pages: page 0 is no RAM */
	EXPECT_EQ(table(pud[0])[1], LARGE(0x200000));
	EXPECT_EQ(table(pud[1])[510], LARGE(0x7fc00000));
	EXPECT_EQ(table(pud[1])[511], 0x2005067);	/* RAM ends at 0x7ffe0000: 4 KiB pages */
	pte = table(table(pud[0])[0]);
	EXPECT_EQ(pte[0], PTE(0));		/* the ISA range is mapped whatever it holds */
	EXPECT_EQ(pte[0x99], PTE(0x99000));
	EXPECT_EQ(pte[511], PTE(0x1ff000));
	pte = table(table(pud[1])[511]);
	EXPECT_EQ(pte[0], PTE(0x7fe00000));
	EXPECT_EQ(pte[479], PTE(0x7ffdf000));
	EXPECT_EQ(pte[480], 0);
	EXPECT_EQ(max_pfn_mapped, 0x7ffe0);
	EXPECT_EQ(pgt_buf_end - pgt_buf_start, 5);
}

/*
 * two-node.machine: [1 MiB, 3 GiB) holds pgt_buf itself, so its tables cannot come from there:
 * they come from memblock, top-down in what is already mapped, [0x1a0000000, 0x1c0000000).
 */
TEST(two_node_tables_of_the_range_holding_pgt_buf_come_from_memblock)
{
	static const u64 ram[][2] = { { 0x1000, 0x9f000 }, { 0x100000, 0xbffe0000 }, { 0x100000000, 0x1c0000000 } };
	u64 *pud;

	machine(ram, 3, 0x1c0000);
	EXPECT_LOG_CONTAINS("memblock_reserve: [0x00000001bffff000-0x00000001bfffffff] ");
	EXPECT_LOG_CONTAINS("memblock_reserve: [0x00000001bfffe000-0x00000001bfffefff] ");
	EXPECT_LOG_CONTAINS("memblock_reserve: [0x00000001bfffd000-0x00000001bfffdfff] ");
	pud = table(PGD());
	EXPECT_EQ(PGD(), 0x2001067);
	EXPECT_EQ(pud[0], 0x2002067);
	EXPECT_EQ(pud[1], 0x1bffff067);
	EXPECT_EQ(pud[2], 0x1bfffe067);
	EXPECT_EQ(table(pud[2])[511], 0x1bfffd067);	/* [0xbfe00000, 0xbffe0000) in 4 KiB pages */
	EXPECT_EQ(pud[3], 0);			/* the PCI hole */
	EXPECT_EQ(pud[4], 0x2005067);
	EXPECT_EQ(pud[5], 0x2006067);
	EXPECT_EQ(pud[6], 0x2004067);		/* the first step, the top 2 MiB */
	EXPECT_EQ(table(pud[6])[511], LARGE(0x1bfe00000));
	EXPECT_EQ(max_pfn_mapped, 0x1c0000);
	EXPECT_EQ(max_low_pfn_mapped, 0xbffe0);
}
