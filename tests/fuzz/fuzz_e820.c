/*
 * Fuzz the firmware's memory map through phase 0: e820__memory_setup (copy + sanitise),
 * mem=, trim_bios_range, last_pfn and e820__memblock_setup, as setup_arch runs them.
 *
 * Input: byte 0 = flags (bit 0: apply mem=), bytes 1-8 = the mem= size (little endian), then
 * boot_e820_entry records of 20 bytes (addr, size, type), at most 128.
 *
 * Checked: no crash or sanitizer report; whenever e820__update_table accepts the table (Linux
 * leaves a table with a wrapping entry, or fewer than 2 entries, as it is) the result is sorted,
 * non-overlapping, without empty entries and with no two touching entries of one type (PRAM
 * apart); memblock.memory and memblock.reserved are always sorted, non-overlapping and merged.
 */
#define MM_STEP_HOSTED
/* libc (for libFuzzer) and the kernel headers both define NULL, va_start ...: same meanings */
#pragma clang diagnostic ignored "-Wmacro-redefined"
#include <stdint.h>
#include <stdlib.h>
#include "unit.h"
#include "memblock_reset.h"
#include <linux/memblock.h>
#include <asm/bootparam.h>
#include <asm/e820/api.h>
#include <asm/setup.h>
/* setup.c's trimming helpers are static, as in Linux: compile it into this test */
#include "../../kernel/arch/x86/kernel/setup.c"

struct boot_params boot_params;
int parse_memopt(char *p);

/* setup_arch comes with setup.c; the host build has no linker script and no init/main.c. */
char _text[1], __bss_stop[1], __brk_base[1], __brk_limit[1];
void parse_early_param(void) {}

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "fuzz_e820: %s:%d: %s\n",	\
	__FILE__, __LINE__, #cond); abort(); } } while (0)

/* What e820__update_table refuses: the caller then keeps the table unsanitised. */
static int e820_sanitisable(struct e820_table *t)
{
	u32 i;

	if (t->nr_entries < 2)
		return 0;
	for (i = 0; i < t->nr_entries; i++)
		if (t->entries[i].addr + t->entries[i].size < t->entries[i].addr)
			return 0;
	return 1;
}

static void check_sanitised(struct e820_table *t)
{
	u32 i;

	CHECK(t->nr_entries <= E820_MAX_ENTRIES);
	for (i = 0; i < t->nr_entries; i++) {
		struct e820_entry *e = &t->entries[i], *n = e + 1;

		CHECK(e->size != 0);
		if (i + 1 == t->nr_entries)
			break;
		CHECK(e->addr + e->size <= n->addr);
		CHECK(e->addr + e->size != n->addr || e->type != n->type || e->type == E820_TYPE_PRAM);
	}
}

/* sanitise if Linux would, and check the result */
static void update_and_check(struct e820_table *t)
{
	int ok = e820_sanitisable(t);

	CHECK(e820__update_table(t) == (ok ? 0 : -1));
	if (ok)
		check_sanitised(t);
}

static void check_memblock_type(struct memblock_type *type)
{
	unsigned long i;

	CHECK(type->cnt >= 1 && type->cnt <= type->max);
	if (type->cnt == 1 && type->regions[0].size == 0)
		return;
	for (i = 0; i < type->cnt; i++) {
		struct memblock_region *r = &type->regions[i];

		CHECK(r->size != 0);
		if (i + 1 < type->cnt)
			CHECK(r->base + r->size < r[1].base ||
			      (r->base + r->size == r[1].base &&
			       (r->nid != r[1].nid || r->flags != r[1].flags)));
	}
}

static void reset(void)
{
	memblock_reset();
	memset(e820_table, 0, sizeof(*e820_table));
	memset(e820_table_kexec, 0, sizeof(*e820_table_kexec));
	memset(e820_table_firmware, 0, sizeof(*e820_table_firmware));
	memset(&boot_params, 0, sizeof(boot_params));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u64 mem_size;
	size_t n;
	char opt[32];

	if (size < 9)
		return 0;
	reset();

	memcpy(&mem_size, data + 1, sizeof(mem_size));
	n = (size - 9) / sizeof(struct boot_e820_entry);
	if (n > E820_MAX_ENTRIES_ZEROPAGE)
		n = E820_MAX_ENTRIES_ZEROPAGE;
	memcpy(boot_params.e820_table, data + 9, n * sizeof(struct boot_e820_entry));
	boot_params.e820_entries = n;

	/* setup_arch's early reservations, then phase 0 in its order */
	memblock_reserve(0x1000000, 0x200000);
	memblock_reserve(0, PAGE_SIZE);
	e820__memory_setup();
	update_and_check(e820_table);

	if (data[0] & 1) {
		snprintf(opt, sizeof(opt), "%llu", (unsigned long long)mem_size);
		parse_memopt(opt);
		/* an unusable user map is Linux's "Invalid user supplied memory map" panic */
		if (!e820_sanitisable(e820_table))
			return 0;
		e820__finish_early_params();
		check_sanitised(e820_table);
	}

	trim_bios_range();
	update_and_check(e820_table);
	CHECK(e820__end_of_ram_pfn() <= (MAXMEM >> PAGE_SHIFT));

	memblock_set_current_limit(ISA_END_ADDRESS);
	e820__memblock_setup();
	trim_low_memory_range();
	check_memblock_type(&memblock.memory);
	check_memblock_type(&memblock.reserved);
	return 0;
}
