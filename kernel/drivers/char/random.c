/*
 * drivers/char/random.c, the one part boot shows before rand_initialize(): a request for random
 * bytes while the CRNG has no entropy yet is reported once, naming its caller. In Linux that
 * request is boot_init_stack_canary()'s, in start_kernel; the replay has neither stack protector
 * nor entropy pool, so it replays the report only (init/main.c).
 */
#include <linux/kernel.h>
#include <linux/random.h>

static int crng_init;	/* 0: nothing seeds the CRNG before rand_initialize() */

void warn_unseeded_randomness(const char *func_name, void *caller)
{
	static bool print_once;	/* !CONFIG_WARN_ALL_UNSEEDED_RANDOM */

	if (print_once || crng_init > 1)
		return;
	print_once = true;
	printk(KERN_NOTICE "random: %s called from %pS with crng_init=%d\n", func_name, caller,
	       crng_init);
}
