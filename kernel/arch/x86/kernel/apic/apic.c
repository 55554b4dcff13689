/*
 * generic_processor_info (arch/x86/kernel/apic/apic.c): each enabled local APIC of the MADT
 * becomes a logical CPU. The boot CPU is CPU 0; the others are numbered in table order.
 */
#include <linux/kernel.h>
#include <asm/smp.h>

unsigned int num_processors, disabled_cpus;
u32 x86_cpu_to_apicid[NR_CPUS] = { [0 ... NR_CPUS - 1] = BAD_APICID };

/* The APIC id of the CPU running this code: CPUID leaf 1, EBX bits 31..24. */
u32 read_apic_id(void)
{
	u32 eax = 1, ebx, ecx = 0, edx;

	asm volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	return ebx >> 24;
}

int generic_processor_info(int apicid)
{
	int cpu;

	if (num_processors >= NR_CPUS) {
		pr_warn("NR_CPUS/possible_cpus limit of %i reached. Processor %d/0x%x ignored.\n",
			NR_CPUS, num_processors, apicid);
		return -EINVAL;
	}
	if (apicid == read_apic_id()) {
		cpu = 0;
	} else {
		/* the next number not taken; 0 stays free for the boot CPU */
		for (cpu = 1; x86_cpu_to_apicid[cpu] != BAD_APICID; cpu++)
			;
	}
	x86_cpu_to_apicid[cpu] = apicid;
	num_processors++;
	return cpu;
}
