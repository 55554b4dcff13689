#ifndef _ASM_X86_TLBFLUSH_H
#define _ASM_X86_TLBFLUSH_H

/* Drop every cached translation by reloading CR3 (no PCID, no global pages to care about here). */
static inline void __flush_tlb_all(void)
{
#ifndef MM_STEP_HOSTED	/* host tests build page tables in ordinary memory; there is no CR3 to reload */
	__asm__ __volatile__("mov %%cr3, %%rax; mov %%rax, %%cr3" ::: "rax", "memory");
#endif
}

#endif
