/*
 * trap_init (arch/x86/kernel/traps.c, Linux 4.19): of it, what takes memory -- the cpu_entry_areas
 * and the read-only alias of the IDT at the start of their region.
 */
#include <linux/kernel.h>
#include <asm/page.h>
#include <asm/cpu_entry_area.h>

extern char idt_table[];	/* arch/x86/kernel/idt.c */

void trap_init(void)
{
	/* Init cpu_entry_area before IST entries are set up */
	setup_cpu_entry_areas();
	cea_set_pte(CPU_ENTRY_AREA_RO_IDT, __pa_symbol(idt_table), PAGE_KERNEL_RO);
}
