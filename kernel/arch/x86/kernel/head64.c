/* The first C code: clear .bss, catch exceptions, take the boot parameters, start the kernel. */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/sections.h>
#include <asm/bootparam.h>

void idt_setup_early_handler(void);
void init_pvh_bootparams(u32 start_info_pa);
void start_kernel(void);

char boot_command_line[COMMAND_LINE_SIZE];

void x86_64_start_kernel(u32 start_info_pa)
{
	memset(__bss_start, 0, __bss_stop - __bss_start);	/* clear_bss() */
	idt_setup_early_handler();
	init_pvh_bootparams(start_info_pa);
	start_kernel();
}
