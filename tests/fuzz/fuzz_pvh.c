/*
 * Fuzz the PVH entry's conversion of QEMU's hvm_start_info into boot_params
 * (arch/x86/platform/pvh/enlighten.c: init_pvh_bootparams), then phase 0's use of the map
 * (e820__memory_setup). Linux trusts the start_info's addresses, as we do: they point into
 * the buffer here, which sits below 4 GiB (MAP_32BIT) as QEMU's does.
 *
 * Input: the hvm_start_info (48 bytes), then the command line's length (2 bytes), then the
 * memory map entries (24 bytes each) and the command line's bytes.
 *
 * Checked: a bad magic or no memory map is one panic line; otherwise at most 128 entries are
 * taken, boot_command_line is NUL-terminated within COMMAND_LINE_SIZE, and the map sanitises.
 */
#define MM_STEP_HOSTED
#pragma clang diagnostic ignored "-Wmacro-redefined"
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "unit.h"
#include "memblock_reset.h"
#include <linux/memblock.h>
#include <asm/bootparam.h>
#include <asm/e820/api.h>
#include <asm/setup.h>
#include "../../kernel/arch/x86/platform/pvh/enlighten.c"

char boot_command_line[COMMAND_LINE_SIZE];

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "fuzz_pvh: %s:%d: %s\n",	\
	__FILE__, __LINE__, #cond); abort(); } } while (0)

#define BUF_SIZE (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static u8 *buf;
	struct hvm_start_info *si;
	u16 cmdline_len;
	size_t rest;

	if (!buf) {
		buf = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		CHECK(buf != MAP_FAILED);
	}
	if (size < sizeof(*si) + 2)
		return 0;
	memset(buf, 0, BUF_SIZE);
	memblock_reset();
	memset(&boot_params, 0, sizeof(boot_params));
	memset(boot_command_line, 0, sizeof(boot_command_line));

	si = (struct hvm_start_info *)buf;
	memcpy(si, data, sizeof(*si));
	memcpy(&cmdline_len, data + sizeof(*si), 2);
	data += sizeof(*si) + 2;
	rest = min_t(size_t, size - sizeof(*si) - 2, BUF_SIZE / 2);
	/* the map and the command line follow start_info, where QEMU puts them */
	si->memmap_paddr = (unsigned long)(buf + 4096);
	si->memmap_entries = min_t(u32, si->memmap_entries, rest / sizeof(struct hvm_memmap_table_entry));
	memcpy(buf + 4096, data, rest);
	si->cmdline_paddr = si->cmdline_paddr ? (unsigned long)(buf + BUF_SIZE / 2) : 0;
	memcpy(buf + BUF_SIZE / 2, data, min_t(size_t, cmdline_len, rest));

	if (PANICS(init_pvh_bootparams((u32)(unsigned long)buf))) {
		CHECK(si->magic != XEN_HVM_START_MAGIC_VALUE || si->version < 1 || !si->memmap_entries);
		return 0;
	}
	CHECK(boot_params.e820_entries <= E820_MAX_ENTRIES_ZEROPAGE);
	CHECK(memchr(boot_command_line, '\0', COMMAND_LINE_SIZE) != NULL);
	e820__memory_setup();
	CHECK(e820_table->nr_entries <= E820_MAX_ENTRIES);
	return 0;
}
