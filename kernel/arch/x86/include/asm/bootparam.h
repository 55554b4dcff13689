/* The part of Linux's struct boot_params (the "zero page") that the replay fills from the
 * PVH start_info, as arch/x86/platform/pvh/enlighten.c does. */
#ifndef _ASM_X86_BOOTPARAM_H
#define _ASM_X86_BOOTPARAM_H
#include <linux/types.h>

#define E820_MAX_ENTRIES_ZEROPAGE 128
#define COMMAND_LINE_SIZE 2048

struct boot_e820_entry {
	u64 addr;
	u64 size;
	u32 type;
} __attribute__((packed));

struct setup_header {
	u32 cmd_line_ptr;
};

struct boot_params {
	u64 acpi_rsdp_addr;
	u8 e820_entries;
	struct setup_header hdr;
	struct boot_e820_entry e820_table[E820_MAX_ENTRIES_ZEROPAGE];
};

extern struct boot_params boot_params;
extern char boot_command_line[COMMAND_LINE_SIZE];

#endif
