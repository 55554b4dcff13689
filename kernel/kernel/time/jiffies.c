/*
 * register_refined_jiffies(CLOCK_TICK_RATE) (kernel/time/jiffies.c), at the end of setup_arch:
 * the first clocksource, jiffies counted at the PIT's rate. Nothing reads it in the replay; the
 * line is printed only because Linux prints it here. Its numbers are constants of jiffies in the
 * reference build (CONFIG_HZ=1000, CLOCK_TICK_RATE 1193182, a 32-bit mask), as
 * __clocksource_register_scale derives them from the mask, mult and shift.
 */
#define pr_fmt(fmt) "clocksource: " fmt

#include <linux/kernel.h>
#include <asm/setup.h>

#define REFINED_JIFFIES_MASK 0xffffffffULL		/* CLOCKSOURCE_MASK(32) */
#define REFINED_JIFFIES_MAX_IDLE_NS 1910969940391419LL	/* clocks_calc_max_nsecs() */

void register_refined_jiffies(void)
{
	pr_info("%s: mask: 0x%llx max_cycles: 0x%llx, max_idle_ns: %lld ns\n", "refined-jiffies",
		REFINED_JIFFIES_MASK, REFINED_JIFFIES_MASK, REFINED_JIFFIES_MAX_IDLE_NS);
}
