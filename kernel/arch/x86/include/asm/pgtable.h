/* The vmemmap, as arch/x86/include/asm/pgtable_64.h: struct page of pfn N is vmemmap[N]. */
#ifndef _ASM_X86_PGTABLE_H
#define _ASM_X86_PGTABLE_H
#include <asm/page.h>
#include <asm/pgtable_types.h>

#ifdef MM_STEP_HOSTED
/* Host tests: a variable, as Linux's vmemmap_base with CONFIG_DYNAMIC_MEMORY_LAYOUT. */
extern unsigned long vmemmap_base;
#define VMEMMAP_BASE vmemmap_base
#else
#define VMEMMAP_BASE VMEMMAP_START	/* 0xffffea0000000000 */
#endif
#define vmemmap ((struct page *)VMEMMAP_BASE)

#define pmd_large(pmd) ((pmd) & _PAGE_PSE)
#define pmd_none(pmd) ((pmd) == 0)

#endif
