/*
 * mm/mm_init.c (Linux 4.19, CONFIG_DEBUG_MEMORY_INIT): mminit_loglevel= and the page->flags
 * layout check, printed at mminit_loglevel >= MMINIT_TRACE.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>

enum mminit_level {
	MMINIT_WARNING,
	MMINIT_VERIFY,
	MMINIT_TRACE
};

static int mminit_loglevel;

#define mminit_dprintk(level, prefix, fmt, ...)						\
	do {										\
		if (level < mminit_loglevel)						\
			printk(level <= MMINIT_WARNING ? KERN_WARNING "mminit::" prefix " " fmt \
			       : KERN_DEBUG "mminit::" prefix " " fmt, ##__VA_ARGS__);	\
	} while (0)

void mminit_verify_pageflags_layout(void)
{
	int shift, width;
	unsigned long or_mask, add_mask;

	shift = 8 * sizeof(unsigned long);
	width = shift - SECTIONS_WIDTH - NODES_WIDTH - ZONES_WIDTH - LAST_CPUPID_WIDTH;
	mminit_dprintk(MMINIT_TRACE, "pageflags_layout_widths",
		       "Section %d Node %d Zone %d Lastcpupid %d Flags %d\n",
		       SECTIONS_WIDTH, NODES_WIDTH, ZONES_WIDTH, LAST_CPUPID_WIDTH, NR_PAGEFLAGS);
	mminit_dprintk(MMINIT_TRACE, "pageflags_layout_shifts",
		       "Section %d Node %d Zone %d Lastcpupid %d\n",
		       SECTIONS_SHIFT, NODES_SHIFT, ZONES_SHIFT, LAST_CPUPID_SHIFT);
	mminit_dprintk(MMINIT_TRACE, "pageflags_layout_pgshifts",
		       "Section %lu Node %lu Zone %lu Lastcpupid %lu\n",
		       0UL, (unsigned long)NODES_PGSHIFT, (unsigned long)ZONES_PGSHIFT,
		       (unsigned long)LAST_CPUPID_PGSHIFT);
	mminit_dprintk(MMINIT_TRACE, "pageflags_layout_nodezoneid", "Node/Zone ID: %lu -> %lu\n",
		       (unsigned long)(ZONEID_PGOFF + ZONEID_SHIFT), (unsigned long)ZONEID_PGOFF);
	mminit_dprintk(MMINIT_TRACE, "pageflags_layout_usage", "location: %d -> %d layout %d -> %d unused %d -> %d page-flags\n",
		       shift, width, width, NR_PAGEFLAGS, NR_PAGEFLAGS, 0);

	/* The fields must not overlap: OR and ADD of the masks agree only then. */
	or_mask = (ZONES_MASK << ZONES_PGSHIFT) | (NODES_MASK << NODES_PGSHIFT);
	add_mask = (ZONES_MASK << ZONES_PGSHIFT) + (NODES_MASK << NODES_PGSHIFT);
	BUG_ON(or_mask != add_mask);
}

static int set_mminit_loglevel(char *str)
{
	mminit_loglevel = str ? simple_strtol(str, NULL, 0) : 0;
	return 0;
}
early_param("mminit_loglevel", set_mminit_loglevel);
