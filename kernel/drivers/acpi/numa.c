/*
 * ACPI NUMA (drivers/acpi/numa.c): read the SRAT -- which proximity domain each CPU and each
 * memory range belongs to -- and the SLIT -- the distances between domains. Proximity domains
 * (PXMs) are the firmware's numbers; Linux gives them node ids 0, 1, 2, ... in the order first
 * seen. Any inconsistency calls bad_srat(), and the caller falls back to one faked node.
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/acpi.h>
#include <linux/memblock.h>
#include <linux/bootmem.h>
#include <linux/nodemask.h>
#include <linux/topology.h>
#include <asm/page.h>

nodemask_t nodes_found_map = NODE_MASK_NONE;	/* node ids given to domains so far */

/* maps to convert between proximity domain and logical node ID */
int pxm_to_node_map[MAX_PXM_DOMAINS] = { [0 ... MAX_PXM_DOMAINS - 1] = NUMA_NO_NODE };
int node_to_pxm_map[MAX_NUMNODES] = { [0 ... MAX_NUMNODES - 1] = PXM_INVAL };

unsigned char acpi_srat_revision;
int acpi_numa;		/* -1: SRAT not used (bad, or numa=noacpi); 1: a CPU entry was used */
int parsed_numa_memblks;	/* SRAT memory entries taken */

int pxm_to_node(int pxm)
{
	if (pxm < 0 || pxm >= MAX_PXM_DOMAINS || numa_off)
		return NUMA_NO_NODE;
	return pxm_to_node_map[pxm];
}

int node_to_pxm(int node)
{
	if (node < 0)
		return PXM_INVAL;
	return node_to_pxm_map[node];
}

static void __acpi_map_pxm_to_node(int pxm, int node)
{
	if (pxm_to_node_map[pxm] == NUMA_NO_NODE || node < pxm_to_node_map[pxm])
		pxm_to_node_map[pxm] = node;
	if (node_to_pxm_map[node] == PXM_INVAL || pxm < node_to_pxm_map[node])
		node_to_pxm_map[node] = pxm;
}

/* The node of a domain; a new domain gets the lowest free node id, until all 64 are taken. */
int acpi_map_pxm_to_node(int pxm)
{
	int node;

	if (pxm < 0 || pxm >= MAX_PXM_DOMAINS || numa_off)
		return NUMA_NO_NODE;

	node = pxm_to_node_map[pxm];
	if (node == NUMA_NO_NODE) {
		if (nodes_weight(nodes_found_map) >= MAX_NUMNODES)
			return NUMA_NO_NODE;
		node = first_unset_node(nodes_found_map);
		__acpi_map_pxm_to_node(pxm, node);
		node_set(node, nodes_found_map);
	}
	return node;
}

/* What each SRAT entry says, at debug level (printed here: see linux/printk.h). */
static void acpi_table_print_srat_entry(struct acpi_subtable_header *header)
{
	switch (header->type) {
	case ACPI_SRAT_TYPE_CPU_AFFINITY: {
		struct acpi_srat_cpu_affinity *p = (struct acpi_srat_cpu_affinity *)header;

		pr_debug("SRAT Processor (id[0x%02x] eid[0x%02x]) in proximity domain %d %s\n",
			 p->apic_id, p->local_sapic_eid, p->proximity_domain_lo,
			 (p->flags & ACPI_SRAT_CPU_ENABLED) ? "enabled" : "disabled");
		break;
	}
	case ACPI_SRAT_TYPE_MEMORY_AFFINITY: {
		struct acpi_srat_mem_affinity *p = (struct acpi_srat_mem_affinity *)header;

		pr_debug("SRAT Memory (0x%llx length 0x%llx) in proximity domain %d %s%s%s\n",
			 (unsigned long long)p->base_address, (unsigned long long)p->length,
			 p->proximity_domain,
			 (p->flags & ACPI_SRAT_MEM_ENABLED) ? "enabled" : "disabled",
			 (p->flags & ACPI_SRAT_MEM_HOT_PLUGGABLE) ? " hot-pluggable" : "",
			 (p->flags & ACPI_SRAT_MEM_NON_VOLATILE) ? " non-volatile" : "");
		break;
	}
	case ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY: {
		struct acpi_srat_x2apic_cpu_affinity *p = (struct acpi_srat_x2apic_cpu_affinity *)header;

		pr_debug("SRAT Processor (x2apicid[0x%08x]) in proximity domain %d %s\n",
			 p->apic_id, p->proximity_domain,
			 (p->flags & ACPI_SRAT_CPU_ENABLED) ? "enabled" : "disabled");
		break;
	}
	default:
		pr_warn("Found unsupported SRAT entry (type = 0x%x)\n", header->type);
		break;
	}
}

/*
 * A lot of BIOS fill in 10 (= no distance) everywhere. This messes up the NUMA heuristics
 * which wants the local node to have a smaller distance than the others. Do some quick checks
 * here and only use the SLIT if it passes.
 */
static int slit_valid(struct acpi_table_slit *slit)
{
	int i, j;
	int d = slit->locality_count;

	for (i = 0; i < d; i++) {
		for (j = 0; j < d; j++) {
			u8 val = slit->entry[d * i + j];

			if (i == j) {
				if (val != LOCAL_DISTANCE)
					return 0;
			} else if (val <= LOCAL_DISTANCE) {
				return 0;
			}
		}
	}
	return 1;
}

void bad_srat(void)
{
	pr_err("SRAT: SRAT not used.\n");
	acpi_numa = -1;
}

int srat_disabled(void)
{
	return acpi_numa < 0;
}

/* Distances between domains become distances between their nodes; unknown domains are skipped. */
void acpi_numa_slit_init(struct acpi_table_slit *slit)
{
	int i, j;

	for (i = 0; i < slit->locality_count; i++) {
		const int from_node = pxm_to_node(i);

		if (from_node == NUMA_NO_NODE)
			continue;
		for (j = 0; j < slit->locality_count; j++) {
			const int to_node = pxm_to_node(j);

			if (to_node == NUMA_NO_NODE)
				continue;
			numa_set_distance(from_node, to_node, slit->entry[slit->locality_count * i + j]);
		}
	}
}

/* One SRAT memory range: its node gets the range in numa_meminfo. */
int acpi_numa_memory_affinity_init(struct acpi_srat_mem_affinity *ma)
{
	u64 start, end;
	u32 hotpluggable;
	int node, pxm;

	if (srat_disabled())
		goto out_err;
	if (ma->header.length < sizeof(struct acpi_srat_mem_affinity)) {
		pr_err("SRAT: Unexpected header length: %d\n", ma->header.length);
		goto out_err_bad_srat;
	}
	if ((ma->flags & ACPI_SRAT_MEM_ENABLED) == 0)
		goto out_err;
	/* CONFIG_MEMORY_HOTPLUG=y (Debian): hot-pluggable ranges are used too */
	hotpluggable = ma->flags & ACPI_SRAT_MEM_HOT_PLUGGABLE;

	start = ma->base_address;
	end = start + ma->length;
	pxm = ma->proximity_domain;
	if (acpi_srat_revision <= 1)
		pxm &= 0xff;

	node = acpi_map_pxm_to_node(pxm);
	if (node == NUMA_NO_NODE || node >= MAX_NUMNODES) {
		pr_err("SRAT: Too many proximity domains.\n");
		goto out_err_bad_srat;
	}

	if (numa_add_memblk(node, start, end) < 0) {
		pr_err("SRAT: Failed to add memblk to node %u [mem %#010Lx-%#010Lx]\n",
		       node, (unsigned long long)start, (unsigned long long)end - 1);
		goto out_err_bad_srat;
	}

	node_set(node, numa_nodes_parsed);

	pr_info("SRAT: Node %u PXM %u [mem %#010Lx-%#010Lx]%s%s\n",
		node, pxm, (unsigned long long)start, (unsigned long long)end - 1,
		hotpluggable ? " hotplug" : "",
		ma->flags & ACPI_SRAT_MEM_NON_VOLATILE ? " non-volatile" : "");

	/* Mark hotplug range in memblock. */
	if (hotpluggable && memblock_mark_hotplug(start, ma->length))
		pr_warn("SRAT: Failed to mark hotplug range [mem %#010Lx-%#010Lx] in memblock\n",
			(unsigned long long)start, (unsigned long long)end - 1);

	max_possible_pfn = max(max_possible_pfn, PFN_UP(end - 1));

	return 0;
out_err_bad_srat:
	bad_srat();
out_err:
	return -EINVAL;
}

static int acpi_parse_slit(struct acpi_table_header *table)
{
	struct acpi_table_slit *slit = (struct acpi_table_slit *)table;

	/*
	 * Not in Linux 4.19: a SLIT too short for its own matrix (or with more localities than
	 * domains exist) is refused, where Linux would read past the table's end.
	 */
	if (slit->header.length < offsetof(struct acpi_table_slit, entry) ||
	    slit->locality_count > MAX_PXM_DOMAINS ||
	    slit->header.length - offsetof(struct acpi_table_slit, entry) <
	    slit->locality_count * slit->locality_count) {
		pr_info("SLIT table looks invalid. Not used.\n");
		return -EINVAL;
	}
	if (!slit_valid(slit)) {
		pr_info("SLIT table looks invalid. Not used.\n");
		return -EINVAL;
	}
	acpi_numa_slit_init(slit);
	return 0;
}

static int acpi_parse_x2apic_affinity(struct acpi_subtable_header *header, const unsigned long end)
{
	acpi_table_print_srat_entry(header);
	acpi_numa_x2apic_affinity_init((struct acpi_srat_x2apic_cpu_affinity *)header);
	return 0;
}

static int acpi_parse_processor_affinity(struct acpi_subtable_header *header, const unsigned long end)
{
	acpi_table_print_srat_entry(header);
	acpi_numa_processor_affinity_init((struct acpi_srat_cpu_affinity *)header);
	return 0;
}

static int acpi_parse_memory_affinity(struct acpi_subtable_header *header, const unsigned long end)
{
	acpi_table_print_srat_entry(header);
	if (!acpi_numa_memory_affinity_init((struct acpi_srat_mem_affinity *)header))
		parsed_numa_memblks++;
	return 0;
}

static int acpi_parse_srat(struct acpi_table_header *table)
{
	struct acpi_table_srat *srat = (struct acpi_table_srat *)table;

	acpi_srat_revision = srat->header.revision;
	/* Real work done in acpi_table_parse_srat below. */
	return 0;
}

static int acpi_table_parse_srat(enum acpi_srat_type id, acpi_tbl_entry_handler handler,
				 unsigned int max_entries)
{
	return acpi_table_parse_entries(ACPI_SIG_SRAT, sizeof(struct acpi_table_srat), id,
					handler, max_entries);
}

/*
 * Processor entries first (so CPUs know their node), then memory entries, then the SLIT.
 * Fails (-ENOENT) unless at least one memory range was taken.
 */
int acpi_numa_init(void)
{
	int cnt = 0;

	if (acpi_disabled)
		return -EINVAL;

	/* SRAT: System Resource Affinity Table */
	if (!acpi_table_parse(ACPI_SIG_SRAT, acpi_parse_srat)) {
		struct acpi_subtable_proc srat_proc[2];

		memset(srat_proc, 0, sizeof(srat_proc));
		srat_proc[0].id = ACPI_SRAT_TYPE_CPU_AFFINITY;
		srat_proc[0].handler = acpi_parse_processor_affinity;
		srat_proc[1].id = ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY;
		srat_proc[1].handler = acpi_parse_x2apic_affinity;
		/* (arm64's GICC entries are left out: x86 has none) */

		acpi_table_parse_entries_array(ACPI_SIG_SRAT, sizeof(struct acpi_table_srat),
					       srat_proc, ARRAY_SIZE(srat_proc), 0);

		cnt = acpi_table_parse_srat(ACPI_SRAT_TYPE_MEMORY_AFFINITY,
					    acpi_parse_memory_affinity, 0);
	}

	/* SLIT: System Locality Information Table */
	acpi_table_parse(ACPI_SIG_SLIT, acpi_parse_slit);

	if (cnt < 0)
		return cnt;
	else if (!parsed_numa_memblks)
		return -ENOENT;
	return 0;
}
