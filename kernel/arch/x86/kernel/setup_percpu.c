/*
 * setup_per_cpu_areas (arch/x86/kernel/setup_percpu.c, Linux 4.19): the per-cpu first chunk is
 * embedded in the direct map, each group's units allocated in 2 MiB atoms (PMD_SIZE) from its
 * node's memory, above 16 MiB if possible.
 */
#define pr_fmt(fmt) "setup_percpu: " fmt

#include <linux/kernel.h>
#include <linux/bootmem.h>
#include <linux/mm.h>
#include <linux/topology.h>
#include <linux/percpu.h>
#include <asm/dma.h>
#include <asm/smp.h>

#include <mm_step/linux_build.h>

/* The image's copy of .data..percpu (Linux's initial values; the variables boot uses start zero). */
char __per_cpu_load[LINUX_PERCPU_STATIC_SIZE] __aligned(PAGE_SIZE);
unsigned long __per_cpu_offset[NR_CPUS] = { [0 ... NR_CPUS - 1] = BOOT_PERCPU_OFFSET };

/* The CPU's node's memory, else any; a CPU without a node gets any memory and a line. */
static void *pcpu_alloc_bootmem(unsigned int cpu, unsigned long size, unsigned long align)
{
	const unsigned long goal = __pa(MAX_DMA_ADDRESS);
	int node = early_cpu_to_node(cpu);
	void *ptr;

	if (node == NUMA_NO_NODE || !node_online(node) || !NODE_DATA(node)) {
		ptr = __alloc_bootmem_nopanic(size, align, goal);
		pr_info("cpu %d has no node %d or node-local memory\n", cpu, node);
	} else {
		ptr = __alloc_bootmem_node_nopanic(NODE_DATA(node), size, align, goal);
	}
	return ptr;
}

static void *pcpu_fc_alloc(unsigned int cpu, size_t size, size_t align)
{
	return pcpu_alloc_bootmem(cpu, size, align);
}

static void pcpu_fc_free(void *ptr, size_t size)
{
	free_bootmem(__pa(ptr), size);
}

static int pcpu_cpu_distance(unsigned int from, unsigned int to)
{
	if (early_cpu_to_node(from) == early_cpu_to_node(to))
		return LOCAL_DISTANCE;
	else
		return REMOTE_DISTANCE;
}

void setup_per_cpu_areas(void)
{
	const size_t dyn_size = PERCPU_MODULE_RESERVE + PERCPU_DYNAMIC_RESERVE - PERCPU_FIRST_CHUNK_RESERVE;
	unsigned int cpu;

	pr_info("NR_CPUS:%d nr_cpumask_bits:%d nr_cpu_ids:%u nr_node_ids:%d\n",
		NR_CPUS, nr_cpumask_bits, nr_cpu_ids, nr_node_ids);

	if (pcpu_embed_first_chunk(PERCPU_FIRST_CHUNK_RESERVE, dyn_size, PMD_SIZE,
				   pcpu_cpu_distance, pcpu_fc_alloc, pcpu_fc_free) < 0)
		panic("cannot initialize percpu area");

	/* x86_64's per-cpu section is linked at 0: a CPU's offset is its unit's address */
	for_each_possible_cpu(cpu)
		__per_cpu_offset[cpu] = (unsigned long)pcpu_base_addr + pcpu_unit_offsets[cpu];
}
