/* struct page, as include/linux/mm_types.h in 4.19 (x86_64, CONFIG_MEMCG=y): 64 bytes. */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H
#include <linux/types.h>

struct address_space;
struct mem_cgroup;

/*
 * One per physical page frame, in the vmemmap array: page == vmemmap + pfn. Only the fields that
 * boot-time initialisation touches are named; the other union members of Linux share storage
 * with these and are left out.
 */
struct page {
	unsigned long flags;		/* enum pageflags bits, and node/zone/last_cpupid at the top */
	union {
		struct {		/* page cache, anonymous and free (buddy) pages */
			struct list_head lru;	/* free: linked in zone->free_area[order].free_list[mt] */
			struct address_space *mapping;
			unsigned long index;
			unsigned long private;	/* free: the buddy order (set_page_order) */
		};
	};
	union {			/* 4 bytes: -1 when unused */
		atomic_t _mapcount;
		unsigned int page_type;	/* PageBuddy etc.: a cleared bit under PAGE_TYPE_BASE */
	};
	atomic_t _refcount;
	struct mem_cgroup *mem_cgroup;
};

_Static_assert(sizeof(struct page) == 64, "struct page must be 64 bytes as in Linux");

#endif
