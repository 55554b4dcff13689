/* The cpu_entry_area, as arch/x86/include/asm/cpu_entry_area.h (x86_64, 4-level paging). */
#ifndef _ASM_X86_CPU_ENTRY_AREA_H
#define _ASM_X86_CPU_ENTRY_AREA_H
#include <linux/types.h>
#include <asm/pgtable.h>

#define CPU_ENTRY_AREA_BASE 0xfffffe0000000000UL	/* pgd -4 */
#define CPU_ENTRY_AREA_RO_IDT CPU_ENTRY_AREA_BASE
#define PAGE_KERNEL_RO (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL __PAGE_KERNEL

void set_pte_vaddr(unsigned long vaddr, pte_t pteval);	/* arch/x86/mm/init_64.c */

static inline void cea_set_pte(unsigned long va, phys_addr_t pa, u64 flags)
{
	set_pte_vaddr(va, pa | flags);
}

void setup_cpu_entry_areas(void);
void trap_init(void);

#endif
