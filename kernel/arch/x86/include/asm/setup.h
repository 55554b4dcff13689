#ifndef _ASM_X86_SETUP_H
#define _ASM_X86_SETUP_H
#include <linux/types.h>
#include <asm/page_64_types.h>

#define ISA_START_ADDRESS 0x000a0000
#define ISA_END_ADDRESS 0x00100000
#define BIOS_BEGIN 0x000a0000
#define BIOS_END 0x00100000

extern unsigned long max_pfn, max_low_pfn;
extern unsigned long max_pfn_mapped, max_low_pfn_mapped;	/* arch/x86/mm/init.c */

static inline phys_addr_t get_max_mapped(void)
{
	return (phys_addr_t)max_pfn_mapped << PAGE_SHIFT;
}

void setup_arch(void);
void reserve_bios_regions(void);	/* arch/x86/kernel/ebda.c */
void reserve_real_mode(void);		/* arch/x86/realmode/init.c */
void *extend_brk(size_t size, size_t align);
void find_smp_config(void);		/* arch/x86/kernel/mpparse.c */
void dmi_scan_machine(void);		/* drivers/firmware/dmi_scan.c */
void mtrr_bp_init(void);		/* arch/x86/kernel/cpu/mtrr.c */
int mtrr_trim_uncached_memory(unsigned long end_pfn);
void init_cache_modes(void);
void setup_bios_corruption_check(void);	/* arch/x86/kernel/check.c */
void early_alloc_pgt_buf(void);		/* arch/x86/mm/init.c */
void register_refined_jiffies(void);	/* kernel/time/jiffies.c */
void init_mem_mapping(void);
void memblock_find_dma_reserve(void);
void zone_sizes_init(void);
void paging_init(void);			/* arch/x86/mm/init_64.c */
void mem_init(void);
void initmem_init(void);		/* arch/x86/mm/numa_64.c */
void acpi_boot_table_init(void);	/* arch/x86/kernel/acpi/boot.c */
void early_acpi_boot_init(void);
void acpi_boot_init(void);

#endif
