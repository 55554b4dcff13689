#ifndef _LINUX_MM_H
#define _LINUX_MM_H
#include <linux/kernel.h>
#include <linux/mmzone.h>
#include <linux/mm_types.h>
#include <linux/page-flags.h>
#include <linux/page_ref.h>
#include <asm/page.h>
#include <asm/pgtable.h>

struct pglist_data;
void build_all_zonelists(struct pglist_data *pgdat);	/* mm/page_alloc.c */
void show_mem_proc_files(void);				/* mm/vmstat.c: the /proc files, printed */

/* ---- page->flags: | NODE | ZONE | LAST_CPUPID | ... | FLAGS | (include/linux/mm.h) ---- */
/* the offset of an address within its page */
#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)

#define SECTIONS_PGOFF ((sizeof(unsigned long) * 8) - SECTIONS_WIDTH)
#define NODES_PGOFF (SECTIONS_PGOFF - NODES_WIDTH)
#define ZONES_PGOFF (NODES_PGOFF - ZONES_WIDTH)
#define LAST_CPUPID_PGOFF (ZONES_PGOFF - LAST_CPUPID_WIDTH)

#define NODES_PGSHIFT (NODES_PGOFF * (NODES_WIDTH != 0))		/* 58 */
#define ZONES_PGSHIFT (ZONES_PGOFF * (ZONES_WIDTH != 0))		/* 55 */
#define LAST_CPUPID_PGSHIFT (LAST_CPUPID_PGOFF * (LAST_CPUPID_WIDTH != 0))	/* 38 */

#define ZONEID_SHIFT (NODES_SHIFT + ZONES_SHIFT)
#define ZONEID_PGOFF ZONES_PGOFF
#define ZONEID_PGSHIFT (ZONEID_PGOFF * (ZONEID_SHIFT != 0))

#define ZONES_MASK ((1UL << ZONES_WIDTH) - 1)
#define NODES_MASK ((1UL << NODES_WIDTH) - 1)
#define ZONEID_MASK ((1UL << ZONEID_SHIFT) - 1)
#define LAST_CPUPID_MASK ((1UL << LAST_CPUPID_SHIFT) - 1)

_Static_assert(LAST_CPUPID_PGOFF >= NR_PAGEFLAGS, "page->flags fields overlap the flag bits");

static inline enum zone_type page_zonenum(const struct page *page)
{
	return (page->flags >> ZONES_PGSHIFT) & ZONES_MASK;
}

static inline int page_to_nid(const struct page *page)
{
	return (page->flags >> NODES_PGSHIFT) & NODES_MASK;
}

/* Node and zone in one number: buddies must share it to merge. */
static inline int page_zone_id(struct page *page)
{
	return (page->flags >> ZONEID_PGSHIFT) & ZONEID_MASK;
}

static inline struct zone *page_zone(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->node_zones[page_zonenum(page)];
}

static inline void set_page_zone(struct page *page, enum zone_type zone)
{
	page->flags &= ~(ZONES_MASK << ZONES_PGSHIFT);
	page->flags |= (zone & ZONES_MASK) << ZONES_PGSHIFT;
}

static inline void set_page_node(struct page *page, unsigned long node)
{
	page->flags &= ~(NODES_MASK << NODES_PGSHIFT);
	page->flags |= (node & NODES_MASK) << NODES_PGSHIFT;
}

/* SPARSEMEM_VMEMMAP: no set_page_section(), the section is not in page->flags. */
static inline void set_page_links(struct page *page, enum zone_type zone, unsigned long node,
				  unsigned long pfn)
{
	set_page_zone(page, zone);
	set_page_node(page, node);
}

/* !CONFIG_NUMA_BALANCING: page->flags has no last cpupid to reset. */
static inline void page_cpupid_reset_last(struct page *page)
{
}

static inline void page_mapcount_reset(struct page *page)
{
	page->_mapcount.counter = -1;
}

#define page_private(page) ((page)->private)
#define set_page_private(page, v) ((page)->private = (v))

/* x86_64 (sizeof(struct page) == 64): eight stores instead of a memset call. */
static inline void mm_zero_struct_page(struct page *page)
{
	unsigned long *p = (unsigned long *)page;

	BUILD_BUG_ON(sizeof(struct page) != 64);
	p[0] = p[1] = p[2] = p[3] = p[4] = p[5] = p[6] = p[7] = 0;
}

/* SPARSEMEM_VMEMMAP (asm-generic/memory_model.h) */
#define __pfn_to_page(pfn) (vmemmap + (pfn))
#define __page_to_pfn(page) (unsigned long)((page) - vmemmap)
#define pfn_to_page __pfn_to_page
#define page_to_pfn __page_to_pfn

extern unsigned long totalram_pages;
extern unsigned long max_mapnr;
extern unsigned long highest_memmap_pfn;
extern unsigned long nr_kernel_pages;
extern unsigned long nr_all_pages;

/* mm/page_alloc.c */
extern const char * const zone_names[MAX_NR_ZONES];
void free_area_init_nodes(unsigned long *max_zone_pfn);
void free_area_init_node(int nid, unsigned long *zones_size, unsigned long node_start_pfn,
			 unsigned long *zholes_size);
void sparse_memory_present_with_active_regions(int nid);
unsigned long find_min_pfn_with_active_regions(void);
unsigned long find_min_pfn_for_node(int nid);
int zone_batchsize(struct zone *zone);
unsigned long calc_memmap_size(unsigned long spanned_pages, unsigned long present_pages);
void get_pfn_range_for_nid(unsigned int nid, unsigned long *start_pfn, unsigned long *end_pfn);
unsigned long absent_pages_in_range(unsigned long start_pfn, unsigned long end_pfn);
unsigned long __absent_pages_in_range(int nid, unsigned long start_pfn, unsigned long end_pfn);
int __early_pfn_to_nid(unsigned long pfn, struct mminit_pfnnid_cache *state);
int early_pfn_to_nid(unsigned long pfn);
void set_dma_reserve(unsigned long new_dma_reserve);
void memmap_init_zone(unsigned long size, int nid, unsigned long zone, unsigned long start_pfn);
void reserve_bootmem_region(phys_addr_t start, phys_addr_t end);
void __free_pages_bootmem(struct page *page, unsigned long pfn, unsigned int order);
void mem_init_print_info(const char *str);
unsigned long nr_free_pages(void);
unsigned long get_num_physpages(void);
void setup_nr_node_ids(void);
extern int nr_node_ids;
unsigned long free_all_bootmem(void);	/* mm/nobootmem.c */

/* mm/sparse-vmemmap.c, arch/x86/mm/init_64.c */
struct page *sparse_mem_map_populate(unsigned long pnum, int nid);
void *vmemmap_alloc_block(unsigned long size, int node);
void *vmemmap_alloc_block_buf(unsigned long size, int node);
int vmemmap_populate(unsigned long start, unsigned long end, int node);
int vmemmap_populate_basepages(unsigned long start, unsigned long end, int node);
void *sparse_buffer_alloc(unsigned long size);
pgd_t *vmemmap_pgd_populate(unsigned long addr, int node);
pud_t *vmemmap_pud_populate(pgd_t *pgd, unsigned long addr, int node);
pmd_t *vmemmap_pmd_offset(pud_t *pud, unsigned long addr);
void vmemmap_verify(pte_t *pte, int node, unsigned long start, unsigned long end);

/* mm/mm_init.c */
void mminit_verify_pageflags_layout(void);

#endif
