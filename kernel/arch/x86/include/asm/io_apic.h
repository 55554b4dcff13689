/*
 * I/O APICs, as arch/x86/include/asm/io_apic.h and mpspec.h: each one's id, version and GSI range
 * (mp_register_ioapic), and the ISA interrupts the firmware routes (mp_irqs).
 */
#ifndef _ASM_X86_IO_APIC_H
#define _ASM_X86_IO_APIC_H
#include <linux/types.h>

#define MAX_IO_APICS 128
#define MAX_IRQ_SOURCES 256
#define NR_IRQS_LEGACY 16
#define MP_ISA_BUS 0

extern int nr_ioapics;		/* registered from the MADT (or counted from the MP table) */

/* struct mpc_intsrc: an interrupt source and the I/O APIC pin it reaches */
struct mpc_intsrc {
	u8 irqflag;		/* polarity | trigger << 2 */
	u8 srcbus;
	u8 srcbusirq;
	u8 dstapic;
	u8 dstirq;
};

extern int mp_irq_entries;
extern struct mpc_intsrc mp_irqs[MAX_IRQ_SOURCES];

int mp_register_ioapic(int id, u32 address, u32 gsi_base);
int mp_find_ioapic(u32 gsi);
int mp_find_ioapic_pin(int ioapic, u32 gsi);
int mpc_ioapic_id(int ioapic);
void mp_save_irq(struct mpc_intsrc *m);
void io_apic_init_mappings(void);

#endif
