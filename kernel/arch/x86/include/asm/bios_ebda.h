#ifndef _ASM_X86_BIOS_EBDA_H
#define _ASM_X86_BIOS_EBDA_H
#include <linux/types.h>
#include <asm/io.h>

/* BDA fields are 16-bit and not all aligned (0x413). */
typedef u16 __attribute__((aligned(1))) bda_u16;

/* A 16-bit field of the BIOS Data Area (Linux reads it through phys_to_virt). */
static inline unsigned int bda_read16(unsigned long phys)
{
	return *(bda_u16 *)early_memremap(phys, sizeof(bda_u16));
}

/* The real-mode segment of the EBDA, at 0x40e in the BDA; 0 means none. */
static inline unsigned int get_bios_ebda(void)
{
	unsigned int address = bda_read16(0x40E);

	address <<= 4;
	return address;
}

#endif
