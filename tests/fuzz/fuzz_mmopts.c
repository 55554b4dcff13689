/*
 * Fuzz the memory options' strings as their early_param handlers take them: numa=fake=
 * (numa_emulation, on the two-node machine with its SRAT), and kernelcore= / movablecore=
 * (sizes, percentages or "mirror", then ZONE_MOVABLE placed by free_area_init_nodes).
 *
 * Input: three NUL-separated strings: the numa=fake= value, the kernelcore= value, the
 * movablecore= value (an empty one is not given).
 *
 * Checked: no crash or sanitizer report; numa_meminfo sane and covering the RAM with online nodes
 * (fuzz_boot.h); each node's zones inside the node; ZONE_MOVABLE's start either none, or inside
 * its node, or -- as 4.19 keeps it for a node whose memory all went to kernelcore -- at the node's
 * end rounded up to MAX_ORDER_NR_PAGES at most (later kernels drop such a start; 4.19 does not).
 */
#define MM_STEP_HOSTED
#pragma clang diagnostic ignored "-Wmacro-redefined"
#include <stdint.h>
#include <stdlib.h>
#include "unit.h"
#include "acpi_images.h"
#include "fuzz_boot.h"

/* page_alloc.c as source: its handlers and ZONE_MOVABLE state are static, as in Linux */
#include "../../kernel/mm/page_alloc.c"

#define SRAT_PA 0xbffe1000

static char *next(char **p, char *end)
{
	char *s = *p;

	*p += strnlen(s, end - s) + 1;
	return *s && s < end ? s : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u32 tables[] = { SRAT_PA };
	static char buf[4096 + 1];
	const char *log = console_log + strlen(console_log);
	char *p = buf, *end, *numa, *kcore, *mcore;

	size = min_t(size_t, size, sizeof(buf) - 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	end = buf + size + 1;
	numa = next(&p, end);
	kcore = p < end ? next(&p, end) : NULL;
	mcore = p < end ? next(&p, end) : NULL;

	reset_acpi_numa_state();
	required_kernelcore = required_kernelcore_percent = 0;
	required_movablecore = required_movablecore_percent = 0;
	mirrored_kernelcore = false;
	memset(zone_movable_pfn, 0, sizeof(zone_movable_pfn));
	two_node_machine();
	two_node_srat(SRAT_PA);
	acpi_root(tables, 1);
	if (numa)
		numa_emu_cmdline(numa);
	if (kcore)
		cmdline_parse_kernelcore(kcore);
	if (mcore)
		cmdline_parse_movablecore(mcore);

	boot();
	check_numa_result(log);
	max_low_pfn = max_pfn;
	memblock_find_dma_reserve();
	zone_sizes_init();
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		pg_data_t *pgdat = NODE_DATA(nid);

		if (!node_online(nid) || !pgdat)
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];

			if (!zone->spanned_pages)
				continue;
			CHECK(zone->zone_start_pfn >= pgdat->node_start_pfn);
			CHECK(zone->zone_start_pfn + zone->spanned_pages <= pgdat->node_start_pfn + pgdat->node_spanned_pages);
			CHECK(zone->present_pages <= zone->spanned_pages);
		}
		CHECK(!zone_movable_pfn[nid] || (zone_movable_pfn[nid] >= pgdat->node_start_pfn &&
			zone_movable_pfn[nid] <= roundup(pgdat->node_start_pfn + pgdat->node_spanned_pages,
							 MAX_ORDER_NR_PAGES)));
	}
	return 0;
}
