/* initmem_init on x86_64 NUMA (arch/x86/mm/numa_64.c): the nodes, then the phase checkpoint. */
#include <linux/kernel.h>
#include <asm/setup.h>
#include <mm_step/checkpoint.h>
#include "numa_internal.h"

void initmem_init(void)
{
	x86_numa_init();
	mm_checkpoint(CP_numa_init, -1);
}
