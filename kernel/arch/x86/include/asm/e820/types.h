/* The e820 table, as arch/x86/include/asm/e820/types.h in Linux 4.19. */
#ifndef _ASM_E820_TYPES_H
#define _ASM_E820_TYPES_H
#include <linux/types.h>
#include <linux/numa.h>
#include <asm/bootparam.h>

/* The memory types of the firmware's map, and the kernel's own RESERVED_KERN. */
enum e820_type {
	E820_TYPE_RAM = 1,
	E820_TYPE_RESERVED = 2,
	E820_TYPE_ACPI = 3,
	E820_TYPE_NVS = 4,
	E820_TYPE_UNUSABLE = 5,
	E820_TYPE_PMEM = 7,
	/* legacy NVDIMM / ADR memory that persists over a reboot (old platforms used 6) */
	E820_TYPE_PRAM = 12,
	/* RAM the kernel reserved for itself (setup_data); counted as RAM by memblock */
	E820_TYPE_RESERVED_KERN = 128,
};

/* One entry: [addr, addr + size) of type. Packed, as the firmware ABI. */
struct e820_entry {
	u64 addr;
	u64 size;
	enum e820_type type;
} __attribute__((packed));

/*
 * The zero page holds 128 entries; EFI (and memmap=, mem=) can add more, and the NUMA
 * emulation may split entries per node: room for 3 more per possible node.
 */
#define E820_MAX_ENTRIES (E820_MAX_ENTRIES_ZEROPAGE + 3 * MAX_NUMNODES)

struct e820_table {
	u32 nr_entries;
	struct e820_entry entries[E820_MAX_ENTRIES];
};

/* The fake map used when the firmware provides none: 0-640K and 1M up. */
#define LOWMEMSIZE() (0x9f000)
#define HIGH_MEMORY 0x00100000

#endif
