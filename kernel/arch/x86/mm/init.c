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

#define MAX_DIRECT_MAP_GB 128	/* 64 GiB of RAM plus the PCI hole and room to spare */
#define PGT_BUF_PAGES (MAX_DIRECT_MAP_GB + 1)

static pmd_t pgt_buf[PGT_BUF_PAGES][PTRS_PER_PMD] __aligned(PAGE_SIZE);
static unsigned int pgt_buf_used;

static void *alloc_low_page(void)
{
	return pgt_buf[pgt_buf_used++];
}

void init_mem_mapping(void)
{
	unsigned long end = ALIGN(PFN_PHYS(max_pfn), PMD_SIZE);
	pud_t *pud;

	if (end > (unsigned long)MAX_DIRECT_MAP_GB << PUD_SHIFT)
		panic("init_mem_mapping: %lu MiB of physical address space is more than the %u GiB this kernel maps",
		      end >> 20, MAX_DIRECT_MAP_GB);
	pud = alloc_low_page();
	early_top_pgt[pgd_index(PAGE_OFFSET)] = __pa_symbol(pud) | _KERNPG_TABLE;
	for (unsigned long addr = 0; addr < end; addr += PMD_SIZE) {
		pmd_t *pmd;

		if (!pud[pud_index(addr)]) {
			pmd = alloc_low_page();
			pud[pud_index(addr)] = __pa_symbol(pmd) | _KERNPG_TABLE;
		}
		pmd = (pmd_t *)((pud[pud_index(addr)] & PTE_PFN_MASK) + __START_KERNEL_map);
		pmd[pmd_index(addr)] = addr | __PAGE_KERNEL_LARGE;
	}
	__asm__ __volatile__("mov %%cr3, %%rax; mov %%rax, %%cr3" ::: "rax", "memory");
}
