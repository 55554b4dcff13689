/* numa_meminfo: the NUMA memory map being built (arch/x86/mm/numa_internal.h). */
#ifndef __X86_MM_NUMA_INTERNAL_H
#define __X86_MM_NUMA_INTERNAL_H
#include <linux/types.h>
#include <asm/numa.h>

/* One physical range [start, end) on node nid. */
struct numa_memblk {
	u64 start;
	u64 end;
	int nid;
};

struct numa_meminfo {
	int nr_blks;
	struct numa_memblk blk[NR_NODE_MEMBLKS];
};

extern struct numa_meminfo numa_meminfo;

void numa_remove_memblk_from(int idx, struct numa_meminfo *mi);
int numa_cleanup_meminfo(struct numa_meminfo *mi);
void numa_reset_distance(void);
void x86_numa_init(void);
void numa_emulation(struct numa_meminfo *numa_meminfo, int numa_dist_cnt);

#endif
