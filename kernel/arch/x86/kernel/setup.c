/*
 * setup_arch: the part of arch/x86/kernel/setup.c that builds the early memory picture, in
 * Linux 4.19's order. What Linux does here that is not about memory (CPU features, ACPI
 * interrupts, SMP) is left out.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/setup.h>
#include <asm/e820/api.h>
#include <asm/page.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <mm_step/checkpoint.h>

unsigned long max_pfn, max_low_pfn;

void setup_arch(void)
{
	/* The kernel image, then page 0 (L1TF), are reserved before anything else. */
	memblock_reserve(__pa_symbol(_text), (unsigned long)__bss_stop - (unsigned long)_text);
	memblock_reserve(0, PAGE_SIZE);

	e820__memory_setup();		/* the firmware's map, sanitised and printed */
	parse_early_param();		/* mem=, numa=, memblock=debug, kernelcore=, movablecore= */
	e820__finish_early_params();	/* "user-defined physical RAM map" after mem= */
	e820_add_kernel_range();
	trim_bios_range();		/* page 0 reserved, RAM in 640K-1M removed */

	max_pfn = e820__end_of_ram_pfn();
	if (max_pfn > (1UL << (32 - PAGE_SHIFT)))
		max_low_pfn = e820__end_of_low_ram_pfn();
	else
		max_low_pfn = max_pfn;

	memblock_set_current_limit(ISA_END_ADDRESS);
	e820__memblock_setup();		/* e820 RAM into memblock.memory */
	reserve_bios_regions();		/* the EBDA and BIOS area below 1 MiB */
	reserve_real_mode();		/* the real-mode trampoline */
	trim_low_memory_range();	/* the first 64 KiB */
	mm_checkpoint(CP_e820__memblock_setup, -1);

	init_mem_mapping();		/* the direct map at PAGE_OFFSET */
	memblock_set_current_limit(PFN_PHYS(max_pfn));
	acpi_boot_table_init();		/* find the RSDP and the tables */

	initmem_init();			/* NUMA: SRAT, numa_meminfo, NODE_DATA */
	memblock_find_dma_reserve();
	paging_init();			/* sparse memory, vmemmap, zones, struct pages */
}
