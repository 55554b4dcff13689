/*
 * The per-cpu first chunk, as include/linux/percpu.h and mm/percpu-internal.h in Linux 4.19:
 * how the boot allocator lays out one unit per possible CPU and the chunk that manages them.
 */
#ifndef _LINUX_PERCPU_H
#define _LINUX_PERCPU_H
#include <linux/types.h>
#include <linux/list.h>
#include <asm/page.h>

#define PERCPU_MODULE_RESERVE (8 << 10)		/* CONFIG_MODULES */
#define PCPU_MIN_UNIT_SIZE PFN_ALIGN(32 << 10)
#define PCPU_MIN_ALLOC_SHIFT 2			/* the allocation bitmap counts 4-byte units */
#define PCPU_MIN_ALLOC_SIZE (1 << PCPU_MIN_ALLOC_SHIFT)
#define PCPU_BITS_PER_PAGE (PAGE_SIZE >> PCPU_MIN_ALLOC_SHIFT)
#define PCPU_BITMAP_BLOCK_SIZE PAGE_SIZE
#define PCPU_BITMAP_BLOCK_BITS (PCPU_BITMAP_BLOCK_SIZE >> PCPU_MIN_ALLOC_SHIFT)
#define PERCPU_DYNAMIC_EARLY_SIZE (12 << 10)
#define PERCPU_DYNAMIC_RESERVE (28 << 10)	/* 64-bit */
#define PCPU_SLOT_BASE_SHIFT 5
#define PERCPU_FIRST_CHUNK_RESERVE PERCPU_MODULE_RESERVE

/*
 * Per-cpu variables (include/linux/percpu-defs.h, x86_64): a per-cpu pointer is the variable's
 * offset in .data..percpu, which x86_64 links at 0; a CPU's copy is at that offset plus
 * __per_cpu_offset[cpu]. Until setup_per_cpu_areas() every CPU's offset is BOOT_PERCPU_OFFSET,
 * the image's own copy of the section (__per_cpu_load). The replay has no per-cpu section of its
 * own: its variables are Linux's offsets (mm_step/linux_build.h), so that pointers equal Linux's.
 */
extern char __per_cpu_load[];
extern unsigned long __per_cpu_offset[];
#define BOOT_PERCPU_OFFSET ((unsigned long)__per_cpu_load)
#define per_cpu_ptr(ptr, cpu) ((typeof(ptr))((unsigned long)(ptr) + __per_cpu_offset[(cpu)]))
#define per_cpu(var, cpu) (*per_cpu_ptr(&(var), (cpu)))
#define this_cpu_ptr(ptr) per_cpu_ptr((ptr), 0)	/* the replay runs on the boot CPU only */

struct pcpu_group_info {
	int nr_units;			/* aligned # of units */
	unsigned long base_offset;	/* base address offset */
	unsigned int *cpu_map;		/* unit->cpu map, empty entries contain NR_CPUS */
};

struct pcpu_alloc_info {
	size_t static_size;
	size_t reserved_size;
	size_t dyn_size;
	size_t unit_size;
	size_t atom_size;
	size_t alloc_size;
	size_t __ai_size;		/* internal, don't use */
	int nr_groups;			/* 0 if grouping unnecessary */
	struct pcpu_group_info groups[];
};

/* Free-space hints of one PCPU_BITMAP_BLOCK_SIZE block. */
struct pcpu_block_md {
	int contig_hint;		/* contig hint for block */
	int contig_hint_start;		/* block relative starting position of the contig hint */
	int left_free;			/* size of free space along the left side of the block */
	int right_free;			/* size of free space along the right side of the block */
	int first_free;			/* block position of first free */
};

struct pcpu_chunk {
	struct list_head list;		/* linked to pcpu_slot lists */
	int free_bytes;			/* free bytes in the chunk */
	int contig_bits;		/* max contiguous size hint */
	int contig_bits_start;		/* contig_bits starting offset */
	void *base_addr;		/* base address of this chunk */
	unsigned long *alloc_map;	/* allocation map */
	unsigned long *bound_map;	/* boundary map */
	struct pcpu_block_md *md_blocks;	/* metadata blocks */
	void *data;			/* chunk data */
	int first_bit;			/* no free below this */
	bool immutable;			/* no [de]population allowed */
	int start_offset;		/* the overlap with the previous region to have a page aligned base_addr */
	int end_offset;			/* additional area required to have the region end page aligned */
	int nr_pages;			/* # of pages served by this chunk */
	int nr_populated;		/* # of populated pages */
	int nr_empty_pop_pages;		/* # of empty populated pages */
	unsigned long populated[];	/* populated bitmap */
};

typedef void *(*pcpu_fc_alloc_fn_t)(unsigned int cpu, size_t size, size_t align);
typedef void (*pcpu_fc_free_fn_t)(void *ptr, size_t size);
typedef int (*pcpu_fc_cpu_distance_fn_t)(unsigned int from, unsigned int to);

extern void *pcpu_base_addr;
extern unsigned long *pcpu_unit_offsets;

int pcpu_embed_first_chunk(size_t reserved_size, size_t dyn_size, size_t atom_size,
			   pcpu_fc_cpu_distance_fn_t cpu_distance_fn,
			   pcpu_fc_alloc_fn_t alloc_fn, pcpu_fc_free_fn_t free_fn);
void setup_per_cpu_areas(void);		/* arch/x86/kernel/setup_percpu.c */

#endif
