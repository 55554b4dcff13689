/*
 * The checkpoint mechanism. GDB puts a hardware breakpoint on mm_checkpoint_reached (hardware,
 * so that nothing the kernel writes can remove it) and reads mm_checkpoint_current and
 * mm_checkpoint_nid to know where it stopped. The serial log gets one line per checkpoint.
 */
#include <linux/kernel.h>
#include <linux/nodemask.h>
#include <mm_step/checkpoint.h>

const struct mm_checkpoint mm_checkpoints[NR_MM_CHECKPOINTS] = {
#define CHECKPOINT(name, per_node, file, phase, desc) { #name, per_node, file, phase, desc },
#include <mm_step/checkpoints.def>
#undef CHECKPOINT
};

volatile int mm_checkpoint_current = -1;
volatile int mm_checkpoint_nid = -1;
volatile unsigned long mm_checkpoint_count;	/* stops so far, counting each node's */

/*
 * What exists at a stop, as the kernel itself records it for GDB: how often each phase has
 * finished, and for a per-node phase the nodes that have passed it. Nodes are not visited in
 * nid order (a memoryless node comes last, from init_memory_less_node), so GDB cannot infer this.
 */
unsigned long mm_checkpoint_passes[NR_MM_CHECKPOINTS];
nodemask_t mm_checkpoint_nodes[NR_MM_CHECKPOINTS];

noinline void mm_checkpoint_reached(void)
{
	barrier();
}

void mm_checkpoint(enum mm_checkpoint_id id, int nid)
{
	mm_checkpoint_current = id;
	mm_checkpoint_nid = nid;
	mm_checkpoint_count++;
	mm_checkpoint_passes[id]++;
	if (nid >= 0)
		node_set(nid, mm_checkpoint_nodes[id]);
	if (nid >= 0)
		printk(KERN_INFO MM_CHECKPOINT_LINE MM_CHECKPOINT_NODE "\n", id + 1, NR_MM_CHECKPOINTS,
		       mm_checkpoints[id].name, nid);
	else
		printk(KERN_INFO MM_CHECKPOINT_LINE "\n", id + 1, NR_MM_CHECKPOINTS,
		       mm_checkpoints[id].name);
	mm_checkpoint_reached();
}
