/* TEMPORARY (removed when parts 1 and 2 land): weak stand-ins for phases still being written,
 * so the kernel links and boots while they are built in parallel. */
#include <linux/kernel.h>
#include <linux/memblock.h>

#define NOT_YET(ret, name, args, val) \
	__attribute__((weak)) ret name args { printk(KERN_INFO "mm-step: %s is not replayed yet\n", #name); return val; }
#define NOT_YET_VOID(name, args) \
	__attribute__((weak)) void name args { printk(KERN_INFO "mm-step: %s is not replayed yet\n", #name); }

struct pglist_data;
NOT_YET(int, memblock_reserve, (phys_addr_t b, phys_addr_t s), 0)
NOT_YET_VOID(memblock_set_current_limit, (phys_addr_t l))
NOT_YET_VOID(e820__memory_setup, (void))
NOT_YET_VOID(e820__finish_early_params, (void))
NOT_YET_VOID(e820_add_kernel_range, (void))
NOT_YET_VOID(trim_bios_range, (void))
NOT_YET(unsigned long, e820__end_of_ram_pfn, (void), 0)
NOT_YET(unsigned long, e820__end_of_low_ram_pfn, (void), 0)
NOT_YET_VOID(e820__memblock_setup, (void))
NOT_YET_VOID(reserve_bios_regions, (void))
NOT_YET_VOID(reserve_real_mode, (void))
NOT_YET_VOID(trim_low_memory_range, (void))
NOT_YET_VOID(acpi_boot_table_init, (void))
NOT_YET_VOID(initmem_init, (void))
NOT_YET_VOID(memblock_find_dma_reserve, (void))
NOT_YET_VOID(paging_init, (void))
NOT_YET_VOID(build_all_zonelists, (struct pglist_data *p))
NOT_YET_VOID(mem_init, (void))
NOT_YET_VOID(show_mem_proc_files, (void))
