/* Integer logarithms, as include/linux/log2.h. */
#ifndef _LINUX_LOG2_H
#define _LINUX_LOG2_H
#include <linux/bitops.h>

static inline int ilog2(unsigned long n)
{
	return fls64(n) - 1;
}

static inline bool is_power_of_2(unsigned long n)
{
	return n != 0 && ((n & (n - 1)) == 0);
}

/* rounddown_pow_of_two(n): the largest power of two <= n (n > 0). */
static inline unsigned long rounddown_pow_of_two(unsigned long n)
{
	return 1UL << ilog2(n);
}

static inline unsigned long roundup_pow_of_two(unsigned long n)
{
	return 1UL << fls64(n - 1);
}

#endif
