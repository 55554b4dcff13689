/* SPARSEMEM on x86_64, as arch/x86/include/asm/sparsemem.h: 128 MiB sections. */
#ifndef _ASM_X86_SPARSEMEM_H
#define _ASM_X86_SPARSEMEM_H
#include <asm/page_64_types.h>	/* MAX_PHYSMEM_BITS: 46 with 4-level paging */

#define SECTION_SIZE_BITS 27	/* matt - 128 is convenient right now */

#endif
