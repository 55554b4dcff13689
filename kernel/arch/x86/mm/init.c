/*
 * init_mem_mapping: the direct map. All physical memory up to max_pfn becomes visible at
 * PAGE_OFFSET (0xffff880000000000) in 2 MiB pages, so that __va() works for every page memblock
 * hands out. Like Linux's early_alloc_pgt_buf, the page-table pages come from a buffer inside
 * the kernel image (already reserved), which bounds how much memory the replay can map.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/page.h>
#include <asm/pgtable_types.h>
#include <asm/setup.h>
#include <asm/tlbflush.h>

#define MAX_DIRECT_MAP_GB 128	/* 64 GiB of RAM plus the PCI hole and room to spare */
#define PGT_BUF_PAGES (MAX_DIRECT_MAP_GB + 1)

static pmd_t pgt_buf[PGT_BUF_PAGES][PTRS_PER_PMD] __aligned(PAGE_SIZE);
static unsigned int pgt_buf_used;

static void *alloc_low_page(void)
{
	if (pgt_buf_used == PGT_BUF_PAGES)
		panic("alloc_low_page: the %u page-table pages of the direct map are used up", PGT_BUF_PAGES);
	return pgt_buf[pgt_buf_used++];
}

/* Map [start, end) (2 MiB aligned, below MAX_DIRECT_MAP_GB) at PAGE_OFFSET + start. */
static void kernel_physical_mapping_init(unsigned long start, unsigned long end)
{
	pgd_t *pgd = &early_top_pgt[pgd_index(PAGE_OFFSET)];
	pud_t *pud;

	if (!*pgd)
		*pgd = __pa_symbol(alloc_low_page()) | _KERNPG_TABLE;
	pud = (pud_t *)((*pgd & PTE_PFN_MASK) + __START_KERNEL_map);
	for (unsigned long addr = start; addr < end; addr += PMD_SIZE) {
		pmd_t *pmd;

		if (!pud[pud_index(addr)])
			pud[pud_index(addr)] = __pa_symbol(alloc_low_page()) | _KERNPG_TABLE;
		pmd = (pmd_t *)((pud[pud_index(addr)] & PTE_PFN_MASK) + __START_KERNEL_map);
		pmd[pmd_index(addr)] = addr | __PAGE_KERNEL_LARGE;
	}
}

void init_mem_mapping(void)
{
	unsigned long end = ALIGN(PFN_PHYS(max_pfn), PMD_SIZE);

	if (end > (unsigned long)MAX_DIRECT_MAP_GB << PUD_SHIFT)
		panic("init_mem_mapping: %lu MiB of physical address space is more than the %u GiB this kernel maps",
		      end >> 20, MAX_DIRECT_MAP_GB);
	kernel_physical_mapping_init(0, end);
	__flush_tlb_all();

	/* x86_64 has no highmem: everything mapped is "low" from here on (as Linux's init_mem_mapping) */
	if (max_pfn > max_low_pfn)
		max_low_pfn = max_pfn;
}

/*
 * early_memremap: firmware tables (ACPI) outside the RAM the direct map covers -- above mem=, or in
 * reserved ranges past the last RAM -- are mapped on demand. Linux maps them through fixmap slots;
 * mapping them into the direct map at __va(phys) gives the same bytes at a simpler address.
 */
#define NR_FIX_BTMAPS 64	/* Linux's early mappings go through 64 fixmap pages: 256 KiB */

void *early_memremap(phys_addr_t phys, unsigned long size)
{
	unsigned long start = ALIGN_DOWN(phys, PMD_SIZE), end = ALIGN(phys + size, PMD_SIZE);

	if (!size || end < phys || end > (unsigned long)MAX_DIRECT_MAP_GB << PUD_SHIFT)
		return NULL;
	/* a corrupted table length (an RSDT of 1.4 GB): Linux's WARN_ON in __early_ioremap, and NULL */
	if ((PAGE_ALIGN(phys + size) - (phys & PAGE_MASK)) >> PAGE_SHIFT > NR_FIX_BTMAPS) {
		pr_warn("WARNING: CPU: 0 PID: 0 at mm/early_ioremap.c:145 __early_ioremap+0xd8/0x191\n");
		return NULL;
	}
	kernel_physical_mapping_init(start, end);	/* only new entries: nothing to flush */
	return __va(phys);
}

/* ---- zones (part 2 of the replay) ---- */
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/dma.h>
#include <mm_step/checkpoint.h>

/*
 * The DMA zone's pages that are not free (below 16 MiB: low firmware areas, trampoline):
 * free_area_init_core() subtracts them from the zone's first managed-pages estimate.
 */
void memblock_find_dma_reserve(void)
{
	u64 nr_pages = 0, nr_free_pages = 0;
	unsigned long start_pfn, end_pfn;
	phys_addr_t start_addr, end_addr;
	int i;
	u64 u;

	/* need to find out used area below MAX_DMA_PFN */
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, NULL) {
		start_pfn = min(start_pfn, MAX_DMA_PFN);
		end_pfn = min(end_pfn, MAX_DMA_PFN);

		nr_pages += end_pfn - start_pfn;
	}

	for_each_free_mem_range(u, NUMA_NO_NODE, MEMBLOCK_NONE, &start_addr, &end_addr, NULL) {
		start_pfn = min_t(unsigned long, PFN_UP(start_addr), MAX_DMA_PFN);
		end_pfn = min_t(unsigned long, PFN_DOWN(end_addr), MAX_DMA_PFN);
		if (start_pfn < end_pfn)
			nr_free_pages += end_pfn - start_pfn;
	}

	set_dma_reserve(nr_pages - nr_free_pages);
}

/* Where each zone ends: DMA at 16 MiB, DMA32 at 4 GiB, Normal at the end of memory. */
void zone_sizes_init(void)
{
	unsigned long max_zone_pfns[MAX_NR_ZONES];

	memset(max_zone_pfns, 0, sizeof(max_zone_pfns));

	max_zone_pfns[ZONE_DMA] = min(MAX_DMA_PFN, max_low_pfn);
	max_zone_pfns[ZONE_DMA32] = min(MAX_DMA32_PFN, max_low_pfn);
	max_zone_pfns[ZONE_NORMAL] = max_low_pfn;

	mm_checkpoint(CP_zone_sizes_init, -1);
	free_area_init_nodes(max_zone_pfns);
}
