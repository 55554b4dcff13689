/* Per-pageblock flags (the usemap), as include/linux/pageblock-flags.h in 4.19. */
#ifndef PAGEBLOCK_FLAGS_H
#define PAGEBLOCK_FLAGS_H
#include <linux/types.h>

/* Bit indices in a pageblock's group of NR_PAGEBLOCK_BITS bits. */
enum pageblock_bits {
	PB_migrate,
	PB_migrate_end = PB_migrate + 3 - 1,	/* 3 bits for the migratetype */
	PB_migrate_skip,			/* compaction: skip this block */
	NR_PAGEBLOCK_BITS
};

/* CONFIG_HUGETLB_PAGE without HUGETLB_PAGE_SIZE_VARIABLE: a pageblock is a 2 MiB huge page. */
#define HUGETLB_PAGE_ORDER (21 - 12)
#define pageblock_order HUGETLB_PAGE_ORDER
#define pageblock_nr_pages (1UL << pageblock_order)

struct page;
unsigned long get_pfnblock_flags_mask(struct page *page, unsigned long pfn,
				      unsigned long end_bitidx, unsigned long mask);
void set_pfnblock_flags_mask(struct page *page, unsigned long flags, unsigned long pfn,
			     unsigned long end_bitidx, unsigned long mask);

#endif
