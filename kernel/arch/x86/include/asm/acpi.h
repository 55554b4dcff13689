/* x86's ACPI switches, as arch/x86/include/asm/acpi.h. */
#ifndef _ASM_X86_ACPI_H
#define _ASM_X86_ACPI_H

extern int acpi_disabled;	/* acpi=off, or no usable root table */

static inline void disable_acpi(void)
{
	acpi_disabled = 1;
}

int x86_acpi_numa_init(void);	/* arch/x86/mm/srat.c */

#endif
