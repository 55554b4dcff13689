/* Hibernation's nosave regions, as include/linux/suspend.h (CONFIG_HIBERNATION). */
#ifndef _LINUX_SUSPEND_H
#define _LINUX_SUSPEND_H

void __register_nosave_region(unsigned long start_pfn, unsigned long end_pfn, int use_kmalloc);

static inline void register_nosave_region(unsigned long b, unsigned long e)
{
	__register_nosave_region(b, e, 0);
}

#endif
