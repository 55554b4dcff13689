/* page->_refcount, as include/linux/page_ref.h (no tracepoints: one CPU at boot). */
#ifndef _LINUX_PAGE_REF_H
#define _LINUX_PAGE_REF_H
#include <linux/mm_types.h>

static inline int page_ref_count(struct page *page)
{
	return page->_refcount.counter;
}

static inline void set_page_count(struct page *page, int v)
{
	page->_refcount.counter = v;
}

/* A page just handed out (or initialised) has one reference. */
static inline void init_page_count(struct page *page)
{
	set_page_count(page, 1);
}

static inline int page_ref_dec_and_test(struct page *page)
{
	return --page->_refcount.counter == 0;
}

#endif
