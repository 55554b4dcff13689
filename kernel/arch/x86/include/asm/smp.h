/*
 * The possible CPUs, as Linux 4.19 counts them at boot (arch/x86/kernel/apic/apic.c, smpboot.c):
 * logical CPU numbers in MADT order, the boot CPU first. Nothing runs on the others here; their
 * number and nodes decide the per-cpu allocations.
 */
#ifndef _ASM_X86_SMP_H
#define _ASM_X86_SMP_H
#include <linux/types.h>
#include <mm_step/linux_build.h>

#define NR_CPUS CONFIG_NR_CPUS
#define nr_cpumask_bits NR_CPUS
#define BAD_APICID 0xFFFFu

extern unsigned int nr_cpu_ids;			/* possible CPUs, after prefill_possible_map */
extern u32 x86_cpu_to_apicid[NR_CPUS];		/* early_per_cpu(x86_cpu_to_apicid) */
extern unsigned int num_processors, disabled_cpus;

#define num_possible_cpus() nr_cpu_ids
#define for_each_possible_cpu(cpu) for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)

int generic_processor_info(int apicid);		/* apic/apic.c */
u32 read_apic_id(void);
void prefill_possible_map(void);		/* smpboot.c */
void get_smp_config(void);		/* mpparse.c */
extern int acpi_lapic, acpi_ioapic;		/* acpi/boot.c */
int early_cpu_to_node(int cpu);			/* mm/numa.c */

#endif
