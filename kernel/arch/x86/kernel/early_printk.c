/* The serial console: COM1 at 0x3f8, polled, as early_serial_console / earlyprintk=serial. */
#include <linux/kernel.h>
#include <asm/io.h>
#include <asm/mm_step.h>

#define COM1 0x3f8
#define LSR 5
#define LSR_THRE 0x20

void early_console_write(const char *s, unsigned int n)
{
	for (; n; n--, s++) {
		if (*s == '\n')
			early_console_write("\r", 1);
		while (!(inb(COM1 + LSR) & LSR_THRE))
			;
		outb(*s, COM1);
	}
}

void mm_step_exit(unsigned int code)
{
	outl(code, MM_STEP_EXIT_PORT);
	for (;;)	/* only reached if QEMU has no isa-debug-exit device */
		__asm__ __volatile__("cli; hlt");
}
