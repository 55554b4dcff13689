/* DMA zone limits, as arch/x86/include/asm/dma.h (x86_64). */
#ifndef _ASM_X86_DMA_H
#define _ASM_X86_DMA_H
#include <asm/page.h>

#define MAX_DMA_PFN ((16UL * 1024 * 1024) >> PAGE_SHIFT)		/* 16 MiB: ISA DMA */
#define MAX_DMA32_PFN ((4UL * 1024 * 1024 * 1024) >> PAGE_SHIFT)	/* 4 GiB: 32-bit DMA */
#define MAX_DMA_ADDRESS ((unsigned long)__va(MAX_DMA_PFN << PAGE_SHIFT))

#endif
