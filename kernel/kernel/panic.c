/* panic: one clear line, then leave QEMU with a non-zero status. Never a hang. */
#include <linux/kernel.h>
#include <asm/mm_step.h>

void panic(const char *fmt, ...)
{
	char buf[512];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", buf);
	mm_step_exit(MM_STEP_EXIT_PANIC);
}
