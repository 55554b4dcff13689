/* struct resource, as include/linux/ioport.h: a range in the iomem or ioport tree (64 bytes). */
#ifndef _LINUX_IOPORT_H
#define _LINUX_IOPORT_H
#include <linux/types.h>

struct resource {
	u64 start;
	u64 end;
	const char *name;
	unsigned long flags;
	unsigned long desc;
	struct resource *parent, *sibling, *child;
};

#endif
