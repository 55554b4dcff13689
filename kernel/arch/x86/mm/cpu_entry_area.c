/*
 * setup_cpu_entry_areas (arch/x86/mm/cpu_entry_area.c, Linux 4.19), called first by trap_init:
 * each possible CPU's GDT, entry stack, TSS, entry trampoline and exception stacks are mapped
 * again, read-mostly, at a fixed address (CPU_ENTRY_AREA_PER_CPU + cpu * its size). The page
 * tables this needs come from boot memory. The mapped pages are the per-cpu variables' pages in
 * each CPU's unit, at the reference build's offsets; the trampoline (Linux's code) is left out.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/cpu_entry_area.h>
#include <asm/smp.h>
#include <mm_step/linux_build.h>

#define CPU_ENTRY_AREA_PER_CPU (CPU_ENTRY_AREA_RO_IDT + PAGE_SIZE)
#define CPU_ENTRY_AREA_SIZE (LINUX_CPU_ENTRY_AREA_PAGES * PAGE_SIZE)

extern unsigned long __per_cpu_offset[NR_CPUS];

static unsigned long cea_vaddr(int cpu, int page)
{
	return CPU_ENTRY_AREA_PER_CPU + cpu * CPU_ENTRY_AREA_SIZE + page * PAGE_SIZE;
}

/* pages consecutive pages of a per-cpu variable at offset, mapped from the cea's page first */
static void cea_map_percpu_pages(int cpu, int first, unsigned long offset, int pages, u64 prot)
{
	for (int i = 0; i < pages; i++)
		cea_set_pte(cea_vaddr(cpu, first + i), __pa(__per_cpu_offset[cpu] + offset) + i * PAGE_SIZE, prot);
}

/* CPUID vendor "GenuineIntel": only then does Linux map the debug store (CONFIG_CPU_SUP_INTEL). */
static bool cpu_is_intel(void)
{
	u32 eax = 0, ebx, ecx = 0, edx;

	asm volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	return ebx == 0x756e6547 && edx == 0x49656e69 && ecx == 0x6c65746e;
}

static void setup_cpu_entry_area(int cpu)
{
	cea_map_percpu_pages(cpu, 0, LINUX_PERCPU_GDT_PAGE, 1, PAGE_KERNEL_RO);
	cea_map_percpu_pages(cpu, 1, LINUX_PERCPU_ENTRY_STACK, 1, PAGE_KERNEL);
	cea_map_percpu_pages(cpu, 2, LINUX_PERCPU_TSS, LINUX_TSS_PAGES, PAGE_KERNEL_RO);
	cea_map_percpu_pages(cpu, 3 + LINUX_TSS_PAGES, LINUX_PERCPU_EXCEPTION_STACKS,
			     LINUX_EXCEPTION_STACK_PAGES, PAGE_KERNEL);
	if (cpu_is_intel()) {
		int page = 3 + LINUX_TSS_PAGES + LINUX_EXCEPTION_STACK_PAGES;

		cea_map_percpu_pages(cpu, page, LINUX_PERCPU_DEBUG_STORE, 1, PAGE_KERNEL);
		/* the debug buffers are allocated later: non-present ptes, but their tables now */
		for (int i = 1; i <= LINUX_DEBUG_BUFFER_PAGES; i++)
			cea_set_pte(cea_vaddr(cpu, page + i), 0, 0);
	}
}

void setup_cpu_entry_areas(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		setup_cpu_entry_area(cpu);
}
