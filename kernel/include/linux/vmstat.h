/* Zone and node counters, as include/linux/vmstat.h (boot: one CPU, no per-cpu deltas). */
#ifndef _LINUX_VMSTAT_H
#define _LINUX_VMSTAT_H
#include <linux/mmzone.h>

extern atomic_long_t vm_zone_stat[NR_VM_ZONE_STAT_ITEMS];
extern atomic_long_t vm_numa_stat[NR_VM_NUMA_STAT_ITEMS];
extern atomic_long_t vm_node_stat[NR_VM_NODE_STAT_ITEMS];
extern const char * const vmstat_text[];

static inline unsigned long zone_page_state(struct zone *zone, enum zone_stat_item item)
{
	long x = zone->vm_stat[item].counter;

	return x < 0 ? 0 : x;
}

static inline unsigned long node_page_state(struct pglist_data *pgdat, enum node_stat_item item)
{
	long x = pgdat->vm_stat[item].counter;

	return x < 0 ? 0 : x;
}

static inline unsigned long global_zone_page_state(enum zone_stat_item item)
{
	long x = vm_zone_stat[item].counter;

	return x < 0 ? 0 : x;
}

static inline void __mod_zone_page_state(struct zone *zone, enum zone_stat_item item, long delta)
{
	zone->vm_stat[item].counter += delta;
	vm_zone_stat[item].counter += delta;
}

static inline void __mod_zone_freepage_state(struct zone *zone, int nr_pages, int migratetype)
{
	__mod_zone_page_state(zone, NR_FREE_PAGES, nr_pages);
}

#endif
