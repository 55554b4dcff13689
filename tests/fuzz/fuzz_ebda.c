/*
 * Fuzz the BIOS Data Area as reserve_bios_regions reads it (arch/x86/kernel/ebda.c): the EBDA
 * segment at 0x40e and the base memory size at 0x413.
 *
 * Input: the BDA's 256 bytes (0x400-0x4ff).
 *
 * Checked: exactly one reservation, from a start between 128 KiB and 0x9f000 up to 1 MiB, at the
 * EBDA when it is sane and lower than the base memory's end, as Linux.
 */
#define MM_STEP_HOSTED
#pragma clang diagnostic ignored "-Wmacro-redefined"
#include <stdint.h>
#include <stdlib.h>
#include "unit.h"
#include "memblock_reset.h"
#include <linux/memblock.h>
#include <asm/page.h>
#include <asm/setup.h>

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "fuzz_ebda: %s:%d: %s\n",	\
	__FILE__, __LINE__, #cond); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 *bda = __va(0x400);
	u16 seg, kib;
	unsigned int start, expect;

	memblock_reset();
	memset(bda, 0, 256);
	memcpy(bda, data, min_t(size_t, size, 256));
	memcpy(&seg, bda + 0xe, 2);
	memcpy(&kib, bda + 0x13, 2);

	reserve_bios_regions();

	expect = (unsigned int)kib << 10;
	if (expect < 0x20000 || expect > 0x9f000)
		expect = 0x9f000;
	if (((unsigned int)seg << 4) >= 0x20000 && ((unsigned int)seg << 4) < expect)
		expect = (unsigned int)seg << 4;
	CHECK(memblock.reserved.cnt == 1);
	start = memblock.reserved.regions[0].base;
	CHECK(start == expect);
	CHECK(start + memblock.reserved.regions[0].size == 0x100000);
	return 0;
}
