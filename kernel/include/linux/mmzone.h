/*
 * Nodes, zones and memory sections, as include/linux/mmzone.h in Linux 4.19 (x86_64, NUMA,
 * SPARSEMEM_EXTREME + SPARSEMEM_VMEMMAP, Debian's config: ZONE_DEVICE, MEMORY_ISOLATION, no CMA,
 * ZSMALLOC). pg_data_t has 4.19's layout, so that pointers into it (its wait queues and list
 * heads) equal Linux's; struct zone's locks and reclaim fields that boot never touches are left out.
 */
#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/bitops.h>
#include <linux/numa.h>
#include <linux/pageblock-flags.h>
#include <linux/page-flags-layout.h>
#include <linux/nodemask.h>
#include <linux/wait.h>
#include <asm/page.h>


/* Free memory management - zoned buddy allocator. */
#define MAX_ORDER 11
#define MAX_ORDER_NR_PAGES (1 << (MAX_ORDER - 1))

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,	/* the number of types on the pcp lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_ISOLATE,	/* CONFIG_MEMORY_ISOLATION: can't allocate from here */
	MIGRATE_TYPES
};

extern const char * const migratetype_names[MIGRATE_TYPES];
extern int page_group_by_mobility_disabled;

#define NR_MIGRATETYPE_BITS (PB_migrate_end - PB_migrate + 1)
#define MIGRATETYPE_MASK ((1UL << NR_MIGRATETYPE_BITS) - 1)

#define for_each_migratetype_order(order, type) \
	for (order = 0; order < MAX_ORDER; order++) \
		for (type = 0; type < MIGRATE_TYPES; type++)

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;
};

/* ____cacheline_internodealigned_in_smp: hot fields each start a cache line. */
struct zone_padding {
	char x[0];
} __aligned(1 << INTERNODE_CACHE_SHIFT);
#define ZONE_PADDING(name) struct zone_padding name;

enum numa_stat_item {
	NUMA_HIT,		/* allocated in intended node */
	NUMA_MISS,		/* allocated in non intended node */
	NUMA_FOREIGN,		/* was intended here, hit elsewhere */
	NUMA_INTERLEAVE_HIT,	/* interleaver preferred this zone */
	NUMA_LOCAL,		/* allocation from local node */
	NUMA_OTHER,		/* allocation from other node */
	NR_VM_NUMA_STAT_ITEMS
};

enum zone_stat_item {
	NR_FREE_PAGES,
	NR_ZONE_LRU_BASE,
	NR_ZONE_INACTIVE_ANON = NR_ZONE_LRU_BASE,
	NR_ZONE_ACTIVE_ANON,
	NR_ZONE_INACTIVE_FILE,
	NR_ZONE_ACTIVE_FILE,
	NR_ZONE_UNEVICTABLE,
	NR_ZONE_WRITE_PENDING,
	NR_MLOCK,
	NR_PAGETABLE,
	NR_KERNEL_STACK_KB,
	NR_BOUNCE,
	NR_ZSPAGES,		/* CONFIG_ZSMALLOC=m */
	NR_FREE_CMA_PAGES,
	NR_VM_ZONE_STAT_ITEMS
};

enum node_stat_item {
	NR_LRU_BASE,
	NR_INACTIVE_ANON = NR_LRU_BASE,
	NR_ACTIVE_ANON,
	NR_INACTIVE_FILE,
	NR_ACTIVE_FILE,
	NR_UNEVICTABLE,
	NR_SLAB_RECLAIMABLE,
	NR_SLAB_UNRECLAIMABLE,
	NR_ISOLATED_ANON,
	NR_ISOLATED_FILE,
	WORKINGSET_REFAULT,
	WORKINGSET_ACTIVATE,
	WORKINGSET_NODERECLAIM,
	NR_ANON_MAPPED,
	NR_FILE_MAPPED,
	NR_FILE_PAGES,
	NR_FILE_DIRTY,
	NR_WRITEBACK,
	NR_WRITEBACK_TEMP,
	NR_SHMEM,
	NR_SHMEM_THPS,
	NR_SHMEM_PMDMAPPED,
	NR_ANON_THPS,
	NR_UNSTABLE_NFS,
	NR_VMSCAN_WRITE,
	NR_VMSCAN_IMMEDIATE,
	NR_DIRTIED,
	NR_WRITTEN,
	NR_INDIRECTLY_RECLAIMABLE_BYTES,
	NR_VM_NODE_STAT_ITEMS
};

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	NR_WMARK
};

struct per_cpu_pages {
	int count;		/* number of pages in the list */
	int high;		/* high watermark, emptying needed */
	int batch;		/* chunk size for buddy add/remove */
	struct list_head lists[MIGRATE_PCPTYPES];
};

struct per_cpu_pageset {
	struct per_cpu_pages pcp;
	s8 expire;
	u16 vm_numa_stat_diff[NR_VM_NUMA_STAT_ITEMS];
	s8 stat_threshold;
	s8 vm_stat_diff[NR_VM_ZONE_STAT_ITEMS];
};

struct per_cpu_nodestat {
	s8 stat_threshold;
	s8 vm_node_stat_diff[NR_VM_NODE_STAT_ITEMS];
};

enum zone_type {
	ZONE_DMA,		/* x86: below 16 MiB, for ISA devices */
	ZONE_DMA32,		/* below 4 GiB, for 32-bit devices */
	ZONE_NORMAL,
	ZONE_MOVABLE,		/* only movable pages: kernelcore=/movablecore= */
	ZONE_DEVICE,		/* persistent/device memory, never present at boot */
	__MAX_NR_ZONES
};
_Static_assert(__MAX_NR_ZONES == MAX_NR_ZONES, "MAX_NR_ZONES is bounds.h's __MAX_NR_ZONES");

struct pglist_data;

struct zone {
	/* Read-mostly fields */
	unsigned long watermark[NR_WMARK];
	unsigned long nr_reserved_highatomic;
	long lowmem_reserve[MAX_NR_ZONES];
	int node;
	struct pglist_data *zone_pgdat;
	struct per_cpu_pageset *pageset;	/* boot_pageset until setup_per_cpu_pageset */

	unsigned long zone_start_pfn;
	/* spanned = end - start (holes included); present = spanned - holes;
	 * managed = present - reserved (what the buddy allocator owns). */
	unsigned long managed_pages;
	unsigned long spanned_pages;
	unsigned long present_pages;
	const char *name;
	unsigned long nr_isolate_pageblock;
	int initialized;

	ZONE_PADDING(_pad1_)
	struct free_area free_area[MAX_ORDER];	/* free areas of different sizes */
	unsigned long flags;

	ZONE_PADDING(_pad2_)
	unsigned long percpu_drift_mark;
	unsigned long compact_cached_free_pfn;
	unsigned long compact_cached_migrate_pfn[2];
	unsigned int compact_considered;
	unsigned int compact_defer_shift;
	int compact_order_failed;
	bool compact_blockskip_flush;
	bool contiguous;

	ZONE_PADDING(_pad3_)
	atomic_long_t vm_stat[NR_VM_ZONE_STAT_ITEMS];
	atomic_long_t vm_numa_stat[NR_VM_NUMA_STAT_ITEMS];
} __aligned(1 << INTERNODE_CACHE_SHIFT);

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return zone->zone_start_pfn <= pfn && pfn < zone_end_pfn(zone);
}

static inline bool zone_is_initialized(struct zone *zone)
{
	return zone->initialized;
}

static inline bool zone_is_empty(struct zone *zone)
{
	return zone->spanned_pages == 0;
}

/* Maximum number of zones on a zonelist */
#define MAX_ZONES_PER_ZONELIST (MAX_NUMNODES * MAX_NR_ZONES)

enum {
	ZONELIST_FALLBACK,	/* zonelist with fallback */
	ZONELIST_NOFALLBACK,	/* zonelist without fallback (__GFP_THISNODE) */
	MAX_ZONELISTS
};

struct zoneref {
	struct zone *zone;	/* Pointer to actual zone */
	int zone_idx;		/* zone_idx(zoneref->zone) */
};

/* The zones an allocation may use, best first, ended by a NULL zone. */
struct zonelist {
	struct zoneref _zonerefs[MAX_ZONES_PER_ZONELIST + 1];
};

/* The LRU lists of a node (include/linux/mmzone.h): reclaim's; boot only makes them empty. */
enum lru_list {
	LRU_INACTIVE_ANON,
	LRU_ACTIVE_ANON,
	LRU_INACTIVE_FILE,
	LRU_ACTIVE_FILE,
	LRU_UNEVICTABLE,
	NR_LRU_LISTS
};

#define for_each_lru(lru) for (lru = 0; lru < NR_LRU_LISTS; lru++)

struct zone_reclaim_stat {
	unsigned long recent_rotated[2];	/* anon, file */
	unsigned long recent_scanned[2];
};

struct lruvec {
	struct list_head lists[NR_LRU_LISTS];
	struct zone_reclaim_stat reclaim_stat;
	atomic_long_t inactive_age;	/* evictions and activations, for workingset refaults */
	unsigned long refaults;
};

void lruvec_init(struct lruvec *lruvec);

struct task_struct;

/* One per node, allocated on the node by alloc_node_data(): NODE_DATA(nid). */
typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct zonelist node_zonelists[MAX_ZONELISTS];
	int nr_zones;
	spinlock_t node_size_lock;		/* CONFIG_MEMORY_HOTPLUG: pgdat_resize_lock() */
	unsigned long node_start_pfn;
	unsigned long node_present_pages;	/* total number of physical pages */
	unsigned long node_spanned_pages;	/* total size of physical page range, including holes */
	int node_id;
	wait_queue_head_t kswapd_wait;		/* kswapd sleeps here (kswapd_run starts it later) */
	wait_queue_head_t pfmemalloc_wait;	/* direct reclaimers throttled here */
	struct task_struct *kswapd;
	int kswapd_order;
	enum zone_type kswapd_classzone_idx;
	int kswapd_failures;
	int kcompactd_max_order;		/* CONFIG_COMPACTION */
	enum zone_type kcompactd_classzone_idx;
	wait_queue_head_t kcompactd_wait;
	struct task_struct *kcompactd;
	unsigned long totalreserve_pages;
	unsigned long min_unmapped_pages;
	unsigned long min_slab_pages;

	ZONE_PADDING(_pad1_)
	spinlock_t lru_lock;
	spinlock_t split_queue_lock;		/* CONFIG_TRANSPARENT_HUGEPAGE: deferred split */
	struct list_head split_queue;
	unsigned long split_queue_len;
	struct lruvec lruvec;			/* without CONFIG_MEMCG the node's only lruvec */
	unsigned long flags;

	ZONE_PADDING(_pad2_)
	struct per_cpu_nodestat *per_cpu_nodestats;
	atomic_long_t vm_stat[NR_VM_NODE_STAT_ITEMS];
} pg_data_t;

_Static_assert(sizeof(pg_data_t) == 18304, "pg_data_t differs from 4.19's (ptype/o struct pglist_data)");

static inline struct lruvec *node_lruvec(struct pglist_data *pgdat)
{
	return &pgdat->lruvec;
}

#include <asm/mmzone_64.h>

#define node_present_pages(nid) (NODE_DATA(nid)->node_present_pages)
#define node_spanned_pages(nid) (NODE_DATA(nid)->node_spanned_pages)
#define node_start_pfn(nid) (NODE_DATA(nid)->node_start_pfn)
#define node_end_pfn(nid) pgdat_end_pfn(NODE_DATA(nid))

static inline unsigned long pgdat_end_pfn(pg_data_t *pgdat)
{
	return pgdat->node_start_pfn + pgdat->node_spanned_pages;
}

/* zone_idx() returns 0 for the ZONE_DMA zone, 1 for ZONE_DMA32, etc. */
#define zone_idx(zone) ((zone) - (zone)->zone_pgdat->node_zones)

static inline bool managed_zone(struct zone *zone)
{
	return zone->managed_pages;
}

/* Returns true if a zone has memory */
static inline bool populated_zone(struct zone *zone)
{
	return zone->present_pages;
}

static inline int zone_to_nid(struct zone *zone)
{
	return zone->node;
}

static inline void zone_set_nid(struct zone *zone, int nid)
{
	zone->node = nid;
}

extern int movable_zone;
void build_all_zonelists(pg_data_t *pgdat);
void init_currently_empty_zone(struct zone *zone, unsigned long start_pfn, unsigned long size);

/* ---- SPARSEMEM ---- */
#include <asm/sparsemem.h>

#define PA_SECTION_SHIFT (SECTION_SIZE_BITS)
#define PFN_SECTION_SHIFT (SECTION_SIZE_BITS - PAGE_SHIFT)
#define NR_MEM_SECTIONS (1UL << SECTIONS_SHIFT)
#define PAGES_PER_SECTION (1UL << PFN_SECTION_SHIFT)
#define PAGE_SECTION_MASK (~(PAGES_PER_SECTION - 1))

#define SECTION_BLOCKFLAGS_BITS \
	((1UL << (PFN_SECTION_SHIFT - pageblock_order)) * NR_PAGEBLOCK_BITS)

static inline unsigned long pfn_to_section_nr(unsigned long pfn)
{
	return pfn >> PFN_SECTION_SHIFT;
}
static inline unsigned long section_nr_to_pfn(unsigned long sec)
{
	return sec << PFN_SECTION_SHIFT;
}

#define SECTION_ALIGN_UP(pfn) (((pfn) + PAGES_PER_SECTION - 1) & PAGE_SECTION_MASK)
#define SECTION_ALIGN_DOWN(pfn) ((pfn) & PAGE_SECTION_MASK)

struct page;
struct page_ext;
struct mem_section {
	/*
	 * Logically a pointer to the section's struct pages, minus the section's first pfn, with
	 * flag bits below SECTION_MAP_LAST_BIT (sparse_init_one_section). During early boot it
	 * holds the section's node id instead (memory_present).
	 */
	unsigned long section_mem_map;
	unsigned long *pageblock_flags;	/* the usemap: NR_PAGEBLOCK_BITS per pageblock */
	/*
	 * CONFIG_PAGE_EXTENSION (set in the reference build, as in Debian's): the section's
	 * struct page_ext array, allocated later (page_ext_init, after mm init), and padding
	 * that keeps the structure a power of 2, 32 bytes, so 128 sections per root page.
	 */
	struct page_ext *page_ext;
	unsigned long pad;
	/* WARNING: mem_section must be a power-of-2 in size for SECTION_ROOT_MASK. */
};

/* SPARSEMEM_EXTREME: a root array of pointers to page-sized arrays of mem_sections. */
#define SECTIONS_PER_ROOT (PAGE_SIZE / sizeof(struct mem_section))
#define SECTION_NR_TO_ROOT(sec) ((sec) / SECTIONS_PER_ROOT)
#define NR_SECTION_ROOTS DIV_ROUND_UP(NR_MEM_SECTIONS, SECTIONS_PER_ROOT)
#define SECTION_ROOT_MASK (SECTIONS_PER_ROOT - 1)

extern struct mem_section **mem_section;

static inline struct mem_section *__nr_to_section(unsigned long nr)
{
	if (!mem_section)
		return NULL;
	if (!mem_section[SECTION_NR_TO_ROOT(nr)])
		return NULL;
	return &mem_section[SECTION_NR_TO_ROOT(nr)][nr & SECTION_ROOT_MASK];
}
int __section_nr(struct mem_section *ms);
unsigned long usemap_size(void);

#define SECTION_MARKED_PRESENT (1UL << 0)
#define SECTION_HAS_MEM_MAP (1UL << 1)
#define SECTION_IS_ONLINE (1UL << 2)
#define SECTION_MAP_LAST_BIT (1UL << 3)
#define SECTION_MAP_MASK (~(SECTION_MAP_LAST_BIT - 1))
#define SECTION_NID_SHIFT 3

static inline struct page *__section_mem_map_addr(struct mem_section *section)
{
	unsigned long map = section->section_mem_map;
	map &= SECTION_MAP_MASK;
	return (struct page *)map;
}

static inline int present_section(struct mem_section *section)
{
	return (section && (section->section_mem_map & SECTION_MARKED_PRESENT));
}

static inline int present_section_nr(unsigned long nr)
{
	return present_section(__nr_to_section(nr));
}

static inline int valid_section(struct mem_section *section)
{
	return (section && (section->section_mem_map & SECTION_HAS_MEM_MAP));
}

static inline int valid_section_nr(unsigned long nr)
{
	return valid_section(__nr_to_section(nr));
}

static inline int online_section(struct mem_section *section)
{
	return (section && (section->section_mem_map & SECTION_IS_ONLINE));
}

static inline struct mem_section *__pfn_to_section(unsigned long pfn)
{
	return __nr_to_section(pfn_to_section_nr(pfn));
}

extern int __highest_present_section_nr;

static inline int pfn_valid(unsigned long pfn)
{
	if (pfn_to_section_nr(pfn) >= NR_MEM_SECTIONS)
		return 0;
	return valid_section(__nr_to_section(pfn_to_section_nr(pfn)));
}

static inline int pfn_present(unsigned long pfn)
{
	if (pfn_to_section_nr(pfn) >= NR_MEM_SECTIONS)
		return 0;
	return present_section(__nr_to_section(pfn_to_section_nr(pfn)));
}

#define early_pfn_valid(pfn) pfn_valid(pfn)
#define pfn_valid_within(pfn) (1)	/* no CONFIG_HOLES_IN_ZONE on x86 */

void memory_present(int nid, unsigned long start, unsigned long end);
void sparse_init(void);

/* During memory init memblocks map pfns to nids; this caches the last lookup. */
struct mminit_pfnnid_cache {
	unsigned long last_start;
	unsigned long last_end;
	int last_nid;
};

#endif /* _LINUX_MMZONE_H */
