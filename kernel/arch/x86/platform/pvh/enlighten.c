/*
 * PVH boot: turn QEMU's hvm_start_info into Linux's boot_params, as init_pvh_bootparams does.
 * QEMU's pvh.bin option ROM fills the memory map with int 0x15/e820 calls to the firmware, so
 * this is the same map a bzImage boot of Linux would see. Unlike Linux's PVH path we do not add
 * a reserved ISA range (0xa0000-0xfffff): a normally booted Linux -- the oracle -- has none.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/bootparam.h>
#include <asm/page.h>

#define XEN_HVM_START_MAGIC_VALUE 0x336ec578

struct hvm_start_info {
	u32 magic;
	u32 version;
	u32 flags;
	u32 nr_modules;
	u64 modlist_paddr;
	u64 cmdline_paddr;
	u64 rsdp_paddr;
	u64 memmap_paddr;	/* version 1 */
	u32 memmap_entries;
	u32 reserved;
};

struct hvm_memmap_table_entry {
	u64 addr;
	u64 size;
	u32 type;
	u32 reserved;
};

struct boot_params boot_params;

/* Runs on the early identity map of the first GiB, where QEMU put start_info and its tables. */
void init_pvh_bootparams(u32 start_info_pa)
{
	const struct hvm_start_info *si = (void *)(unsigned long)start_info_pa;
	const struct hvm_memmap_table_entry *map;
	u32 n;

	if (si->magic != XEN_HVM_START_MAGIC_VALUE)
		panic("PVH: bad start_info magic %#x", si->magic);
	if (si->version < 1 || !si->memmap_entries)
		panic("PVH: the boot loader gave no memory map (start_info version %u)", si->version);

	map = (void *)(unsigned long)si->memmap_paddr;
	n = min_t(u32, si->memmap_entries, E820_MAX_ENTRIES_ZEROPAGE);
	for (u32 i = 0; i < n; i++) {
		boot_params.e820_table[i].addr = map[i].addr;
		boot_params.e820_table[i].size = map[i].size;
		boot_params.e820_table[i].type = map[i].type;
	}
	boot_params.e820_entries = n;
	boot_params.acpi_rsdp_addr = si->rsdp_paddr;
	if (si->cmdline_paddr)
		strlcpy(boot_command_line, (const char *)(unsigned long)si->cmdline_paddr, COMMAND_LINE_SIZE);
}
