/*
 * arch/x86/mm/init_64.c (Linux 4.19), the parts the replay needs: paging_init (sparse memory and
 * zones), vmemmap_populate (2 MiB mappings of the struct page array) and mem_init (memblock's
 * free memory goes to the buddy allocator).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/bootmem.h>
#include <linux/nodemask.h>
#include <asm/setup.h>
#include <asm/pgtable.h>
#include <asm/cpu_entry_area.h>
#include <asm/iommu.h>
#include <mm_step/checkpoint.h>

void paging_init(void)
{
	sparse_memory_present_with_active_regions(MAX_NUMNODES);
	mm_checkpoint(CP_sparse_memory_present_with_active_regions, -1);
	sparse_init();
	mm_checkpoint(CP_sparse_init, -1);

	/*
	 * clear the default setting with node 0
	 * note: don't use nodes_clear here, that is really clearing when
	 *	 numa support is not compiled in, and later node_set_state
	 *	 will not set it back.
	 */
	node_clear_state(0, N_MEMORY);
	if (N_MEMORY != N_NORMAL_MEMORY)
		node_clear_state(0, N_NORMAL_MEMORY);

	zone_sizes_init();
}

static int vmemmap_populate_hugepages(unsigned long start, unsigned long end, int node)
{
	unsigned long addr;
	unsigned long next;
	pgd_t *pgd;
	pud_t *pud;
	pmd_t *pmd;

	for (addr = start; addr < end; addr = next) {
		next = min((addr + PMD_SIZE) & PMD_MASK, end);	/* pmd_addr_end */

		pgd = vmemmap_pgd_populate(addr, node);
		if (!pgd)
			return -ENOMEM;
		pud = vmemmap_pud_populate(pgd, addr, node);
		if (!pud)
			return -ENOMEM;

		pmd = vmemmap_pmd_offset(pud, addr);
		if (pmd_none(*pmd)) {
			void *p = vmemmap_alloc_block_buf(PMD_SIZE, node);

			if (p) {
				/* (Linux also notes runs of contiguous blocks for a pr_debug line) */
				*pmd = __pa(p) | __PAGE_KERNEL_LARGE;
				continue;
			}
		} else if (pmd_large(*pmd)) {
			vmemmap_verify((pte_t *)pmd, node, addr, next);
			continue;
		}
		/* no 2 MiB block left: map this part with 4 KiB pages */
		if (vmemmap_populate_basepages(addr, next, node))
			return -ENOMEM;
	}
	return 0;
}

/* Every x86_64 CPU QEMU models has PSE, so struct pages are mapped with 2 MiB pages. */
int vmemmap_populate(unsigned long start, unsigned long end, int node)
{
	return vmemmap_populate_hugepages(start, end, node);
}

void mem_init(void)
{
	pci_iommu_alloc();	/* swiotlb's bounce buffers, if memory reaches above 4 GiB */

	/* this will put all memory onto the freelists */
	free_all_bootmem();
	mm_checkpoint(CP_free_all_bootmem, -1);
	mem_init_print_info(NULL);
}

/* A page-table page for the kernel's fixed mappings: boot memory, before the buddy allocator. */
static void *spp_getpage(void)
{
	void *ptr = alloc_bootmem_pages(PAGE_SIZE);

	if (!ptr || ((unsigned long)ptr & ~PAGE_MASK))
		panic("set_pte_phys: cannot allocate page data after bootmem\n");
	return ptr;
}

/* The table an entry points to, allocating it if the entry is empty (fill_pud, fill_pmd, fill_pte). */
static u64 *fill_table(u64 *entry)
{
	if (!*entry)
		*entry = __pa(spp_getpage()) | _PAGE_TABLE;
	return __va(*entry & PTE_PFN_MASK);
}

/* Map one kernel page at vaddr; the p4d level is the pgd (4-level paging). */
void set_pte_vaddr(unsigned long vaddr, pte_t pteval)
{
	pud_t *pud = fill_table(&early_top_pgt[pgd_index(vaddr)]);
	pmd_t *pmd = fill_table(&pud[pud_index(vaddr)]);
	pte_t *pte = fill_table(&pmd[pmd_index(vaddr)]);

	pte[pte_index(vaddr)] = pteval;
}
