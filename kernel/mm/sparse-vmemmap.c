/*
 * Virtual memory map (mm/sparse-vmemmap.c, Linux 4.19): the struct pages of all sections form
 * one virtually contiguous array at 0xffffea0000000000, vmemmap[pfn]. Only the parts that
 * describe present sections are backed by memory; this file builds the page tables for them.
 * The architecture (arch/x86/mm/init_64.c: vmemmap_populate) chooses 2 MiB or 4 KiB mappings.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/bootmem.h>
#include <linux/topology.h>
#include <asm/dma.h>
#include <asm/pgtable.h>

/* Early (no slab yet): memblock memory on the node, above 16 MiB; not zeroed. Not inlined, as
 * in Linux's build, where memblock=debug names it as the caller. */
static noinline __noclone void *__earlyonly_bootmem_alloc(int node, unsigned long size, unsigned long align,
				       unsigned long goal)
{
	return memblock_virt_alloc_try_nid_raw(size, align, goal, BOOTMEM_ALLOC_ACCESSIBLE, node);
}

void *vmemmap_alloc_block(unsigned long size, int node)
{
	return __earlyonly_bootmem_alloc(node, size, size, __pa(MAX_DMA_ADDRESS));
}

/* need to make sure size is all the same during early stage */
void *vmemmap_alloc_block_buf(unsigned long size, int node)
{
	void *ptr = sparse_buffer_alloc(size);

	if (!ptr)
		ptr = vmemmap_alloc_block(size, node);
	return ptr;
}

/* Warn when struct pages live on a distant node (their memory came from elsewhere). */
void vmemmap_verify(pte_t *pte, int node, unsigned long start, unsigned long end)
{
	unsigned long pfn = (*pte & PTE_PFN_MASK) >> PAGE_SHIFT;
	int actual_node = early_pfn_to_nid(pfn);

	if (node_distance(actual_node, node) > LOCAL_DISTANCE)
		pr_warn("[%lx-%lx] potential offnode page_structs\n", start, end - 1);
}

static void *vmemmap_alloc_block_zero(unsigned long size, int node)
{
	void *p = vmemmap_alloc_block(size, node);

	if (!p)
		return NULL;
	memset(p, 0, size);
	return p;
}

/* The next-level table an entry points to, at its direct-map address. */
static u64 *table_of(u64 entry)
{
	return __va(entry & PTE_PFN_MASK);
}

/* Each level: allocate the missing next-level table from the node, then return the entry. */
static u64 *vmemmap_populate_entry(u64 *entry, int node)
{
	if (!*entry) {
		void *p = vmemmap_alloc_block_zero(PAGE_SIZE, node);

		if (!p)
			return NULL;
		*entry = __pa(p) | _PAGE_TABLE;
	}
	return entry;
}

pgd_t *vmemmap_pgd_populate(unsigned long addr, int node)
{
	return vmemmap_populate_entry(&early_top_pgt[pgd_index(addr)], node);
}

/* 4-level paging: the p4d level is folded into the pgd. */
pud_t *vmemmap_pud_populate(pgd_t *pgd, unsigned long addr, int node)
{
	return vmemmap_populate_entry(&table_of(*pgd)[pud_index(addr)], node);
}

pmd_t *vmemmap_pmd_populate(pud_t *pud, unsigned long addr, int node)
{
	return vmemmap_populate_entry(&table_of(*pud)[pmd_index(addr)], node);
}

pmd_t *vmemmap_pmd_offset(pud_t *pud, unsigned long addr)
{
	return &table_of(*pud)[pmd_index(addr)];
}

/* A 4 KiB page of struct pages, from the section buffer when it has room. */
pte_t *vmemmap_pte_populate(pmd_t *pmd, unsigned long addr, int node)
{
	pte_t *pte = &table_of(*pmd)[pte_index(addr)];

	if (!*pte) {
		void *p = vmemmap_alloc_block_buf(PAGE_SIZE, node);

		if (!p)
			return NULL;
		*pte = __pa(p) | __PAGE_KERNEL;
	}
	return pte;
}

/* Map [start, end) of the vmemmap with 4 KiB pages. */
int vmemmap_populate_basepages(unsigned long start, unsigned long end, int node)
{
	unsigned long addr = start;
	pgd_t *pgd;
	pud_t *pud;
	pmd_t *pmd;
	pte_t *pte;

	for (; addr < end; addr += PAGE_SIZE) {
		pgd = vmemmap_pgd_populate(addr, node);
		if (!pgd)
			return -ENOMEM;
		pud = vmemmap_pud_populate(pgd, addr, node);
		if (!pud)
			return -ENOMEM;
		pmd = vmemmap_pmd_populate(pud, addr, node);
		if (!pmd)
			return -ENOMEM;
		pte = vmemmap_pte_populate(pmd, addr, node);
		if (!pte)
			return -ENOMEM;
		vmemmap_verify(pte, node, addr, addr + PAGE_SIZE);
	}
	return 0;
}

/* The struct pages of section pnum: vmemmap + its first pfn, mapped on node nid. */
struct page *sparse_mem_map_populate(unsigned long pnum, int nid)
{
	unsigned long start;
	unsigned long end;
	struct page *map;

	map = pfn_to_page(pnum * PAGES_PER_SECTION);
	start = (unsigned long)map;
	end = (unsigned long)(map + PAGES_PER_SECTION);

	if (vmemmap_populate(start, end, nid))
		return NULL;

	return map;
}
