/*
 * mm/percpu.c (Linux 4.19), the boot half: the first chunk of per-cpu memory. Every possible CPU
 * gets a unit of the same size holding a copy of the kernel's .data..percpu section (its static
 * size is the reference build's), the reserved area for modules and a dynamic area. CPUs of one
 * node share an allocation; the metadata chunks that manage the areas come from memblock too.
 * The per-cpu section itself is Linux's, so the units are left zeroed here.
 */
#define pr_fmt(fmt) "percpu: " fmt

#include <linux/kernel.h>
#include <linux/bootmem.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/topology.h>
#include <linux/string.h>
#include <linux/percpu.h>
#include <asm/smp.h>
#include <mm_step/linux_build.h>

BUILD_BUG_ON(sizeof(struct pcpu_chunk) != LINUX_SIZEOF_PCPU_CHUNK);
BUILD_BUG_ON(sizeof(struct pcpu_block_md) != 20);

void *pcpu_base_addr;
unsigned long *pcpu_unit_offsets;
static unsigned long *pcpu_group_offsets;
static size_t *pcpu_group_sizes;
static int *pcpu_unit_map;
static int pcpu_nr_groups, pcpu_nr_units, pcpu_nr_slots;
static struct list_head *pcpu_slot;
static struct pcpu_chunk *pcpu_first_chunk, *pcpu_reserved_chunk;

/*
 * Linux's percpu.c calls the inline memblock_virt_alloc(size, 0) so often that gcc made one
 * out-of-line copy of it there, and memblock=debug names that copy as the caller.
 */
static __attribute__((noipa)) void *pcpu_memblock_alloc(size_t size)
	__asm__("memblock_virt_alloc.constprop.0");
static void *pcpu_memblock_alloc(size_t size)
{
	return memblock_virt_alloc(size, 0);
}

/* The info block: the groups, then every group's unit->cpu map. */
static noinline struct pcpu_alloc_info *pcpu_alloc_alloc_info(int nr_groups, int nr_units)
{
	struct pcpu_alloc_info *ai;
	size_t base_size, ai_size;
	void *ptr;

	base_size = ALIGN(sizeof(*ai) + nr_groups * sizeof(ai->groups[0]),
			  __alignof__(ai->groups[0].cpu_map[0]));
	ai_size = base_size + nr_units * sizeof(ai->groups[0].cpu_map[0]);

	ptr = memblock_virt_alloc_nopanic(PFN_ALIGN(ai_size), PAGE_SIZE);
	if (!ptr)
		return NULL;
	ai = ptr;
	ai->groups[0].cpu_map = ptr + base_size;
	for (int unit = 0; unit < nr_units; unit++)
		ai->groups[0].cpu_map[unit] = NR_CPUS;

	ai->nr_groups = nr_groups;
	ai->__ai_size = PFN_ALIGN(ai_size);
	return ai;
}

static void pcpu_free_alloc_info(struct pcpu_alloc_info *ai)
{
	memblock_free_early(__pa(ai), ai->__ai_size);
}

/*
 * Group the CPUs (CPUs further apart than LOCAL_DISTANCE never share a group) and size the unit:
 * the smallest unit holding static + reserved + dynamic, such that units pack into allocations of
 * atom_size with no more than a third of the possible CPUs' worth of units wasted.
 */
static struct pcpu_alloc_info *pcpu_build_alloc_info(size_t reserved_size, size_t dyn_size,
						      size_t atom_size,
						      pcpu_fc_cpu_distance_fn_t cpu_distance_fn)
{
	static int group_map[NR_CPUS], group_cnt[NR_CPUS];
	const size_t static_size = LINUX_PERCPU_STATIC_SIZE;
	int nr_groups = 1, nr_units = 0;
	size_t size_sum, min_unit_size, alloc_size;
	int upa, max_upa, best_upa = 0;	/* units per alloc */
	int last_allocs, group, unit;
	unsigned int cpu, tcpu;
	struct pcpu_alloc_info *ai;
	unsigned int *cpu_map;

	memset(group_map, 0, sizeof(group_map));
	memset(group_cnt, 0, sizeof(group_cnt));

	/* the dynamic area grows to the page end, and at least to the early size */
	size_sum = PFN_ALIGN(static_size + reserved_size +
			     max_t(size_t, dyn_size, PERCPU_DYNAMIC_EARLY_SIZE));
	dyn_size = size_sum - static_size - reserved_size;

	/* the most units of min_unit_size an atom-multiple allocation holds, page-aligned */
	min_unit_size = max_t(size_t, size_sum, PCPU_MIN_UNIT_SIZE);
	alloc_size = roundup(min_unit_size, atom_size);
	upa = alloc_size / min_unit_size;
	while (alloc_size % upa || offset_in_page(alloc_size / upa))
		upa--;
	max_upa = upa;

	/* a CPU joins the first group whose CPUs are all local to it */
	for_each_possible_cpu(cpu) {
		group = 0;
next_group:
		for_each_possible_cpu(tcpu) {
			if (cpu == tcpu)
				break;
			if (group_map[tcpu] == group && cpu_distance_fn &&
			    (cpu_distance_fn(cpu, tcpu) > LOCAL_DISTANCE ||
			     cpu_distance_fn(tcpu, cpu) > LOCAL_DISTANCE)) {
				group++;
				nr_groups = max(nr_groups, group + 1);
				goto next_group;
			}
		}
		group_map[cpu] = group;
		group_cnt[group]++;
	}

	/* fewest allocations whose unused units stay within a third of the CPUs */
	last_allocs = INT_MAX;
	for (upa = max_upa; upa; upa--) {
		int allocs = 0, wasted = 0;

		if (alloc_size % upa || offset_in_page(alloc_size / upa))
			continue;

		for (group = 0; group < nr_groups; group++) {
			int this_allocs = DIV_ROUND_UP(group_cnt[group], upa);

			allocs += this_allocs;
			wasted += this_allocs * upa - group_cnt[group];
		}
		if (wasted > num_possible_cpus() / 3)
			continue;
		if (allocs > last_allocs)
			break;
		last_allocs = allocs;
		best_upa = upa;
	}
	upa = best_upa;

	for (group = 0; group < nr_groups; group++)
		nr_units += roundup(group_cnt[group], upa);

	ai = pcpu_alloc_alloc_info(nr_groups, nr_units);
	if (!ai)
		return NULL;
	cpu_map = ai->groups[0].cpu_map;
	for (group = 0; group < nr_groups; group++) {
		ai->groups[group].cpu_map = cpu_map;
		cpu_map += roundup(group_cnt[group], upa);
	}

	ai->static_size = static_size;
	ai->reserved_size = reserved_size;
	ai->dyn_size = dyn_size;
	ai->unit_size = alloc_size / upa;
	ai->atom_size = atom_size;
	ai->alloc_size = alloc_size;

	for (group = 0, unit = 0; group_cnt[group]; group++) {
		struct pcpu_group_info *gi = &ai->groups[group];

		/* as if the groups were back to back; the caller sets the real offsets */
		gi->base_offset = unit * ai->unit_size;
		for_each_possible_cpu(cpu)
			if (group_map[cpu] == group)
				gi->cpu_map[gi->nr_units++] = cpu;
		gi->nr_units = roundup(gi->nr_units, upa);
		unit += gi->nr_units;
	}
	BUG_ON(unit != nr_units);
	return ai;
}

/* "pcpu-alloc:" lines: sizes, then each allocation as [group] and the CPU of each unit. */
static void pcpu_dump_alloc_info(const struct pcpu_alloc_info *ai)
{
	int group_width = 1, cpu_width = 1, width;
	char empty_str[] = "--------";
	int alloc = 0, alloc_end = 0;
	int group, v;
	int upa, apl;	/* units per alloc, allocs per line */

	v = ai->nr_groups;
	while (v /= 10)
		group_width++;

	v = num_possible_cpus();
	while (v /= 10)
		cpu_width++;
	empty_str[min_t(int, cpu_width, sizeof(empty_str) - 1)] = '\0';

	upa = ai->alloc_size / ai->unit_size;
	width = upa * (cpu_width + 1) + group_width + 3;
	apl = rounddown_pow_of_two(max(60 / width, 1));

	printk(KERN_DEBUG "pcpu-alloc: s%zu r%zu d%zu u%zu alloc=%zu*%zu",
	       ai->static_size, ai->reserved_size, ai->dyn_size, ai->unit_size,
	       ai->alloc_size / ai->atom_size, ai->atom_size);

	for (group = 0; group < ai->nr_groups; group++) {
		const struct pcpu_group_info *gi = &ai->groups[group];
		int unit = 0, unit_end = 0;

		for (alloc_end += gi->nr_units / upa; alloc < alloc_end; alloc++) {
			if (!(alloc % apl)) {
				pr_cont("\n");
				printk(KERN_DEBUG "pcpu-alloc: ");
			}
			pr_cont("[%0*d] ", group_width, group);

			for (unit_end += upa; unit < unit_end; unit++)
				if (gi->cpu_map[unit] != NR_CPUS)
					pr_cont("%0*d ", cpu_width, gi->cpu_map[unit]);
				else
					pr_cont("%s ", empty_str);
		}
	}
	pr_cont("\n");
}

/*
 * A chunk serving map_size bytes at tmp_addr, widened to whole pages: its bitmaps (one bit per
 * 4 bytes) mark the widening as allocated. (Linux then updates the per-block hints; not replayed.)
 */
static struct pcpu_chunk *pcpu_alloc_first_chunk(unsigned long tmp_addr, int map_size)
{
	struct pcpu_chunk *chunk;
	unsigned long aligned_addr = tmp_addr & PAGE_MASK;
	int start_offset = tmp_addr - aligned_addr;
	int region_size = ALIGN(start_offset + map_size, PAGE_SIZE);	/* lcm(PAGE_SIZE, block size) */
	int region_bits, offset_bits, nr_blocks;

	chunk = pcpu_memblock_alloc(sizeof(struct pcpu_chunk) +
				    BITS_TO_LONGS(region_size >> PAGE_SHIFT) * sizeof(unsigned long));
	INIT_LIST_HEAD(&chunk->list);
	chunk->base_addr = (void *)aligned_addr;
	chunk->start_offset = start_offset;
	chunk->end_offset = region_size - chunk->start_offset - map_size;
	chunk->nr_pages = region_size >> PAGE_SHIFT;
	region_bits = chunk->nr_pages * PCPU_BITS_PER_PAGE;
	nr_blocks = chunk->nr_pages * PAGE_SIZE / PCPU_BITMAP_BLOCK_SIZE;

	chunk->alloc_map = pcpu_memblock_alloc(BITS_TO_LONGS(region_bits) * sizeof(chunk->alloc_map[0]));
	chunk->bound_map = pcpu_memblock_alloc(BITS_TO_LONGS(region_bits + 1) * sizeof(chunk->bound_map[0]));
	chunk->md_blocks = pcpu_memblock_alloc(nr_blocks * sizeof(chunk->md_blocks[0]));
	for (int i = 0; i < nr_blocks; i++) {
		struct pcpu_block_md *block = chunk->md_blocks + i;

		block->contig_hint = block->left_free = block->right_free = PCPU_BITMAP_BLOCK_BITS;
	}

	chunk->immutable = true;
	for (int i = 0; i < chunk->nr_pages; i++)
		__set_bit(i, chunk->populated);
	chunk->nr_populated = chunk->nr_pages;
	chunk->contig_bits = map_size / PCPU_MIN_ALLOC_SIZE;
	chunk->free_bytes = map_size;

	if (chunk->start_offset) {
		/* hide the beginning of the bitmap */
		offset_bits = chunk->start_offset / PCPU_MIN_ALLOC_SIZE;
		for (int i = 0; i < offset_bits; i++)
			__set_bit(i, chunk->alloc_map);
		__set_bit(0, chunk->bound_map);
		__set_bit(offset_bits, chunk->bound_map);
		chunk->first_bit = offset_bits;
	}
	if (chunk->end_offset) {
		/* hide the end of the bitmap */
		offset_bits = chunk->end_offset / PCPU_MIN_ALLOC_SIZE;
		for (int i = region_bits - offset_bits; i < region_bits; i++)
			__set_bit(i, chunk->alloc_map);
		__set_bit((start_offset + map_size) / PCPU_MIN_ALLOC_SIZE, chunk->bound_map);
		__set_bit(region_bits, chunk->bound_map);
	}
	return chunk;
}

/* The slot of a chunk by its largest free area: log2 buckets from 16 bytes. */
static int __pcpu_size_to_slot(int size)
{
	int highbit = fls(size);	/* size is in bytes */

	return max(highbit - PCPU_SLOT_BASE_SHIFT + 2, 1);
}

/* Tables unit <-> cpu and the first chunks: the reserved one (modules), then the dynamic one. */
static void pcpu_setup_first_chunk(const struct pcpu_alloc_info *ai, void *base_addr)
{
	size_t static_size, dyn_size;
	int group, unit, i;
	unsigned int cpu;

	pcpu_group_offsets = pcpu_memblock_alloc(ai->nr_groups * sizeof(pcpu_group_offsets[0]));
	pcpu_group_sizes = pcpu_memblock_alloc(ai->nr_groups * sizeof(pcpu_group_sizes[0]));
	pcpu_unit_map = pcpu_memblock_alloc(nr_cpu_ids * sizeof(pcpu_unit_map[0]));
	pcpu_unit_offsets = pcpu_memblock_alloc(nr_cpu_ids * sizeof(pcpu_unit_offsets[0]));

	for (group = 0, unit = 0; group < ai->nr_groups; group++, unit += i) {
		const struct pcpu_group_info *gi = &ai->groups[group];

		pcpu_group_offsets[group] = gi->base_offset;
		pcpu_group_sizes[group] = gi->nr_units * ai->unit_size;
		for (i = 0; i < gi->nr_units; i++) {
			cpu = gi->cpu_map[i];
			if (cpu == NR_CPUS)
				continue;
			pcpu_unit_map[cpu] = unit + i;
			pcpu_unit_offsets[cpu] = gi->base_offset + i * ai->unit_size;
		}
	}
	pcpu_nr_units = unit;
	pcpu_nr_groups = ai->nr_groups;

	pcpu_dump_alloc_info(ai);

	/* chunk lists by free size; the extra last slot is for empty chunks */
	pcpu_nr_slots = __pcpu_size_to_slot(ai->unit_size) + 2;
	pcpu_slot = pcpu_memblock_alloc(pcpu_nr_slots * sizeof(pcpu_slot[0]));
	for (i = 0; i < pcpu_nr_slots; i++)
		INIT_LIST_HEAD(&pcpu_slot[i]);

	/* the static area ends 4-byte aligned; the dynamic area gives up what that takes */
	static_size = ALIGN(ai->static_size, PCPU_MIN_ALLOC_SIZE);
	dyn_size = ai->dyn_size - (static_size - ai->static_size);

	pcpu_first_chunk = pcpu_alloc_first_chunk((unsigned long)base_addr + static_size,
						  ai->reserved_size ?: dyn_size);
	if (ai->reserved_size) {
		pcpu_reserved_chunk = pcpu_first_chunk;
		pcpu_first_chunk = pcpu_alloc_first_chunk((unsigned long)base_addr + static_size +
							  ai->reserved_size, dyn_size);
	}
	pcpu_base_addr = base_addr;
}

/*
 * Allocate each group's units with alloc_fn (on the group's node), give back each unit's unused
 * tail with free_fn, and set up the first chunk over them.
 */
noinline int pcpu_embed_first_chunk(size_t reserved_size, size_t dyn_size, size_t atom_size,
				    pcpu_fc_cpu_distance_fn_t cpu_distance_fn,
				    pcpu_fc_alloc_fn_t alloc_fn, pcpu_fc_free_fn_t free_fn)
{
	void *base = (void *)ULONG_MAX;
	void **areas;
	struct pcpu_alloc_info *ai;
	size_t size_sum, areas_size;
	int group, i;

	ai = pcpu_build_alloc_info(reserved_size, dyn_size, atom_size, cpu_distance_fn);
	if (!ai)
		return -ENOMEM;

	size_sum = ai->static_size + ai->reserved_size + ai->dyn_size;
	areas_size = PFN_ALIGN(ai->nr_groups * sizeof(void *));

	areas = memblock_virt_alloc_nopanic(areas_size, 0);
	if (!areas) {
		pcpu_free_alloc_info(ai);
		return -ENOMEM;
	}

	for (group = 0; group < ai->nr_groups; group++) {
		struct pcpu_group_info *gi = &ai->groups[group];
		unsigned int cpu = NR_CPUS;

		for (i = 0; i < gi->nr_units && cpu == NR_CPUS; i++)
			cpu = gi->cpu_map[i];
		BUG_ON(cpu == NR_CPUS);

		/* the whole group at once, on the node of its first CPU */
		areas[group] = alloc_fn(cpu, gi->nr_units * ai->unit_size, atom_size);
		if (!areas[group])
			panic("percpu: cannot allocate the first chunk of group %d", group);
		base = min(areas[group], base);
	}

	/* after all allocations, so that the groups cannot overlap */
	for (group = 0; group < ai->nr_groups; group++) {
		struct pcpu_group_info *gi = &ai->groups[group];
		void *ptr = areas[group];

		for (i = 0; i < gi->nr_units; i++, ptr += ai->unit_size) {
			if (gi->cpu_map[i] == NR_CPUS) {
				free_fn(ptr, ai->unit_size);	/* unused unit, free whole */
				continue;
			}
			/* copy the per-cpu section, return the unused part */
			memcpy(ptr, __per_cpu_load, ai->static_size);
			free_fn(ptr + size_sum, ai->unit_size - size_sum);
		}
	}

	for (group = 0; group < ai->nr_groups; group++)
		ai->groups[group].base_offset = areas[group] - base;

	pr_info("Embedded %zu pages/cpu s%zu r%zu d%zu u%zu\n", PFN_DOWN(size_sum),
		ai->static_size, ai->reserved_size, ai->dyn_size, ai->unit_size);

	pcpu_setup_first_chunk(ai, base);

	pcpu_free_alloc_info(ai);
	memblock_free_early(__pa(areas), areas_size);
	return 0;
}
