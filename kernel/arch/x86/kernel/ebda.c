/*
 * The BIOS's own memory below 1 MiB, as arch/x86/kernel/ebda.c in Linux 4.19: the Extended BIOS
 * Data Area and everything from it (or from the top of base memory) up to 1 MiB -- video memory,
 * option ROMs, the BIOS -- is reserved in memblock, whatever e820 says.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <asm/page.h>
#include <asm/setup.h>
#include <asm/bios_ebda.h>

#define BIOS_RAM_SIZE_KB_PTR 0x413	/* base memory size in KiB, in the BDA */

#define BIOS_START_MIN 0x20000U		/* 128K, less than this is insane */
#define BIOS_START_MAX 0x9f000U		/* 640K, absolute maximum */

/*
 * Linux returns here when x86_platform.legacy.reserve_bios_regions is 0 (paravirtualised boots
 * without a BIOS). Linux booted as the oracle is (a bzImage on a PC) has it set; so does the replay.
 */
void reserve_bios_regions(void)
{
	unsigned int bios_start, ebda_start;

	/* The BIOS RAM size, in KiB, gives a first guess at where the BIOS area starts: */
	bios_start = bda_read16(BIOS_RAM_SIZE_KB_PTR);
	bios_start <<= 10;

	/* below 128K is bogus, above 640K not to be trusted: use 640K (well, 0x9f000) */
	if (bios_start < BIOS_START_MIN || bios_start > BIOS_START_MAX)
		bios_start = BIOS_START_MAX;

	/* A sane EBDA below that moves the start down to it: */
	ebda_start = get_bios_ebda();
	if (ebda_start >= BIOS_START_MIN && ebda_start < bios_start)
		bios_start = ebda_start;

	/* Reserve all memory between bios_start and the 1MB mark: */
	memblock_reserve(bios_start, 0x100000 - bios_start);
}
