/* e820 (arch/x86/kernel/e820.c) and the phase-0 helpers of setup.c, ebda.c, realmode/init.c. */
/* Kernel headers reach the host test through tests/unit/{linux,asm} (symlinks into kernel/). */
#define MM_STEP_HOSTED
#include "unit.h"
#include "memblock_reset.h"
#include <linux/memblock.h>
#include <linux/bootmem.h>
#include <asm/bootparam.h>
#include <asm/e820/api.h>
#include <asm/setup.h>
/* setup.c's trimming helpers are static, as in Linux: compile it into this test */
#include "../../kernel/arch/x86/kernel/setup.c"

/* The zero page, filled by the PVH entry in the kernel (not linked into host tests). */
struct boot_params boot_params;
extern void *real_mode_header;

/* setup_arch comes with setup.c; the host build has no linker script and no init/main.c. */
char _text[1], __bss_stop[1], __brk_base[1], __brk_limit[1];
void parse_early_param(void) {}
void unit_reset(void)
{
	memblock_reset();
	memset(&boot_params, 0, sizeof(boot_params));
	memset(e820_table, 0, sizeof(*e820_table));
	real_mode_header = NULL;
}

/* The BDA's 16-bit fields; 0x413 is not 2-byte aligned. */
static void bda_write(unsigned long phys, unsigned short v)
{
	memcpy(__va(phys), &v, sizeof(v));
}

static void boot_map(const struct boot_e820_entry *e, int n)
{
	memcpy(boot_params.e820_table, e, n * sizeof(*e));
	boot_params.e820_entries = n;
}

/* SeaBIOS, QEMU pc, -m 2G (reference section 14.1, and the oracle's one-node log) */
static const struct boot_e820_entry seabios_2g[] = {
	{ 0x0, 0x9fc00, 1 },
	{ 0x9fc00, 0x400, 2 },
	{ 0xf0000, 0x10000, 2 },
	{ 0x100000, 0x7fee0000, 1 },
	{ 0x7ffe0000, 0x20000, 2 },
	{ 0xfeffc000, 0x4000, 2 },
	{ 0xfffc0000, 0x40000, 2 },
};

#define E(i) (e820_table->entries[i])
#define EXPECT_ENTRY(i, a, s, t) do { EXPECT_EQ(E(i).addr, a); EXPECT_EQ(E(i).size, s); \
	EXPECT_EQ(E(i).type, t); } while (0)

TEST(seabios_2g_memory_setup_prints_the_firmware_map)
{
	boot_map(seabios_2g, 7);
	e820__memory_setup();
	EXPECT_EQ(e820_table->nr_entries, 7);
	EXPECT_EQ(e820_table_firmware->nr_entries, 7);
	EXPECT_STR(console_log,
		   "BIOS-provided physical RAM map:\n"
		   "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		   "BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
		   "BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
		   "BIOS-e820: [mem 0x0000000000100000-0x000000007ffdffff] usable\n"
		   "BIOS-e820: [mem 0x000000007ffe0000-0x000000007fffffff] reserved\n"
		   "BIOS-e820: [mem 0x00000000feffc000-0x00000000feffffff] reserved\n"
		   "BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved\n");
}

TEST(seabios_2g_trim_bios_range_and_last_pfn)
{
	boot_map(seabios_2g, 7);
	e820__memory_setup();
	trim_bios_range();
	EXPECT_LOG_CONTAINS("e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n"
			    "e820: remove [mem 0x000a0000-0x000fffff] usable\n");
	EXPECT_EQ(e820_table->nr_entries, 8);
	EXPECT_ENTRY(0, 0x0, 0x1000, E820_TYPE_RESERVED);
	EXPECT_ENTRY(1, 0x1000, 0x9ec00, E820_TYPE_RAM);
	EXPECT_ENTRY(2, 0x9fc00, 0x400, E820_TYPE_RESERVED);
	EXPECT_ENTRY(3, 0xf0000, 0x10000, E820_TYPE_RESERVED);
	EXPECT_ENTRY(4, 0x100000, 0x7fee0000, E820_TYPE_RAM);
	EXPECT_ENTRY(7, 0xfffc0000, 0x40000, E820_TYPE_RESERVED);
	/* the firmware's copy is untouched */
	EXPECT_EQ(e820_table_firmware->entries[0].size, 0x9fc00);
	EXPECT_EQ(e820__end_of_ram_pfn(), 0x7ffe0);
	EXPECT_LOG_CONTAINS("last_pfn = 0x7ffe0 max_arch_pfn = 0x400000000\n");
	EXPECT_EQ(e820__end_of_low_ram_pfn(), 0x7ffe0);
}

TEST(seabios_2g_memblock_setup_and_low_reservations)
{
	boot_map(seabios_2g, 7);
	e820__memory_setup();
	trim_bios_range();
	memblock_reserve(0, PAGE_SIZE);
	memblock_set_current_limit(ISA_END_ADDRESS);
	memblock_debug = 1;
	e820__memblock_setup();
	EXPECT_LOG_CONTAINS("memblock_add: [0x0000000000001000-0x000000000009fbff] ");
	EXPECT_LOG_CONTAINS("memblock_add: [0x0000000000100000-0x000000007ffdffff] ");
	EXPECT_LOG_CONTAINS(" memory size = 0x000000007ff7ec00 reserved size = 0x0000000000001000\n"
			    " memory.cnt  = 0x2\n"
			    " memory[0x0]\t[0x0000000000001000-0x000000000009efff], 0x000000000009e000 bytes flags: 0x0\n"
			    " memory[0x1]\t[0x0000000000100000-0x000000007ffdffff], 0x000000007fee0000 bytes flags: 0x0\n");
	/* SeaBIOS's BDA: 639 KiB of base memory, the EBDA at segment 0x9fc0 */
	bda_write(0x413, 639);
	bda_write(0x40e, 0x9fc0);
	*(char *)__va(0x5000) = 1;
	reserve_bios_regions();
	setup_bios_corruption_check();
	reserve_real_mode();
	trim_low_memory_range();
	EXPECT_LOG_CONTAINS("memblock_reserve: [0x000000000009f000-0x00000000000fffff] ");
	/* Linux 4.19 on one-node.machine: the free pages of the first 64K above page 0 */
	EXPECT_LOG_CONTAINS("memblock_reserve: [0x0000000000001000-0x000000000000ffff] ");
	EXPECT_LOG_CONTAINS("Scanning 1 areas for low memory corruption\n");
	EXPECT_EQ(*(char *)__va(0x5000), 0);		/* and zeroed */
	EXPECT_LOG_CONTAINS("memblock_reserve: [0x0000000000099000-0x000000000009efff] ");
	EXPECT_LOG_CONTAINS("memblock_reserve: [0x0000000000000000-0x000000000000ffff] ");
	/* 0-64K, then the trampoline and the BIOS area merged: 0x99000-1M */
	EXPECT_EQ(memblock.reserved.cnt, 2);
	EXPECT_EQ(memblock.reserved.regions[0].size, 0x10000);
	EXPECT_EQ(memblock.reserved.regions[1].base, 0x99000);
	EXPECT_EQ(memblock.reserved.regions[1].size, 0x67000);
}

TEST(ebda_below_base_memory_moves_the_start_down)
{
	bda_write(0x413, 0x27f);		/* 639K */
	bda_write(0x40e, 0x9000);	/* EBDA at 576K */
	reserve_bios_regions();
	EXPECT_EQ(memblock.reserved.regions[0].base, 0x90000);
	unit_reset();
	bda_write(0x413, 0);		/* bogus size, no EBDA: 0x9f000 */
	bda_write(0x40e, 0);
	reserve_bios_regions();
	EXPECT_EQ(memblock.reserved.regions[0].base, 0x9f000);
	unit_reset();
	bda_write(0x413, 512);		/* 512K: trusted */
	reserve_bios_regions();
	EXPECT_EQ(memblock.reserved.regions[0].base, 0x80000);
}

TEST(unsorted_overlapping_map_is_sanitised)
{
	static const struct boot_e820_entry m[] = {
		{ 0x100000, 0x1000000, 1 },	/* 1M-17M RAM */
		{ 0x0, 0xa0000, 1 },
		{ 0x800000, 0x100000, 2 },	/* reserved inside the RAM: wins */
		{ 0x1000000, 0x1000000, 1 },	/* overlaps and extends the first: merged */
		{ 0x3000000, 0x1000, 3 },	/* ACPI */
		{ 0x3000800, 0x1000, 4 },	/* NVS overlapping it: 4 > 3 */
		{ 0x5000000, 0, 1 },		/* empty: dropped */
	};

	boot_map(m, 7);
	e820__memory_setup();
	EXPECT_EQ(e820_table->nr_entries, 6);
	EXPECT_ENTRY(0, 0x0, 0xa0000, E820_TYPE_RAM);
	EXPECT_ENTRY(1, 0x100000, 0x700000, E820_TYPE_RAM);
	EXPECT_ENTRY(2, 0x800000, 0x100000, E820_TYPE_RESERVED);
	EXPECT_ENTRY(3, 0x900000, 0x1700000, E820_TYPE_RAM);
	EXPECT_ENTRY(4, 0x3000000, 0x800, E820_TYPE_ACPI);
	EXPECT_ENTRY(5, 0x3000800, 0x1000, E820_TYPE_NVS);
	EXPECT_LOG_CONTAINS("BIOS-e820: [mem 0x0000000003000000-0x00000000030007ff] ACPI data\n"
			    "BIOS-e820: [mem 0x0000000003000800-0x00000000030017ff] ACPI NVS\n");
}

TEST(adjacent_entries_merge_but_pram_does_not)
{
	static const struct boot_e820_entry m[] = {
		{ 0x0, 0x1000, 1 }, { 0x1000, 0x1000, 1 },
		{ 0x10000, 0x1000, 12 }, { 0x11000, 0x1000, 12 },
		{ 0x20000, 0x1000, 7 }, { 0x30000, 0x1000, 99 },
	};

	boot_map(m, 6);
	e820__memory_setup();
	EXPECT_EQ(e820_table->nr_entries, 5);
	EXPECT_ENTRY(0, 0x0, 0x2000, E820_TYPE_RAM);
	EXPECT_ENTRY(1, 0x10000, 0x1000, E820_TYPE_PRAM);
	EXPECT_ENTRY(2, 0x11000, 0x1000, E820_TYPE_PRAM);
	EXPECT_LOG_CONTAINS("[mem 0x0000000000010000-0x0000000000010fff] persistent (type 12)\n");
	EXPECT_LOG_CONTAINS("[mem 0x0000000000020000-0x0000000000020fff] persistent (type 7)\n");
	EXPECT_LOG_CONTAINS("[mem 0x0000000000030000-0x0000000000030fff] type 99\n");
}

TEST(fewer_than_two_entries_fake_a_map)
{
	static const struct boot_e820_entry m[] = { { 0x0, 0x80000000, 1 } };

	boot_map(m, 1);
	e820__memory_setup();
	EXPECT_STR(console_log, "BIOS-provided physical RAM map:\n"
		   "BIOS-e801: [mem 0x0000000000000000-0x000000000009efff] usable\n");
}

/* Linux drops the whole firmware map then, entries already copied included: a fake map follows. */
TEST(wrapping_entry_discards_the_firmware_map)
{
	static const struct boot_e820_entry m[] = {
		{ 0x0, 0x9fc00, 1 }, { 0x100000, 0x1000000, 1 },
		{ 0xfffffffffffff000ULL, 0x2000, 2 }, { 0x2000000, 0x1000, 1 },
	};

	boot_map(m, 4);
	e820__memory_setup();
	EXPECT_EQ(e820_table->nr_entries, 1);
	EXPECT_ENTRY(0, 0x0, 0x9f000, E820_TYPE_RAM);
	EXPECT_LOG_CONTAINS("BIOS-e801: [mem 0x0000000000000000-0x000000000009efff] usable\n");
}

TEST(range_update_splits_an_entry_in_three)
{
	boot_map(seabios_2g, 7);
	e820__memory_setup();
	EXPECT_EQ(e820__range_update(0x1000000, 0x10000, E820_TYPE_RAM, E820_TYPE_RESERVED_KERN), 0x10000);
	EXPECT_LOG_CONTAINS("e820: update [mem 0x01000000-0x0100ffff] usable ==> usable\n");
	e820__update_table(e820_table);
	EXPECT_EQ(e820_table->nr_entries, 9);
	EXPECT_ENTRY(3, 0x100000, 0xf00000, E820_TYPE_RAM);
	EXPECT_ENTRY(4, 0x1000000, 0x10000, E820_TYPE_RESERVED_KERN);
	EXPECT_ENTRY(5, 0x1010000, 0x7efd0000, E820_TYPE_RAM);
	/* RESERVED_KERN still counts as RAM for memblock */
	e820__memblock_setup();
	EXPECT_EQ(memblock.memory.cnt, 2);
	EXPECT_EQ(memblock.memory.regions[1].size, 0x7fee0000);
}

TEST(range_remove_without_type_check)
{
	boot_map(seabios_2g, 7);
	e820__memory_setup();
	EXPECT_EQ(e820__range_remove(0x7ff00000, 0x100000, 0, 0), 0x100000);
	EXPECT_LOG_CONTAINS("e820: remove [mem 0x7ff00000-0x7fffffff] \n");
	e820__update_table(e820_table);
	EXPECT_ENTRY(3, 0x100000, 0x7fe00000, E820_TYPE_RAM);
	EXPECT_ENTRY(4, 0xfeffc000, 0x4000, E820_TYPE_RESERVED);
}

TEST(kernel_range_outside_ram_is_added)
{
	static const struct boot_e820_entry m[] = {
		{ 0x0, 0x9fc00, 1 }, { 0x100000, 0x100000, 1 },	/* only 2 MiB */
	};

	boot_map(m, 2);
	e820__memory_setup();
	EXPECT(e820__mapped_all(0x100000, 0x200000, E820_TYPE_RAM));
	EXPECT(!e820__mapped_all(0x100000, 0x201000, E820_TYPE_RAM));
	EXPECT(e820__mapped_any(0x1ff000, 0x300000, E820_TYPE_RAM));
	EXPECT(!e820__mapped_any(0x200000, 0x300000, 0));
	EXPECT_EQ(e820__get_entry_type(0x100000, 0x101000), E820_TYPE_RAM);
}

TEST(mem_option_limits_ram_and_prints_the_user_map)
{
	char opt[] = "1G";
	extern int parse_memopt(char *p);

	boot_map(seabios_2g, 7);
	e820__memory_setup();
	parse_memopt(opt);
	e820__finish_early_params();
	EXPECT_LOG_CONTAINS("e820: remove [mem 0x40000000-0xfffffffffffffffe] usable\n"
		   "user-defined physical RAM map:\n"
			    "user: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
			    "user: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
			    "user: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
			    "user: [mem 0x0000000000100000-0x000000003fffffff] usable\n"
			    "user: [mem 0x000000007ffe0000-0x000000007fffffff] reserved\n"
			    "user: [mem 0x00000000feffc000-0x00000000feffffff] reserved\n"
			    "user: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved\n");
	EXPECT_EQ(e820__end_of_ram_pfn(), 0x40000);
}

TEST(end_of_low_ram_pfn_stops_at_4g)
{
	static const struct boot_e820_entry m[] = {
		{ 0x0, 0x9fc00, 1 }, { 0x100000, 0xbfee0000, 1 },
		{ 0xfffc0000, 0x40000, 2 }, { 0x100000000ULL, 0x40000000, 1 },
	};

	boot_map(m, 4);
	e820__memory_setup();
	EXPECT_EQ(e820__end_of_ram_pfn(), 0x140000);
	EXPECT_EQ(e820__end_of_low_ram_pfn(), 0xbffe0);
}

TEST(too_many_entries_are_ignored)
{
	int i;

	for (i = 0; i < E820_MAX_ENTRIES + 1; i++)
		e820__range_add(i * 0x2000ULL, 0x1000, E820_TYPE_RAM);
	EXPECT_EQ(e820_table->nr_entries, E820_MAX_ENTRIES);
	EXPECT_LOG_CONTAINS("too many entries; ignoring [mem 0x00280000-0x00280fff]\n");
}

/* An MP floating pointer at phys, pointing to a configuration table of table_len bytes after it. */
static void put_mp_table(unsigned long phys, unsigned short table_len, int good_checksum)
{
	unsigned char *mpf = __va(phys), sum = 0;

	memset(mpf, 0, 16 + table_len);
	memcpy(mpf, "_MP_", 4);
	*(unsigned int *)(mpf + 4) = phys + 16;	/* physptr */
	mpf[8] = 1;				/* length, in 16-byte paragraphs */
	mpf[9] = 4;				/* MP specification 1.4 */
	for (int i = 0; i < 16; i++)
		sum += mpf[i];
	mpf[10] = good_checksum ? -sum : 1 - sum;
	memcpy(mpf + 16, "PCMP", 4);
	*(unsigned short *)(mpf + 20) = table_len;
}

/* Linux 4.19 on one-node.machine (SeaBIOS): the pointer in the BIOS ROM, a 0xd0-byte table after it. */
TEST(mp_table_in_the_bios_rom_is_reserved)
{
	memblock_debug = 1;
	put_mp_table(0xf5ba0, 0xd0, 1);
	find_smp_config();
	EXPECT_LOG_CONTAINS("found SMP MP-table at [mem 0x000f5ba0-0x000f5baf]\n"
			    "memblock_reserve: [0x00000000000f5ba0-0x00000000000f5baf] ");
	EXPECT_LOG_CONTAINS("memblock_reserve: [0x00000000000f5bb0-0x00000000000f5c7f] ");
	EXPECT_EQ(memblock.reserved.cnt, 1);		/* the two merge */
	EXPECT_EQ(memblock.reserved.total_size, 0xe0);
	memset(__va(0xf5ba0), 0, 16 + 0xd0);
}

/* Linux 4.19 on qboot.machine: the pointer at 639K, the top 1K of base memory. */
TEST(mp_table_at_the_top_of_base_memory_is_found_there)
{
	put_mp_table(0x9fc00, 0xec, 1);
	find_smp_config();
	EXPECT_LOG_CONTAINS("found SMP MP-table at [mem 0x0009fc00-0x0009fc0f]\n");
	EXPECT_EQ(memblock.reserved.regions[0].base, 0x9fc00);
	EXPECT_EQ(memblock.reserved.regions[0].size, 0xfc);
	memset(__va(0x9fc00), 0, 16 + 0xec);
}

TEST(mp_pointer_with_a_bad_checksum_is_ignored)
{
	put_mp_table(0xf5ba0, 0xd0, 0);
	find_smp_config();
	EXPECT(!strstr(console_log, "found SMP MP-table"));
	EXPECT_EQ(memblock.reserved.total_size, 0);
	memset(__va(0xf5ba0), 0, 16 + 0xd0);
}
