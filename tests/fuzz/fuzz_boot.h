/*
 * The checks shared by the SRAT and SLIT fuzzers, after x86_numa_init: whatever the tables said,
 * Linux ends with a usable NUMA picture -- the SRAT's, or one faked node.
 */
#ifndef FUZZ_BOOT_H
#define FUZZ_BOOT_H

/* setup.c comes with the other objects; its callees outside the portable code are not run. */
__attribute__((weak)) char _text[1], __bss_stop[1];
__attribute__((weak)) void parse_early_param(void) {}
__attribute__((weak)) void init_mem_mapping(void) {}

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: %s\nlog:\n%s",	\
	__FILE__, __LINE__, #cond, log); abort(); } } while (0)

/*
 * @log: where this run's output starts in console_log (hosted.c clears it only between unit
 * tests; once the buffer is full, the fallback check below sees nothing, and is skipped).
 */
static inline void check_numa_result(const char *log)
{
	struct numa_meminfo *mi = &numa_meminfo;

	CHECK(mi->nr_blks >= 1 && mi->nr_blks <= NR_NODE_MEMBLKS);
	for (int i = 0; i < mi->nr_blks; i++) {
		struct numa_memblk *b = &mi->blk[i];

		CHECK(b->start < b->end && b->end <= PFN_PHYS(max_pfn));
		CHECK(b->nid >= 0 && b->nid < MAX_NUMNODES);
		CHECK(node_possible(b->nid));
		for (int j = 0; j < i; j++)
			CHECK(b->nid == mi->blk[j].nid || b->end <= mi->blk[j].start ||
			      b->start >= mi->blk[j].end);
	}
	CHECK(!nodes_empty(node_online_map));
	for (unsigned long r = 0; r < memblock.memory.cnt; r++) {
		struct memblock_region *m = &memblock.memory.regions[r];

		/* numa_meminfo_cover_memory lets up to 1 MiB of RAM go without a node */
		if (m->nid == MAX_NUMNODES) {
			CHECK(m->size < (1 << 20));
			continue;
		}
		CHECK(m->nid >= 0 && m->nid < MAX_NUMNODES);
		/* a node under NODE_MIN_SIZE gets no pg_data_t, and stays offline */
		CHECK(node_online(m->nid) || m->size < NODE_MIN_SIZE);
	}
	/* the fallback is one node over everything (unless numa=fake= then splits it) */
	if (strstr(log, "Faking a node at") && !strstr(log, "Faking node "))
		CHECK(mi->nr_blks == 1 && mi->blk[0].start == 0 && mi->blk[0].end == PFN_PHYS(max_pfn));
}

#endif
