/*
 * Where the section, node, zone and last_cpupid fields sit in page->flags, as
 * include/linux/page-flags-layout.h (4.19, x86_64, SPARSEMEM_VMEMMAP, Debian's config).
 *
 * | NODE (6) | ZONE (3) | LAST_CPUPID (0) | ... | FLAGS |
 *   63..58     57..55
 *
 * LAST_CPUPID: Debian sets CONFIG_NUMA_BALANCING=y and NR_CPUS=512 (NR_CPUS_BITS 9), so
 * LAST_CPUPID_SHIFT = 8 + 9 = 17 would fit (6 + 3 + 17 + 25 flags = 51 <= 64) and Linux keeps the
 * last cpupid in page->flags there. The replay has no scheduler, and page_cpupid_reset_last()
 * only sets that field to all ones: we model it (bits 54..38) so that page->flags equals Linux's.
 */
#ifndef PAGE_FLAGS_LAYOUT_H
#define PAGE_FLAGS_LAYOUT_H
#include <linux/numa.h>
#include <asm/sparsemem.h>

#define MAX_NR_ZONES 5		/* DMA, DMA32, Normal, Movable, Device (CONFIG_ZONE_DEVICE=y) */
#define ZONES_SHIFT 3		/* MAX_NR_ZONES <= 8 */

#define SECTIONS_SHIFT (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)	/* 46 - 27 = 19 */

#define NR_CPUS_BITS 9		/* CONFIG_NR_CPUS=512 */
#define LAST__PID_SHIFT 8
#define LAST__CPU_SHIFT NR_CPUS_BITS
#define LAST_CPUPID_SHIFT (LAST__PID_SHIFT + LAST__CPU_SHIFT)

#define SECTIONS_WIDTH 0	/* CONFIG_SPARSEMEM_VMEMMAP: the section is not in page->flags */
#define ZONES_WIDTH ZONES_SHIFT
#define NODES_WIDTH NODES_SHIFT
#define LAST_CPUPID_WIDTH LAST_CPUPID_SHIFT

#endif
