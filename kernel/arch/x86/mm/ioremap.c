/*
 * early_memremap, as Linux's fixmap slots (mm/early_ioremap.c): firmware tables (ACPI) are read
 * wherever they lie -- in RAM, in reserved ranges, above mem= -- through a window of their own,
 * so the direct map's page tables stay exactly the ones Linux builds. The window is the last GiB
 * of the address space (pud 511 under the kernel's pgd entry, where Linux's fixmap lives), mapped
 * in 2 MiB pages from one table page in the kernel image. Unlike Linux's slots, mappings are
 * never taken down: the replay maps a handful of small tables, and a repeated request reuses
 * the mapping it already has.
 */
#include <linux/kernel.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/pgtable_types.h>

#define NR_FIX_BTMAPS 64	/* Linux's early mappings go through 64 fixmap pages: 256 KiB */

/* A corrupted table length (an RSDT of 1.4 GB): Linux's WARN_ON in __early_ioremap refuses it. */
static int too_big_for_fix_btmaps(phys_addr_t phys, unsigned long size)
{
	if ((PAGE_ALIGN(phys + size) - (phys & PAGE_MASK)) >> PAGE_SHIFT <= NR_FIX_BTMAPS)
		return 0;
	pr_warn("WARNING: CPU: 0 PID: 0 at mm/early_ioremap.c:145 __early_ioremap+0xd8/0x191\n");
	return 1;
}

/*
 * What is not mapped: nothing, a range that wraps, one reaching past limit (the physical address
 * space), or more than the fixmap pages. The caller gets NULL: ACPICA skips such a table with
 * "Could not acquire table length", as Linux's does when early_memremap fails.
 */
static int cannot_map(phys_addr_t phys, unsigned long size, phys_addr_t limit)
{
	return !size || phys + size <= phys || phys + size > limit || too_big_for_fix_btmaps(phys, size);
}

#ifdef MM_STEP_HOSTED
/* Host tests: the hosted physical memory is all mapped at __va(), and ends at hosted_phys_size. */
void *early_memremap(phys_addr_t phys, unsigned long size)
{
	return cannot_map(phys, size, hosted_phys_size) ? NULL : __va(phys);
}
#else
#define FIXMAP_BASE 0xffffffffc0000000UL

static pmd_t fixmap_pmd[PTRS_PER_PMD] __aligned(PAGE_SIZE);
static unsigned int fixmap_used;

/* The first slot of a run of n that maps start (2 MiB aligned) onwards, or fixmap_used. */
static unsigned int find_mapping(unsigned long start, unsigned int n)
{
	for (unsigned int slot = 0; slot + n <= fixmap_used; slot++) {
		unsigned int i = 0;

		while (i < n && fixmap_pmd[slot + i] == ((start + i * PMD_SIZE) | __PAGE_KERNEL_LARGE))
			i++;
		if (i == n)
			return slot;
	}
	return fixmap_used;
}

void *early_memremap(phys_addr_t phys, unsigned long size)
{
	unsigned long start = ALIGN_DOWN(phys, PMD_SIZE), end = ALIGN(phys + size, PMD_SIZE);
	unsigned int n = (end - start) >> PMD_SHIFT, slot;
	pud_t *kernel_pud = (pud_t *)((early_top_pgt[511] & PTE_PFN_MASK) + __START_KERNEL_map);

	if (cannot_map(phys, size, MAXMEM))
		return NULL;
	slot = find_mapping(start, n);
	if (slot == fixmap_used) {
		if (fixmap_used + n > PTRS_PER_PMD) {
			pr_warn("early_memremap: no room left to map %lu bytes at %#llx\n", size,
				(unsigned long long)phys);
			return NULL;
		}
		for (unsigned int i = 0; i < n; i++)
			fixmap_pmd[slot + i] = (start + i * PMD_SIZE) | __PAGE_KERNEL_LARGE;
		fixmap_used += n;
		kernel_pud[511] = __pa_symbol(fixmap_pmd) | _PAGE_TABLE;	/* only new entries: no flush */
	}
	return (void *)(FIXMAP_BASE + slot * PMD_SIZE + (phys - start));
}
#endif
