/*
 * The per-cpu first chunk (mm/percpu.c, arch/x86/kernel/setup_percpu.c): grouping CPUs by node,
 * the unit size, where each group's allocation lands and what is given back, the metadata
 * chunks, and the printed lines. Expected values are computed by hand from 4.19's rules with the
 * reference build's static size, 151368 bytes: size_sum = PFN_ALIGN(151368 + 8192 + 28672) =
 * 188416 (46 pages), so the dynamic area is 28856; atom 2 MiB; at most 8 units of 256 KiB fit.
 */
#include "part2.h"
#include <linux/percpu.h>
#include <asm/smp.h>
#undef pr_fmt			/* percpu.c defines its own */
#include "../../kernel/mm/percpu.c"

extern s16 __apicid_to_node[];
extern unsigned long __per_cpu_offset[];

void part2_reset(void)
{
	pcpu_first_chunk = pcpu_reserved_chunk = NULL;
}

/* CPU i has APIC id i on node nodes[i] (the nodes' pg_data_t as free_area_init_node leaves them) */
static void cpus_on(int n, const int *nodes)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if (NODE_DATA(nid))
			NODE_DATA(nid)->node_id = nid;
	nr_cpu_ids = n;
	for (int i = 0; i < n; i++) {
		x86_cpu_to_apicid[i] = i;
		__apicid_to_node[i] = nodes[i];
	}
	init_cpu_to_node();
	nr_node_ids = 2;
}

static bool reserved(phys_addr_t base, phys_addr_t size)
{
	return memblock_is_region_reserved(base, size);
}

/* The top 2 MiB-aligned 2 MiB below a node's pg_data_t (alloc_node_data put it at the top). */
static phys_addr_t below_pgdat(int nid)
{
	return ALIGN_DOWN(__pa(NODE_DATA(nid)), PMD_SIZE) - PMD_SIZE;
}

/* two-node: a group per node, 2 MiB units; each keeps 46 pages and gives back the rest */
TEST(percpu_two_nodes)
{
	static const int nodes[] = { 0, 1 };
	phys_addr_t a0, a1;

	two_node_machine();
	cpus_on(2, nodes);
	a0 = below_pgdat(0);
	a1 = below_pgdat(1);
	setup_per_cpu_areas();

	EXPECT_LOG_CONTAINS("setup_percpu: NR_CPUS:512 nr_cpumask_bits:512 nr_cpu_ids:2 nr_node_ids:2\n");
	EXPECT_LOG_CONTAINS("percpu: Embedded 46 pages/cpu s151368 r8192 d28856 u2097152\n");
	EXPECT_LOG_CONTAINS("pcpu-alloc: s151368 r8192 d28856 u2097152 alloc=1*2097152\npcpu-alloc: [0] 0 [1] 1 \n");
	EXPECT(reserved(a0, 0x2e000) && !reserved(a0 + 0x2e000, PMD_SIZE - 0x2e000));
	EXPECT(reserved(a1, 0x2e000) && !reserved(a1 + 0x2e000, PMD_SIZE - 0x2e000));
	EXPECT_EQ((unsigned long)pcpu_base_addr, (unsigned long)__va(a0));
	EXPECT_EQ(pcpu_unit_offsets[0], 0);
	EXPECT_EQ(pcpu_unit_offsets[1], a1 - a0);
	EXPECT_EQ(__per_cpu_offset[1], (unsigned long)__va(a1));
	/* the reserved chunk starts 3912 bytes into page 36 and ends page-aligned: 3 pages */
	EXPECT_EQ(pcpu_reserved_chunk->start_offset, 3912);
	EXPECT_EQ(pcpu_reserved_chunk->nr_pages, 3);
	EXPECT_EQ(pcpu_reserved_chunk->end_offset, 3 * 4096 - 3912 - 8192);
	EXPECT_EQ(pcpu_first_chunk->nr_pages, 8);
	EXPECT_EQ(pcpu_first_chunk->end_offset, 0);
	EXPECT_EQ(pcpu_first_chunk->free_bytes, 28856);
	EXPECT_EQ(pcpu_nr_slots, 21);
}

/* one node, four CPUs: four 512 KiB units share one 2 MiB allocation */
TEST(percpu_four_cpus_one_node)
{
	static const int nodes[] = { 0, 0, 0, 0 };
	phys_addr_t a;

	reference_machine();
	cpus_on(4, nodes);
	a = below_pgdat(0);
	setup_per_cpu_areas();

	EXPECT_LOG_CONTAINS("percpu: Embedded 46 pages/cpu s151368 r8192 d28856 u524288\n");
	EXPECT_LOG_CONTAINS("pcpu-alloc: s151368 r8192 d28856 u524288 alloc=1*2097152\npcpu-alloc: [0] 0 1 2 3 \n");
	for (int cpu = 0; cpu < 4; cpu++) {
		EXPECT_EQ(pcpu_unit_offsets[cpu], cpu * 0x80000);
		EXPECT(reserved(a + cpu * 0x80000, 0x2e000));
		EXPECT(!reserved(a + cpu * 0x80000 + 0x2e000, 0x80000 - 0x2e000));
	}
}

/* CPUs 0 and 2 on node 0, CPU 1 on node 1: 1 MiB units, node 1's second unit unused and freed */
TEST(percpu_uneven_groups)
{
	static const int nodes[] = { 0, 1, 0 };
	phys_addr_t a0, a1;

	two_node_machine();
	cpus_on(3, nodes);
	a0 = below_pgdat(0);
	a1 = below_pgdat(1);
	setup_per_cpu_areas();

	EXPECT_LOG_CONTAINS("pcpu-alloc: s151368 r8192 d28856 u1048576 alloc=1*2097152\npcpu-alloc: [0] 0 2 [1] 1 - \n");
	EXPECT_EQ(pcpu_unit_offsets[2], 0x100000);
	EXPECT_EQ(pcpu_unit_offsets[1], a1 - a0);
	EXPECT(reserved(a1, 0x2e000) && !reserved(a1 + 0x2e000, PMD_SIZE - 0x2e000));
	EXPECT(reserved(a0 + 0x100000, 0x2e000));
}

/*
 * A CPU on a node without memory: its node is brought online; its group's allocation comes from
 * any memory, top-down, so right below node 0's group, and is the base.
 */
TEST(percpu_memoryless_node)
{
	static const int nodes[] = { 0, 1 };

	reference_machine();
	cpus_on(2, nodes);
	EXPECT(node_online(1) && NODE_DATA(1));
	EXPECT_LOG_CONTAINS("Initmem setup node 1 [mem 0x0000000000000000-0x0000000000000000]\n");
	setup_per_cpu_areas();
	EXPECT_LOG_CONTAINS("pcpu-alloc: [0] 0 [1] 1 \n");
	EXPECT_EQ(pcpu_unit_offsets[0], PMD_SIZE);
	EXPECT_EQ(pcpu_unit_offsets[1], 0);
}
