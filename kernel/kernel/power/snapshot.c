/*
 * __register_nosave_region (kernel/power/snapshot.c): page ranges hibernation must not save. A
 * range continuing the previous one extends it; any other gets its own boot allocation.
 */
#define pr_fmt(fmt) "PM: " fmt

#include <linux/kernel.h>
#include <linux/bootmem.h>
#include <linux/list.h>
#include <linux/suspend.h>

struct nosave_region {
	struct list_head list;
	unsigned long start_pfn;
	unsigned long end_pfn;
};

static LIST_HEAD(nosave_regions);

noinline void __register_nosave_region(unsigned long start_pfn, unsigned long end_pfn, int use_kmalloc)
{
	struct nosave_region *region;

	if (start_pfn >= end_pfn)
		return;

	if (!list_empty(&nosave_regions)) {
		/* Try to extend the previous region (they should be sorted) */
		region = list_entry(nosave_regions.prev, struct nosave_region, list);
		if (region->end_pfn == start_pfn) {
			region->end_pfn = end_pfn;
			goto Report;
		}
	}
	/* at boot there is no kmalloc yet: use_kmalloc is always 0 here */
	region = memblock_virt_alloc(sizeof(struct nosave_region), 0);
	region->start_pfn = start_pfn;
	region->end_pfn = end_pfn;
	list_add_tail(&region->list, &nosave_regions);
 Report:
	pr_info("Registered nosave memory: [mem %#010llx-%#010llx]\n",
		(unsigned long long)start_pfn << PAGE_SHIFT, ((unsigned long long)end_pfn << PAGE_SHIFT) - 1);
}
