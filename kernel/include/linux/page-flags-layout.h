/*
 * Where the section, node, zone and last_cpupid fields sit in page->flags, as
 * include/linux/page-flags-layout.h (4.19, x86_64, SPARSEMEM_VMEMMAP, the reference's config).
 *
 * | NODE (6) | ZONE (3) | ... | FLAGS |
 *   63..58     57..55
 *
 * LAST_CPUPID: the reference 4.19.222 build has no CONFIG_NUMA_BALANCING, so LAST_CPUPID_SHIFT is
 * 0 and page->flags keeps no last cpupid (Debian's NUMA_BALANCING=y would put 17 bits at 54..38).
 */
#ifndef PAGE_FLAGS_LAYOUT_H
#define PAGE_FLAGS_LAYOUT_H
#include <linux/numa.h>
#include <asm/sparsemem.h>

#define MAX_NR_ZONES 5		/* DMA, DMA32, Normal, Movable, Device (CONFIG_ZONE_DEVICE=y) */
#define ZONES_SHIFT 3		/* MAX_NR_ZONES <= 8 */

#define SECTIONS_SHIFT (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)	/* 46 - 27 = 19 */

#define LAST_CPUPID_SHIFT 0	/* !CONFIG_NUMA_BALANCING */

#define SECTIONS_WIDTH 0	/* CONFIG_SPARSEMEM_VMEMMAP: the section is not in page->flags */
#define ZONES_WIDTH ZONES_SHIFT
#define NODES_WIDTH NODES_SHIFT
#define LAST_CPUPID_WIDTH LAST_CPUPID_SHIFT

#endif
