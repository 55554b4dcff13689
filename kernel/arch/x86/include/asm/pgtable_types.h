#ifndef _ASM_X86_PGTABLE_TYPES_H
#define _ASM_X86_PGTABLE_TYPES_H
#include <linux/types.h>

#define _PAGE_PRESENT 0x001UL
#define _PAGE_RW 0x002UL
#define _PAGE_USER 0x004UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY 0x040UL
#define _PAGE_PSE 0x080UL
#define _PAGE_GLOBAL 0x100UL
#define _PAGE_NX (1UL << 63)
#define PTE_PFN_MASK 0x000ffffffffff000UL

/* What x86's pgd/pud/pmd_populate write into an entry that points to a table. */
#define _PAGE_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define __PAGE_KERNEL (_PAGE_PRESENT | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED | _PAGE_GLOBAL | _PAGE_NX)
#define __PAGE_KERNEL_LARGE (__PAGE_KERNEL | _PAGE_PSE)

typedef u64 pgd_t, pud_t, pmd_t, pte_t;

#define pgd_index(a) (((a) >> 39) & 511)
#define pud_index(a) (((a) >> 30) & 511)
#define pmd_index(a) (((a) >> 21) & 511)
#define pte_index(a) (((a) >> 12) & 511)

extern pgd_t early_top_pgt[512];

#endif
