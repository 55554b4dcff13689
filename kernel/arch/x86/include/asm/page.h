#ifndef _ASM_X86_PAGE_H
#define _ASM_X86_PAGE_H

#include <linux/types.h>
#include <asm/page_64_types.h>

#define __va(x) ((void *)((unsigned long)(x) + PAGE_OFFSET))
/* x86_64's __phys_addr: an address in the kernel image's mapping, or in the direct map. */
static inline phys_addr_t __phys_addr(unsigned long x)
{
	return x >= __START_KERNEL_map ? x - __START_KERNEL_map : x - PAGE_OFFSET;
}
#define __pa(x) __phys_addr((unsigned long)(x))
#define __pa_symbol(x) ((phys_addr_t)((unsigned long)(x) - __START_KERNEL_map))
#define PAGE_ALIGN(addr) ALIGN(addr, PAGE_SIZE)

#define PFN_ALIGN(x) (((unsigned long)(x) + (PAGE_SIZE - 1)) & PAGE_MASK)
#define PFN_UP(x) (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)
#define PFN_PHYS(x) ((phys_addr_t)(x) << PAGE_SHIFT)
#define PHYS_PFN(x) ((unsigned long)((x) >> PAGE_SHIFT))

#endif
