/*
 * setup_arch: the part of arch/x86/kernel/setup.c that builds the early memory picture, in
 * Linux 4.19's order. Of what Linux does here that is not about memory (CPU features, ACPI
 * interrupts, SMP), only what takes boot memory or decides the possible CPUs is replayed.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/bootmem.h>
#include <linux/mm.h>
#include <asm/setup.h>
#include <asm/e820/api.h>
#include <asm/numa.h>
#include <asm/io_apic.h>
#include <asm/smp.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/sections.h>
#include <mm_step/checkpoint.h>

/*
 * The brk area: room after __bss_stop for early allocations made before memblock knows the
 * RAM (DMI strings, the first page tables). What was used is reserved, and the rest given
 * up, by reserve_brk().
 */
static unsigned long _brk_start = (unsigned long)__brk_base;
static unsigned long _brk_end = (unsigned long)__brk_base;

void *extend_brk(size_t size, size_t align)
{
	size_t mask = align - 1;
	void *ret;

	BUG_ON(_brk_start == 0);
	BUG_ON(align & mask);

	_brk_end = (_brk_end + mask) & ~mask;
	BUG_ON((char *)(_brk_end + size) > __brk_limit);

	ret = (void *)_brk_end;
	_brk_end += size;

	memset(ret, 0, size);
	return ret;
}

static inline void reserve_brk(void)
{
	if (_brk_end > _brk_start)
		memblock_reserve(__pa_symbol(_brk_start), _brk_end - _brk_start);

	/* Mark brk area as locked down and no longer taking any new allocations */
	_brk_start = 0;
}

/* head.S turned NX on (EFER.NX) when the CPU has it; say so, as x86_report_nx(). */
static void x86_report_nx(void)
{
	if (!(cpuid_edx(0x80000001) & (1U << X86_FEATURE_NX_BIT)))
		printk(KERN_NOTICE "Notice: NX (Execute Disable) protection missing in CPU!\n");
	else
		printk(KERN_INFO "NX (Execute Disable) protection: active\n");
}

/*
 * The kernel image must be RAM in e820. A confused BIOS, or memmap=exactmap, may say otherwise:
 * complain and make it RAM (if it really is not, we crash later anyway).
 */
static void e820_add_kernel_range(void)
{
	u64 start = __pa_symbol(_text);
	u64 size = __pa_symbol(_end) - start;

	if (e820__mapped_all(start, start + size, E820_TYPE_RAM))
		return;

	pr_warn(".text .data .bss are not marked as E820_TYPE_RAM!\n");
	e820__range_remove(start, size, E820_TYPE_RAM, 0);
	e820__range_add(start, size, E820_TYPE_RAM);
}

/*
 * Page 0 belongs to the BIOS (real-mode IVT, BDA) though e820 calls it RAM; and some BIOSes report
 * the legacy VGA/ROM area 640K-1M as RAM. Neither is given to memblock.
 */
static void trim_bios_range(void)
{
	e820__range_update(0, PAGE_SIZE, E820_TYPE_RAM, E820_TYPE_RESERVED);
	e820__range_remove(BIOS_BEGIN, BIOS_END - BIOS_BEGIN, E820_TYPE_RAM, 1);
	e820__update_table(e820_table);
}

/* CONFIG_X86_RESERVE_LOW: some BIOSes corrupt low memory, so the first 64 KiB stay unused. */
static u64 reserve_low = 64 << 10;

/* reservelow=SIZE, clamped to [4 KiB, 640 KiB] */
static int parse_reservelow(char *p)
{
	unsigned long long size;

	if (!p)
		return -EINVAL;

	size = memparse(p, &p);
	if (size < 4096)
		size = 4096;
	if (size > 640 * 1024)
		size = 640 * 1024;

	reserve_low = size;
	return 0;
}
early_param("reservelow", parse_reservelow);

static void trim_low_memory_range(void)
{
	memblock_reserve(0, ALIGN(reserve_low, PAGE_SIZE));
}

void setup_arch(void)
{
	/* The kernel image (Linux 4.19's: mm_step/linux_image.h), then page 0 (L1TF), are reserved first. */
	memblock_reserve(__pa_symbol(_text), (unsigned long)__bss_stop - (unsigned long)_text);
	memblock_reserve(0, PAGE_SIZE);

	e820__memory_setup();		/* the firmware's map, sanitised and printed */
	parse_early_param();		/* mem=, numa=, memblock=debug, kernelcore=, movablecore= */
	x86_report_nx();
	e820__finish_early_params();	/* "user-defined physical RAM map" after mem= */
	dmi_scan_machine();		/* SMBIOS: the "DMI:" line, and a page of brk */
	e820_add_kernel_range();
	trim_bios_range();		/* page 0 reserved, RAM in 640K-1M removed */

	max_pfn = e820__end_of_ram_pfn();
	mtrr_bp_init();			/* the firmware's memory types; Linux's PAT */
	if (mtrr_trim_uncached_memory(max_pfn))
		max_pfn = e820__end_of_ram_pfn();
	init_cache_modes();
	max_possible_pfn = max_pfn;	/* SRAT may raise it: hot-pluggable memory */

	if (max_pfn > (1UL << (32 - PAGE_SHIFT)))
		max_low_pfn = e820__end_of_low_ram_pfn();
	else
		max_low_pfn = max_pfn;

	find_smp_config();		/* the MP floating pointer and table, reserved */
	early_alloc_pgt_buf();		/* 12 pages of brk for the first page tables */
	reserve_brk();			/* before memblock can hand out memory that overlaps it */

	memblock_set_current_limit(ISA_END_ADDRESS);
	e820__memblock_setup();		/* e820 RAM into memblock.memory */
	mm_checkpoint(CP_e820__memblock_setup, -1);	/* Linux's stop: e820__memblock_setup returns */
	reserve_bios_regions();		/* the EBDA and BIOS area below 1 MiB */
	setup_bios_corruption_check();	/* the low pages watched for BIOS corruption */
	reserve_real_mode();		/* the real-mode trampoline */
	trim_low_memory_range();	/* the first 64 KiB */

	init_mem_mapping();		/* the direct map at PAGE_OFFSET */
	memblock_set_current_limit(get_max_mapped());
	acpi_boot_table_init();		/* find the RSDP and the tables */
	early_acpi_boot_init();		/* the MADT */

	initmem_init();			/* NUMA: SRAT, numa_meminfo, NODE_DATA */
	memblock_find_dma_reserve();
	paging_init();			/* sparse memory, vmemmap, zones, struct pages */

	acpi_boot_init();		/* the MADT's CPUs and I/O APICs; the HPET's resource */
	get_smp_config();		/* without them, the MP table's */
	prefill_possible_map();		/* the possible CPUs */
	init_cpu_to_node();		/* their nodes; nodes with CPUs but no memory come online */
	io_apic_init_mappings();	/* the I/O APICs' resources */
	e820__reserve_resources();	/* e820 as resources and as /sys/firmware/memmap */
	e820__register_nosave_regions(max_pfn);
	e820__setup_pci_gap();
	register_refined_jiffies();	/* the first clocksource */
}
