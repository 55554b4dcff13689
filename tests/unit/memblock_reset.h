/*
 * memblock as the kernel starts: the global as first seen (cnt 1, the "empty dummy entry",
 * top-down, no limit) and its static region arrays emptied. Call before each test.
 */
#ifndef MEMBLOCK_RESET_H
#define MEMBLOCK_RESET_H
#include <string.h>
#include <linux/memblock.h>


static inline void memblock_reset(void)
{
	static struct memblock initial;
	static int saved;

	if (!saved) {
		initial = memblock;
		saved = 1;
	}
	memset(initial.memory.regions, 0, INIT_MEMBLOCK_REGIONS * sizeof(struct memblock_region));
	memset(initial.reserved.regions, 0, INIT_MEMBLOCK_REGIONS * sizeof(struct memblock_region));
	memblock = initial;
	memblock_debug = 0;
}

#endif
