/*
 * prefill_possible_map (arch/x86/kernel/smpboot.c): the possible CPUs are the processors the
 * MADT lists, enabled or not (disabled ones can be hot-added). Per-cpu areas are made for each.
 */
#define pr_fmt(fmt) "smpboot: " fmt

#include <linux/kernel.h>
#include <asm/smp.h>

unsigned int nr_cpu_ids = NR_CPUS;

void prefill_possible_map(void)
{
	unsigned int possible;

	/* no MADT and no MP table: the boot CPU alone */
	if (!num_processors)
		generic_processor_info(read_apic_id());

	possible = min(num_processors + disabled_cpus, (unsigned int)NR_CPUS);
	nr_cpu_ids = possible;
	pr_info("Allowing %d CPUs, %d hotplug CPUs\n", possible, max_t(int, possible - num_processors, 0));
}
