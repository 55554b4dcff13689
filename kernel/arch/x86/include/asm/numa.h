/* x86 NUMA, as arch/x86/include/asm/numa.h (and MAX_LOCAL_APIC from asm/apicdef.h). */
#ifndef _ASM_X86_NUMA_H
#define _ASM_X86_NUMA_H
#include <linux/types.h>
#include <linux/nodemask.h>

#define MAX_LOCAL_APIC 32768		/* x86_64: APIC ids the CPU-to-node table can hold */
#define NR_NODE_MEMBLKS (MAX_NUMNODES * 2)

/*
 * Too small node sizes may confuse the VM badly: nodes under 4 MiB get no pg_data_t
 * (4.19's numa_register_memblks; the check was dropped in Linux 6.5).
 */
#define NODE_MIN_SIZE (4 * 1024 * 1024)

extern int numa_off;
extern s16 __apicid_to_node[MAX_LOCAL_APIC];
extern nodemask_t numa_nodes_parsed;

int numa_add_memblk(int nodeid, u64 start, u64 end);
void numa_set_distance(int from, int to, int distance);
int __node_distance(int from, int to);

static inline void set_apicid_to_node(int apicid, s16 node)
{
	__apicid_to_node[apicid] = node;
}

/* numa=fake=: NUMA emulation (arch/x86/mm/numa_emulation.c). */
#define FAKE_NODE_MIN_SIZE ((u64)32 << 20)
#define FAKE_NODE_MIN_HASH_MASK (~(FAKE_NODE_MIN_SIZE - 1UL))
void numa_emu_cmdline(char *str);

void init_cpu_to_node(void);

#endif
