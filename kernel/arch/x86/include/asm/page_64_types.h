/* The x86_64 virtual memory layout of Linux 4.19 (4-level paging, nokaslr). */
#ifndef _ASM_X86_PAGE_64_TYPES_H
#define _ASM_X86_PAGE_64_TYPES_H
#include <mm_step/linux_image.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PMD_SHIFT 21
#define PMD_SIZE (1UL << PMD_SHIFT)
#define PMD_MASK (~(PMD_SIZE - 1))
#define PUD_SHIFT 30
#define PUD_SIZE (1UL << PUD_SHIFT)
#define PGDIR_SHIFT 39
#define PGDIR_SIZE (1UL << PGDIR_SHIFT)
#define PTRS_PER_PGD 512
#define PTRS_PER_PUD 512
#define PTRS_PER_PMD 512
#define PTRS_PER_PTE 512

#ifdef MM_STEP_HOSTED
/* Host unit tests: "physical memory" is a large lazily-backed mapping of the test process. */
extern unsigned long page_offset_base;
#define __PAGE_OFFSET page_offset_base
extern const unsigned long hosted_phys_size;	/* how much of it there is: __va() reaches no further */
#else
#define __PAGE_OFFSET 0xffff888000000000UL	/* 4.19.222, as its vmlinux (earlier kernels: 0xffff880000000000) */
#endif
#define PAGE_OFFSET ((unsigned long)__PAGE_OFFSET)
#define __START_KERNEL_map 0xffffffff80000000UL
#define __PHYSICAL_START LINUX_IMAGE_TEXT	/* CONFIG_PHYSICAL_START: the kernel sits at 16 MiB */
#define __START_KERNEL (__START_KERNEL_map + __PHYSICAL_START)
#define __VMEMMAP_BASE_L4 0xffffea0000000000UL
#define VMEMMAP_START __VMEMMAP_BASE_L4

#define MAX_PHYSMEM_BITS 46
#define MAXMEM (1UL << MAX_PHYSMEM_BITS)

#endif
