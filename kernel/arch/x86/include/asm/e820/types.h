#ifndef _ASM_E820_TYPES_H
#define _ASM_E820_TYPES_H
#include <linux/types.h>

enum e820_type {
	E820_TYPE_RAM = 1,
	E820_TYPE_RESERVED = 2,
	E820_TYPE_ACPI = 3,
	E820_TYPE_NVS = 4,
	E820_TYPE_UNUSABLE = 5,
	E820_TYPE_PMEM = 7,
	E820_TYPE_PRAM = 12,
	E820_TYPE_RESERVED_KERN = 128,
};

#define E820_MAX_ENTRIES 128	/* E820_MAX_ENTRIES_ZEROPAGE + 3 * MAX_NUMNODES in Linux; enough here */

struct e820_entry {
	u64 addr;
	u64 size;
	enum e820_type type;
} __attribute__((packed));

struct e820_table {
	u32 nr_entries;
	struct e820_entry entries[E820_MAX_ENTRIES];
};

#endif
