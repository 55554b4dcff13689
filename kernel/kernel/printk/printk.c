/*
 * printk: format, drop the KERN_<level> prefix, and write to the serial console with the
 * "[    0.000000] " stamp that Linux puts on every line this early in boot (the clock is not
 * running yet), so that our log lines up with a real dmesg. KERN_CONT continues a line.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>

static bool line_open;

int vprintk(const char *fmt, va_list args)
{
	char buf[1024];
	const char *text = buf;
	bool cont = false;
	int printed, n;

	printed = n = vsnprintf(buf, sizeof(buf), fmt, args);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	while (text[0] == KERN_SOH[0] && text[1]) {
		cont |= text[1] == 'c';
		text += 2;
		n -= 2;
	}
	if (line_open && !cont) {
		early_console_write("\n", 1);
		line_open = false;
	}
	while (n > 0) {
		const char *nl = memchr(text, '\n', n);
		int len = nl ? (int)(nl - text) + 1 : n;

		if (!line_open)
			early_console_write("[    0.000000] ", 15);
		early_console_write(text, len);
		line_open = !nl;
		text += len;
		n -= len;
	}
	return printed;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}

/*
 * ignore_loglevel: Linux then shows every level on the console and says so. The replay's console
 * always shows every level (linux/printk.h), so the option only prints Linux's line.
 */
static int ignore_loglevel_setup(char *str)
{
	pr_info("debug: ignoring loglevel setting.\n");
	return 0;
}
early_param("ignore_loglevel", ignore_loglevel_setup);
