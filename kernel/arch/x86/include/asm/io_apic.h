/* I/O APICs, as arch/x86/include/asm/io_apic.h: only how many there are. */
#ifndef _ASM_X86_IO_APIC_H
#define _ASM_X86_IO_APIC_H

#define MAX_IO_APICS 128

extern int nr_ioapics;		/* counted from the MADT by acpi_boot_init */

void io_apic_init_mappings(void);

#endif
