/* Checkpoints: the kernel reports each finished phase; GDB stops at mm_checkpoint_reached(). */
#ifndef _MM_STEP_CHECKPOINT_H
#define _MM_STEP_CHECKPOINT_H

enum mm_checkpoint_id {
#define CHECKPOINT(name, per_node, file, phase, desc) CP_##name,
#include <mm_step/checkpoints.def>
#undef CHECKPOINT
	NR_MM_CHECKPOINTS
};

struct mm_checkpoint {
	const char *name;
	int per_node;
	const char *linux_file;
	const char *seed_phase;
	const char *description;
};

extern const struct mm_checkpoint mm_checkpoints[NR_MM_CHECKPOINTS];

/* The serial line of each stop (gdb/mm_step/checkpoints.py reads these two formats too). */
#define MM_CHECKPOINT_LINE "mm-step: checkpoint %d/%d %s"
#define MM_CHECKPOINT_NODE " (node %d)"

/* Report that phase @id has finished (for node @nid, or -1), then let GDB stop. */
void mm_checkpoint(enum mm_checkpoint_id id, int nid);

#endif
