/*
 * mm/vmstat.c (Linux 4.19): the counters, and /proc/zoneinfo, /proc/buddyinfo and
 * /proc/pagetypeinfo printed to the console in their exact formats between
 * "==== BEGIN /proc/NAME ====" and "==== END /proc/NAME ====" lines.
 *
 * At this point of boot Linux has counted only NR_FREE_PAGES; every other zone, NUMA and node
 * counter is 0, the watermarks and lowmem_reserve are 0 (set later by init_per_zone_wmark_min,
 * a core_initcall), and each zone still uses the boot pageset (count 0, high 0, batch 1,
 * stat threshold 0) on the one online CPU. Those are the values printed.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/vmstat.h>
#include <linux/nodemask.h>
#include <linux/percpu.h>

atomic_long_t vm_zone_stat[NR_VM_ZONE_STAT_ITEMS];
atomic_long_t vm_numa_stat[NR_VM_NUMA_STAT_ITEMS];
atomic_long_t vm_node_stat[NR_VM_NODE_STAT_ITEMS];

const char * const vmstat_text[] = {
	/* enum zone_stat_item countes */
	"nr_free_pages",
	"nr_zone_inactive_anon",
	"nr_zone_active_anon",
	"nr_zone_inactive_file",
	"nr_zone_active_file",
	"nr_zone_unevictable",
	"nr_zone_write_pending",
	"nr_mlock",
	"nr_page_table_pages",
	"nr_kernel_stack",
	"nr_bounce",
	"nr_zspages",
	"nr_free_cma",

	/* enum numa_stat_item counters */
	"numa_hit",
	"numa_miss",
	"numa_foreign",
	"numa_interleave",
	"numa_local",
	"numa_other",

	/* Node-based counters */
	"nr_inactive_anon",
	"nr_active_anon",
	"nr_inactive_file",
	"nr_active_file",
	"nr_unevictable",
	"nr_slab_reclaimable",
	"nr_slab_unreclaimable",
	"nr_isolated_anon",
	"nr_isolated_file",
	"workingset_refault",
	"workingset_activate",
	"workingset_nodereclaim",
	"nr_anon_pages",
	"nr_mapped",
	"nr_file_pages",
	"nr_dirty",
	"nr_writeback",
	"nr_writeback_temp",
	"nr_shmem",
	"nr_shmem_hugepages",
	"nr_shmem_pmdmapped",
	"nr_anon_transparent_hugepages",
	"nr_unstable",
	"nr_vmscan_write",
	"nr_vmscan_immediate_reclaim",
	"nr_dirtied",
	"nr_written",
	"", /* nr_indirectly_reclaimable: hidden in 4.19.y stable */
};
_Static_assert(ARRAY_SIZE(vmstat_text) ==
	       NR_VM_ZONE_STAT_ITEMS + NR_VM_NUMA_STAT_ITEMS + NR_VM_NODE_STAT_ITEMS,
	       "one name per counter");

#define MAX_RECLAIM_RETRIES 16

/* The /proc files are printed, not read: seq_printf writes to the console without stamps. */
__printf(1, 2) static void __seq_printf(const char *fmt, ...)
{
	char buf[256];
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	early_console_write(buf, min(n, (int)sizeof(buf) - 1));
}
#define seq_printf(m, ...) __seq_printf(__VA_ARGS__)
#define seq_putc(m, c) __seq_printf("%c", c)

/* Walk the zones of a node; populated ones only when assert_populated. */
static void walk_zones_in_node(pg_data_t *pgdat, bool assert_populated,
			       void (*print)(pg_data_t *, struct zone *))
{
	struct zone *zone;

	for (zone = pgdat->node_zones; zone < pgdat->node_zones + MAX_NR_ZONES; zone++) {
		if (assert_populated && !populated_zone(zone))
			continue;
		print(pgdat, zone);
	}
}

static void frag_show_print(pg_data_t *pgdat, struct zone *zone)
{
	int order;

	seq_printf(m, "Node %d, zone %8s ", pgdat->node_id, zone->name);
	for (order = 0; order < MAX_ORDER; ++order)
		seq_printf(m, "%6lu ", zone->free_area[order].nr_free);
	seq_putc(m, '\n');
}

static void pagetypeinfo_showfree_print(pg_data_t *pgdat, struct zone *zone)
{
	int order, mtype;

	for (mtype = 0; mtype < MIGRATE_TYPES; mtype++) {
		seq_printf(m, "Node %4d, zone %8s, type %12s ", pgdat->node_id, zone->name,
			   migratetype_names[mtype]);
		for (order = 0; order < MAX_ORDER; ++order) {
			unsigned long freecount = 0;
			struct list_head *curr;

			/*
			 * 4.19's wrapped Movable zone (present pages, nothing spanned) never had its free
			 * lists initialised: Linux would follow their NULL pointers here; show them empty.
			 */
			if (zone->free_area[order].free_list[mtype].next)
				list_for_each(curr, &zone->free_area[order].free_list[mtype])
					freecount++;
			seq_printf(m, "%6lu ", freecount);
		}
		seq_putc(m, '\n');
	}
}

/* Pageblocks per migratetype, read from the usemaps. */
static void pagetypeinfo_showblockcount_print(pg_data_t *pgdat, struct zone *zone)
{
	int mtype;
	unsigned long pfn;
	unsigned long start_pfn = zone->zone_start_pfn;
	unsigned long end_pfn = zone_end_pfn(zone);
	unsigned long count[MIGRATE_TYPES] = { 0, };

	for (pfn = start_pfn; pfn < end_pfn; pfn += pageblock_nr_pages) {
		struct page *page;

		if (!online_section(__pfn_to_section(pfn)) || !pfn_valid(pfn))	/* pfn_to_online_page */
			continue;
		page = pfn_to_page(pfn);
		if (page_zone(page) != zone)
			continue;

		mtype = get_pfnblock_flags_mask(page, pfn, PB_migrate_end, MIGRATETYPE_MASK);
		if (mtype < MIGRATE_TYPES)
			count[mtype]++;
	}

	seq_printf(m, "Node %d, zone %8s ", pgdat->node_id, zone->name);
	for (mtype = 0; mtype < MIGRATE_TYPES; mtype++)
		seq_printf(m, "%12lu ", count[mtype]);
	seq_putc(m, '\n');
}

static void pagetypeinfo_show(pg_data_t *pgdat)
{
	int order, mtype;

	/* check memoryless node */
	if (!node_state(pgdat->node_id, N_MEMORY))
		return;

	seq_printf(m, "Page block order: %d\n", pageblock_order);
	seq_printf(m, "Pages per block:  %lu\n", pageblock_nr_pages);
	seq_putc(m, '\n');

	seq_printf(m, "%-43s ", "Free pages count per migrate type at order");
	for (order = 0; order < MAX_ORDER; ++order)
		seq_printf(m, "%6d ", order);
	seq_putc(m, '\n');
	walk_zones_in_node(pgdat, true, pagetypeinfo_showfree_print);

	seq_printf(m, "\n%-23s", "Number of blocks type ");
	for (mtype = 0; mtype < MIGRATE_TYPES; mtype++)
		seq_printf(m, "%12s ", migratetype_names[mtype]);
	seq_putc(m, '\n');
	walk_zones_in_node(pgdat, true, pagetypeinfo_showblockcount_print);
}

static bool is_zone_first_populated(pg_data_t *pgdat, struct zone *zone)
{
	int zid;

	for (zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *compare = &pgdat->node_zones[zid];

		if (populated_zone(compare))
			return zone == compare;
	}
	return false;
}

static void zoneinfo_show_print(pg_data_t *pgdat, struct zone *zone)
{
	struct per_cpu_pageset *pageset;
	int i;

	seq_printf(m, "Node %d, zone %8s", pgdat->node_id, zone->name);
	if (is_zone_first_populated(pgdat, zone)) {
		seq_printf(m, "\n  per-node stats");
		for (i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
			/* Skip hidden vmstat items. */
			if (*vmstat_text[i + NR_VM_ZONE_STAT_ITEMS + NR_VM_NUMA_STAT_ITEMS] == '\0')
				continue;
			seq_printf(m, "\n      %-12s %lu",
				   vmstat_text[i + NR_VM_ZONE_STAT_ITEMS + NR_VM_NUMA_STAT_ITEMS],
				   node_page_state(pgdat, i));
		}
	}
	seq_printf(m,
		   "\n  pages free     %lu"
		   "\n        min      %lu"
		   "\n        low      %lu"
		   "\n        high     %lu"
		   "\n        spanned  %lu"
		   "\n        present  %lu"
		   "\n        managed  %lu",
		   zone_page_state(zone, NR_FREE_PAGES),
		   zone->watermark[WMARK_MIN],
		   zone->watermark[WMARK_LOW],
		   zone->watermark[WMARK_HIGH],
		   zone->spanned_pages,
		   zone->present_pages,
		   zone->managed_pages);

	seq_printf(m, "\n        protection: (%ld", zone->lowmem_reserve[0]);
	for (i = 1; i < MAX_NR_ZONES; i++)
		seq_printf(m, ", %ld", zone->lowmem_reserve[i]);
	seq_putc(m, ')');

	/* If unpopulated, no other information is useful */
	if (!populated_zone(zone)) {
		seq_putc(m, '\n');
		return;
	}

	for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		seq_printf(m, "\n      %-12s %lu", vmstat_text[i], zone_page_state(zone, i));

	for (i = 0; i < NR_VM_NUMA_STAT_ITEMS; i++)
		seq_printf(m, "\n      %-12s %lu", vmstat_text[i + NR_VM_ZONE_STAT_ITEMS],
			   (unsigned long)zone->vm_numa_stat[i].counter);

	seq_printf(m, "\n  pagesets");
	pageset = per_cpu_ptr(zone->pageset, 0);	/* for_each_online_cpu: the boot CPU */
	seq_printf(m,
		   "\n    cpu: %i"
		   "\n              count: %i"
		   "\n              high:  %i"
		   "\n              batch: %i",
		   0, pageset->pcp.count, pageset->pcp.high, pageset->pcp.batch);
	seq_printf(m, "\n  vm stats threshold: %d", pageset->stat_threshold);
	seq_printf(m,
		   "\n  node_unreclaimable:  %u"
		   "\n  start_pfn:           %lu",
		   pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES,
		   zone->zone_start_pfn);
	seq_putc(m, '\n');
}

static void show_file(const char *name, void (*show)(pg_data_t *))
{
	int nid;

	seq_printf(m, "==== BEGIN %s ====\n", name);
	for_each_online_node(nid)
		show(NODE_DATA(nid));
	seq_printf(m, "==== END %s ====\n", name);
}

static void frag_show(pg_data_t *pgdat)
{
	walk_zones_in_node(pgdat, true, frag_show_print);
}

static void zoneinfo_show(pg_data_t *pgdat)
{
	walk_zones_in_node(pgdat, false, zoneinfo_show_print);
}

void show_mem_proc_files(void)
{
	pr_info("mm-step: the /proc files as Linux would show them now\n");
	show_file("/proc/zoneinfo", zoneinfo_show);
	show_file("/proc/buddyinfo", frag_show);
	show_file("/proc/pagetypeinfo", pagetypeinfo_show);
}
