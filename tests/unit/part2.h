/*
 * Shared by the part-2 tests (test_sparse, test_zones, test_pageflags, test_buddy): the machines
 * of ../shared/docs/linux-mm-init-reference.md section 14 as memblock layouts, a clean slate
 * before each test, and part 2 run as setup_arch and mm_init run it.
 *
 * arch/x86/mm/init.c is left out of the host library (its direct map writes CR3), so its
 * zone_sizes_init() and memblock_find_dma_reserve() come in here, as source.
 */
#ifndef PART2_H
#define PART2_H
#define MM_STEP_HOSTED
#include "unit.h"
#include <sys/mman.h>
#include <linux/memblock.h>
#include <linux/bootmem.h>
#include "memblock_reset.h"
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <asm/bootparam.h>
#include "../../kernel/arch/x86/mm/init.c"

/*
 * The host's vmemmap (a variable, see asm/pgtable.h): the struct page of pfn N is at
 * vmemmap_base + 64 N, placed at 96 GiB in the hosted physical memory, above anything these
 * machines use; the 16 GiB machines need 256 MiB of struct pages.
 */
#define HOST_VMEMMAP_PHYS (96UL << 30)
#define HOST_VMEMMAP_SIZE (1UL << 30)
__attribute__((weak)) struct boot_params boot_params;	/* the ACPI code reads it; no firmware here */

void paging_init(void);
void mem_init(void);
extern struct pglist_data *node_data[];

/* A test file may reset more state of its own before each test. */
void part2_reset(void) __attribute__((weak));

void unit_reset(void)
{
	static nodemask_t initial_states[NR_NODE_STATES];
	static int saved;

	if (!saved) {
		memcpy(initial_states, node_states, sizeof(node_states));
		saved = 1;
	}
	memblock_reset();
	memcpy(node_states, initial_states, sizeof(node_states));
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		node_data[nid] = NULL;
	mem_section = NULL;
	__highest_present_section_nr = 0;
	max_pfn = max_low_pfn = 0;
	totalram_pages = 0;
	set_dma_reserve(0);
	memset(early_top_pgt, 0, sizeof(early_top_pgt));
	vmemmap_base = page_offset_base + HOST_VMEMMAP_PHYS;
	madvise((void *)vmemmap_base, HOST_VMEMMAP_SIZE, MADV_DONTNEED);	/* zero the struct pages */
	if (part2_reset)
		part2_reset();
}

/* alloc_node_data() (arch/x86/mm/numa.c): a zeroed pg_data_t at the top of the node's memory. */
static inline void part2_node_online(int nid)
{
	node_data[nid] = memblock_virt_alloc_try_nid(roundup(sizeof(pg_data_t), PAGE_SIZE),
						     SMP_CACHE_BYTES, 0, BOOTMEM_ALLOC_ACCESSIBLE, nid);
	node_set_online(nid);
}

/* The firmware's part of memblock.reserved on a SeaBIOS pc (section 14.3), kernel at 16 MiB. */
static inline void part2_low_reservations(void)
{
	memblock_reserve(0, 0x10000);		/* page 0 + 64 KiB reserve_low: pfn 0x0-0xf */
	memblock_reserve(0x99000, 0x67000);	/* trampoline pfn 0x99-0x9e + BIOS 0x9f-0xff */
	memblock_reserve(0x1000000, 0x1000000);	/* the kernel image [16 MiB, 32 MiB) */
}

/* Section 14: pc -m 2G, one node. memory [0x1000,0x9f000) + [0x100000,0x7ffe0000). */
static inline void reference_machine(void)
{
	memblock_add(0x1000, 0x9e000);
	memblock_add(0x100000, 0x7fee0000);
	part2_low_reservations();
	memblock_set_node(0, 0x80000000, &memblock.memory, 0);
	max_pfn = max_low_pfn = 0x7ffe0;
	part2_node_online(0);
}

/*
 * scripts/topologies/two-node.machine: pc -m 6G, two 3 GiB nodes. Node 0 is the RAM below the
 * PCI hole, [0x1000,0x9f000) + [0x100000,0xbffe0000); node 1 is [4 GiB, 7 GiB).
 */
static inline void two_node_machine(void)
{
	memblock_add(0x1000, 0x9e000);
	memblock_add(0x100000, 0xbfee0000);
	memblock_add(0x100000000, 0xc0000000);
	part2_low_reservations();
	memblock_set_node(0, 0x100000000, &memblock.memory, 0);
	memblock_set_node(0x100000000, 0xc0000000, &memblock.memory, 1);
	max_pfn = max_low_pfn = 0x1c0000;
	part2_node_online(0);
	part2_node_online(1);
}

/* setup_arch's part 2 (memblock_find_dma_reserve, paging_init), then mm_init's mem_init. */
static inline void part2_boot(void)
{
	memblock_find_dma_reserve();
	paging_init();
	build_all_zonelists(NULL);
	mem_init();
}

#endif
