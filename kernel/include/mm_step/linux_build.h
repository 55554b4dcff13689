/*
 * The reference build: Linux 4.19.222 as built in ../shared/linux-4.19 (config-4.19.222-oracle,
 * gcc 12.2). Sizes of things the replay allocates for but does not build (the per-cpu section,
 * structs of drivers and subsystems) are that build's, read from its vmlinux with GDB:
 *   gdb vmlinux -ex 'p (long)&__per_cpu_end - (long)&__per_cpu_start' -ex 'p sizeof(struct pcpu_chunk)' ...
 * Another build of 4.19 (other options, other compiler) has other values here, and so other
 * allocations in the boot log.
 */
#ifndef _MM_STEP_LINUX_BUILD_H
#define _MM_STEP_LINUX_BUILD_H

#define CONFIG_NR_CPUS 512			/* nr_cpumask_bits too (no CPUMASK_OFFSTACK) */
#define LINUX_PERCPU_STATIC_SIZE 151368		/* __per_cpu_end - __per_cpu_start */
#define LINUX_SIZEOF_PCPU_CHUNK 104		/* struct pcpu_chunk, without its populated[] */
#define LINUX_SIZEOF_FIRMWARE_MAP_ENTRY 104	/* struct firmware_map_entry (a kobject inside) */

/* struct cpu_entry_area (49 pages) and the per-cpu variables its pages map (offsets in .data..percpu) */
#define LINUX_CPU_ENTRY_AREA_PAGES 49
#define LINUX_PERCPU_GDT_PAGE 0x8000		/* gdt_page: cea page 0 */
#define LINUX_PERCPU_ENTRY_STACK 0x13000	/* entry_stack_storage: cea page 1 */
#define LINUX_PERCPU_TSS 0x5000			/* cpu_tss_rw: cea pages 2-4 */
#define LINUX_TSS_PAGES 3
#define LINUX_PERCPU_EXCEPTION_STACKS 0x9000	/* exception_stacks: cea pages 6-15 */
#define LINUX_EXCEPTION_STACK_PAGES 10
#define LINUX_PERCPU_DEBUG_STORE 0x4000		/* cpu_debug_store: cea page 16 (Intel CPUs) */
#define LINUX_DEBUG_BUFFER_PAGES 32		/* cpu_debug_buffers: cea pages 17-48, PAGE_NONE */

/* per-cpu variables of mm/page_alloc.c that pg_data_t and struct zone point at (p &boot_pageset) */
#define LINUX_PERCPU_BOOT_PAGESET 0x226e0	/* DEFINE_PER_CPU(struct per_cpu_pageset, boot_pageset) */
#define LINUX_PERCPU_BOOT_NODESTATS 0x226c0	/* DEFINE_PER_CPU(struct per_cpu_nodestat, boot_nodestats) */

#endif
