/*
 * init_mem_mapping: the direct map, as arch/x86/mm/init.c and init_64.c in Linux 4.19. All RAM
 * up to max_pfn becomes visible at PAGE_OFFSET (0xffff888000000000), in 2 MiB pages where a
 * whole 2 MiB is RAM, else 4 KiB pages (1 GiB pages when the CPU has them). The page-table pages
 * come first from pgt_buf, 12 pages in the brk area (early_alloc_pgt_buf), then from memblock
 * -- "alloc_low_pages" reservations in the memblock=debug log -- exactly where Linux takes them.
 *
 * The tables are written straight into the page table in use (Linux fills init_top_pgt and
 * switches to it at the end, reaching pages meanwhile through its early page-fault handler):
 * a table page from memblock is always inside memory already mapped, and the brk pages sit in
 * the first GiB, which head.S maps at __START_KERNEL_map.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <asm/e820/api.h>
#include <asm/page.h>
#include <asm/pgtable_types.h>
#include <asm/processor.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <asm/tlbflush.h>

#define PG_LEVEL_2M 2
#define PG_LEVEL_1G 3

/* CONFIG_RANDOMIZE_MEMORY (set in the reference build) gives pgt_buf 12 pages instead of 6. */
#define INIT_PGD_PAGE_COUNT 12
#define INIT_PGT_BUF_SIZE (INIT_PGD_PAGE_COUNT * PAGE_SIZE)

static unsigned long pgt_buf_start, pgt_buf_end, pgt_buf_top;	/* pfns */
static unsigned long min_pfn_mapped;
unsigned long max_pfn_mapped, max_low_pfn_mapped;
static bool can_use_brk_pgt = true;
static unsigned long page_size_mask;

/* A table page's address: the kernel-image mapping below 1 GiB (brk), else the direct map. */
static void *pgt_va(phys_addr_t phys)
{
#ifndef MM_STEP_HOSTED
	if (phys < PUD_SIZE)
		return (void *)(unsigned long)(phys + __START_KERNEL_map);
#endif
	return __va(phys);
}

static u64 *table_of(u64 entry)
{
	return pgt_va(entry & PTE_PFN_MASK);
}

void early_alloc_pgt_buf(void)
{
	phys_addr_t base = __pa(extend_brk(INIT_PGT_BUF_SIZE, PAGE_SIZE));

	pgt_buf_start = base >> PAGE_SHIFT;
	pgt_buf_end = pgt_buf_start;
	pgt_buf_top = pgt_buf_start + (INIT_PGT_BUF_SIZE >> PAGE_SHIFT);
}

/* The next page-table page (zeroed): pgt_buf while it lasts, else memblock in mapped memory. */
static noinline __noclone void *alloc_low_pages(unsigned int num)
{
	unsigned long pfn;

	if ((pgt_buf_end + num) > pgt_buf_top || !can_use_brk_pgt) {
		unsigned long ret = 0;

		if (min_pfn_mapped < max_pfn_mapped)
			ret = memblock_find_in_range(min_pfn_mapped << PAGE_SHIFT, max_pfn_mapped << PAGE_SHIFT,
						     PAGE_SIZE * num, PAGE_SIZE);
		if (ret)
			memblock_reserve(ret, PAGE_SIZE * num);
		else if (can_use_brk_pgt)
			ret = __pa(extend_brk(PAGE_SIZE * num, PAGE_SIZE));
		if (!ret)
			panic("alloc_low_pages: can not alloc memory");
		pfn = ret >> PAGE_SHIFT;
	} else {
		pfn = pgt_buf_end;
		pgt_buf_end += num;
	}
	memset(pgt_va(PFN_PHYS(pfn)), 0, PAGE_SIZE * num);
	return pgt_va(PFN_PHYS(pfn));
}

/* A new table page, as the entry that points to it. */
static u64 alloc_low_page_entry(void)
{
	return __pa(alloc_low_pages(1)) | _PAGE_TABLE;
}

/*
 * One level of kernel_physical_mapping_init: the entries of table for [paddr, paddr_end), each
 * covering `size` bytes. A missing entry becomes a large page when `large` allows it (and the
 * level has them), else points to a new next-level table filled by `next`. Entries past the end
 * that cover no RAM are cleared, as Linux does. Returns the end of what was mapped.
 */
static unsigned long phys_level_init(u64 *table, unsigned int shift, unsigned long paddr,
				     unsigned long paddr_end, unsigned long mask)
{
	unsigned long size = 1UL << shift, paddr_next, paddr_last = paddr_end;
	bool large = shift == PUD_SHIFT ? mask & (1 << PG_LEVEL_1G) :
		     shift == PMD_SHIFT ? mask & (1 << PG_LEVEL_2M) : true;

	for (unsigned int i = ((paddr + PAGE_OFFSET) >> shift) & 511; i < 512; i++, paddr = paddr_next) {
		u64 *entry = &table[i];

		paddr_next = (paddr & ~(size - 1)) + size;
		if (paddr >= paddr_end) {
			if (!e820__mapped_any(paddr & ~(size - 1), paddr_next, E820_TYPE_RAM) &&
			    !e820__mapped_any(paddr & ~(size - 1), paddr_next, E820_TYPE_RESERVED_KERN))
				*entry = 0;
			continue;
		}
		if (*entry && (shift == PAGE_SHIFT || (*entry & _PAGE_PSE))) {
			paddr_last = paddr_next;	/* already mapped, by a large page or a pte */
			continue;
		}
		if (shift == PAGE_SHIFT || large) {
			*entry = (paddr & ~(size - 1)) | (shift == PAGE_SHIFT ? __PAGE_KERNEL : __PAGE_KERNEL_LARGE);
			paddr_last = paddr_next;
			continue;
		}
		if (!*entry)
			*entry = alloc_low_page_entry();
		paddr_last = phys_level_init(table_of(*entry), shift - 9, paddr, paddr_end, mask);
	}
	return paddr_last;
}

static unsigned long kernel_physical_mapping_init(unsigned long paddr_start, unsigned long paddr_end,
						  unsigned long mask)
{
	unsigned long vaddr, vaddr_next, vaddr_end = (unsigned long)__va(paddr_end), paddr_last = paddr_end;

	for (vaddr = (unsigned long)__va(paddr_start); vaddr < vaddr_end; vaddr = vaddr_next) {
		pgd_t *pgd = &early_top_pgt[pgd_index(vaddr)];

		vaddr_next = (vaddr & ~(PGDIR_SIZE - 1)) + PGDIR_SIZE;
		if (!*pgd)
			*pgd = alloc_low_page_entry();
		paddr_last = phys_level_init(table_of(*pgd), PUD_SHIFT, __pa(vaddr), paddr_end, mask);
	}
	return paddr_last;
}

/* 2 MiB pages always (every CPU QEMU models has PSE); 1 GiB pages if the CPU has them. */
static void probe_page_size_mask(void)
{
	page_size_mask |= 1 << PG_LEVEL_2M;
#ifndef MM_STEP_HOSTED
	if (cpuid_edx(0x80000001) & (1U << X86_FEATURE_GBPAGES_BIT)) {
		printk(KERN_INFO "Using GB pages for direct mapping\n");
		page_size_mask |= 1 << PG_LEVEL_1G;
	}
#endif
}

struct map_range {
	unsigned long start;
	unsigned long end;
	unsigned long page_size_mask;
};

#define NR_RANGE_MR 5

static int save_mr(struct map_range *mr, int nr_range, unsigned long start_pfn, unsigned long end_pfn,
		   unsigned long mask)
{
	if (start_pfn < end_pfn) {
		if (nr_range >= NR_RANGE_MR)
			panic("run out of range for init_memory_mapping\n");
		mr[nr_range].start = start_pfn << PAGE_SHIFT;
		mr[nr_range].end = end_pfn << PAGE_SHIFT;
		mr[nr_range].page_size_mask = mask;
		nr_range++;
	}
	return nr_range;
}

/* A range may use big pages when the whole big page around it is RAM in memblock. */
static void adjust_range_page_size_mask(struct map_range *mr, int nr_range)
{
	for (int i = 0; i < nr_range; i++) {
		for (int level = PG_LEVEL_2M; level <= PG_LEVEL_1G; level++) {
			unsigned long size = level == PG_LEVEL_2M ? PMD_SIZE : PUD_SIZE;
			unsigned long start = ALIGN_DOWN(mr[i].start, size), end = ALIGN(mr[i].end, size);

			if ((page_size_mask & (1 << level)) && !(mr[i].page_size_mask & (1 << level)) &&
			    memblock_is_region_memory(start, end - start))
				mr[i].page_size_mask |= 1 << level;
		}
	}
}

/* [start, end): a 4 KiB head up to 2 MiB, 2 MiB pages up to 1 GiB, 1 GiB pages, then the tails. */
static int split_mem_range(struct map_range *mr, unsigned long start, unsigned long end)
{
	const unsigned long pmd_pfns = PFN_DOWN(PMD_SIZE), pud_pfns = PFN_DOWN(PUD_SIZE);
	unsigned long limit_pfn = PFN_DOWN(end), pfn = PFN_DOWN(start), start_pfn, end_pfn;
	int nr_range = 0;

	end_pfn = min(ALIGN(pfn, pmd_pfns), limit_pfn);
	if (pfn < end_pfn) {
		nr_range = save_mr(mr, nr_range, pfn, end_pfn, 0);
		pfn = end_pfn;
	}

	start_pfn = ALIGN(pfn, pmd_pfns);
	end_pfn = min(ALIGN(pfn, pud_pfns), ALIGN_DOWN(limit_pfn, pmd_pfns));
	if (start_pfn < end_pfn) {
		nr_range = save_mr(mr, nr_range, start_pfn, end_pfn, page_size_mask & (1 << PG_LEVEL_2M));
		pfn = end_pfn;
	}

	start_pfn = ALIGN(pfn, pud_pfns);
	end_pfn = ALIGN_DOWN(limit_pfn, pud_pfns);
	if (start_pfn < end_pfn) {
		nr_range = save_mr(mr, nr_range, start_pfn, end_pfn,
				   page_size_mask & ((1 << PG_LEVEL_2M) | (1 << PG_LEVEL_1G)));
		pfn = end_pfn;
	}

	start_pfn = ALIGN(pfn, pmd_pfns);
	end_pfn = ALIGN_DOWN(limit_pfn, pmd_pfns);
	if (start_pfn < end_pfn) {
		nr_range = save_mr(mr, nr_range, start_pfn, end_pfn, page_size_mask & (1 << PG_LEVEL_2M));
		pfn = end_pfn;
	}

	nr_range = save_mr(mr, nr_range, pfn, limit_pfn, 0);
	adjust_range_page_size_mask(mr, nr_range);

	/* merge neighbours with the same page size */
	for (int i = 0; nr_range > 1 && i < nr_range - 1; i++) {
		if (mr[i].end != mr[i + 1].start || mr[i].page_size_mask != mr[i + 1].page_size_mask)
			continue;
		mr[i].end = mr[i + 1].end;
		memmove(&mr[i + 1], &mr[i + 2], (nr_range - 2 - i) * sizeof(*mr));
		i--;
		nr_range--;
	}
	return nr_range;
}

static void add_pfn_range_mapped(unsigned long start_pfn, unsigned long end_pfn)
{
	max_pfn_mapped = max(max_pfn_mapped, end_pfn);
	if (start_pfn < (1UL << (32 - PAGE_SHIFT)))
		max_low_pfn_mapped = max(max_low_pfn_mapped, min(end_pfn, 1UL << (32 - PAGE_SHIFT)));
}

static unsigned long init_memory_mapping(unsigned long start, unsigned long end)
{
	struct map_range mr[NR_RANGE_MR];
	unsigned long ret = 0;
	int nr_range = split_mem_range(mr, start, end);

	for (int i = 0; i < nr_range; i++)
		ret = kernel_physical_mapping_init(mr[i].start, mr[i].end, mr[i].page_size_mask);
	add_pfn_range_mapped(start >> PAGE_SHIFT, ret >> PAGE_SHIFT);
	return ret >> PAGE_SHIFT;
}

/*
 * The RAM of [r_start, r_end). pgt_buf may serve only when the range being mapped does not
 * contain it (its pages could not be reached through the new tables otherwise).
 */
static unsigned long init_range_memory_mapping(unsigned long r_start, unsigned long r_end)
{
	unsigned long start_pfn, end_pfn, mapped_ram_size = 0;
	int i;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, NULL) {
		u64 start = clamp(PFN_PHYS(start_pfn), r_start, r_end);
		u64 end = clamp(PFN_PHYS(end_pfn), r_start, r_end);

		if (start >= end)
			continue;
		can_use_brk_pgt = max(start, (u64)pgt_buf_end << PAGE_SHIFT) >=
				  min(end, (u64)pgt_buf_top << PAGE_SHIFT);
		init_memory_mapping(start, end);
		mapped_ram_size += end - start;
		can_use_brk_pgt = true;
	}
	return mapped_ram_size;
}

/*
 * Top down from the end of RAM, in steps that grow as memory gets mapped (2 MiB, 512 MiB,
 * 128 GiB): each step's page tables fit in the memory the previous steps mapped.
 */
static void memory_map_top_down(unsigned long map_start, unsigned long map_end)
{
	unsigned long real_end, start, last_start, step_size = PMD_SIZE, mapped_ram_size = 0;

	real_end = memblock_find_in_range(map_start, map_end, PMD_SIZE, PMD_SIZE) + PMD_SIZE;
	max_pfn_mapped = 0;
	min_pfn_mapped = real_end >> PAGE_SHIFT;
	last_start = real_end;

	while (last_start > map_start) {
		if (last_start > step_size) {
			start = round_down(last_start - 1, step_size);
			if (start < map_start)
				start = map_start;
		} else {
			start = map_start;
		}
		mapped_ram_size += init_range_memory_mapping(start, last_start);
		last_start = start;
		min_pfn_mapped = last_start >> PAGE_SHIFT;
		if (mapped_ram_size >= step_size)
			step_size <<= PMD_SHIFT - PAGE_SHIFT - 1;	/* get_new_step_size */
	}

	if (real_end < map_end)
		init_range_memory_mapping(real_end, map_end);
}

void init_mem_mapping(void)
{
	unsigned long end = max_pfn << PAGE_SHIFT;

	probe_page_size_mask();

	/* the ISA range is always mapped regardless of memory holes */
	init_memory_mapping(0, ISA_END_ADDRESS);
	memory_map_top_down(ISA_END_ADDRESS, end);

	/* x86_64 has no highmem: everything mapped is "low" from here on */
	if (max_pfn > max_low_pfn)
		max_low_pfn = max_pfn;
	__flush_tlb_all();
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
