/*
 * Page flags, as include/linux/page-flags.h in 4.19 (x86_64, the reference's config: MMU, PAT's
 * PG_uncached; no MEMORY_FAILURE, no IDLE_PAGE_TRACKING -> 22 flags). Only the accessors boot uses.
 */
#ifndef PAGE_FLAGS_H
#define PAGE_FLAGS_H
#include <linux/bitops.h>
#include <linux/mm_types.h>

enum pageflags {
	PG_locked,
	PG_error,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_active,
	PG_waiters,
	PG_slab,
	PG_owner_priv_1,
	PG_arch_1,
	PG_reserved,		/* not for the buddy allocator: firmware, kernel image, memblock */
	PG_private,
	PG_private_2,
	PG_writeback,
	PG_head,
	PG_mappedtodisk,
	PG_reclaim,
	PG_swapbacked,
	PG_unevictable,
	PG_mlocked,
	PG_uncached,
	__NR_PAGEFLAGS
};
#define NR_PAGEFLAGS __NR_PAGEFLAGS

static inline int PageReserved(struct page *page)
{
	return test_bit(PG_reserved, &page->flags);
}
static inline void __SetPageReserved(struct page *page)
{
	__set_bit(PG_reserved, &page->flags);
}
static inline void __ClearPageReserved(struct page *page)
{
	__clear_bit(PG_reserved, &page->flags);
}

/*
 * page_type (4.18+) shares storage with _mapcount, which is -1 for a page nobody maps. A type is
 * "set" by clearing its bit below PAGE_TYPE_BASE, so a free buddy head reads 0xffffff7f.
 */
#define PAGE_TYPE_BASE 0xf0000000
#define PG_buddy 0x00000080

#define PageType(page, flag) (((page)->page_type & (PAGE_TYPE_BASE | (flag))) == PAGE_TYPE_BASE)

static inline int PageBuddy(struct page *page)
{
	return PageType(page, PG_buddy);
}
static inline void __SetPageBuddy(struct page *page)
{
	page->page_type &= ~PG_buddy;
}
static inline void __ClearPageBuddy(struct page *page)
{
	page->page_type |= PG_buddy;
}

#endif
