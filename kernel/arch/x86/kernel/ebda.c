/*
 * The BIOS's own memory below 1 MiB, as arch/x86/kernel/ebda.c in Linux 4.19: the Extended BIOS
 * Data Area and everything from it (or from the top of base memory) up to 1 MiB -- video memory,
 * option ROMs, the BIOS -- is reserved in memblock, whatever e820 says.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <asm/page.h>
#include <asm/setup.h>

/*
 * Linux reads the BIOS Data Area through __va(): this early its direct map is filled on demand
 * by the early page-fault handler (early_make_pgtable). The replay has no such handler and
 * builds the direct map later (init_mem_mapping), so it reads low memory through the early
 * mapping of the first GiB at __START_KERNEL_map (the kernel-image mapping, which head.S also
 * makes cover the first GiB). Same bytes, same order of events as Linux.
 */
#ifdef MM_STEP_HOSTED
#define bda_va(x) __va(x)
#else
#define bda_va(x) ((void *)((unsigned long)(x) + __START_KERNEL_map))
#endif

/* BDA fields are 16-bit and not all aligned (0x413). */
typedef u16 __attribute__((aligned(1))) bda_u16;

/* The real-mode segment of the EBDA, at 0x40e in the BDA; 0 means none (asm/bios_ebda.h). */
static unsigned int get_bios_ebda(void)
{
	unsigned int address = *(bda_u16 *)bda_va(0x40E);

	address <<= 4;
	return address;
}

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
	bios_start = *(bda_u16 *)bda_va(BIOS_RAM_SIZE_KB_PTR);
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
