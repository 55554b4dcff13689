/*
 * start_kernel, cut down to the memory-management initialisation it does at boot.
 * Read it as the boot script: each call is one phase; the checkpoints follow Linux's order.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <asm/bootparam.h>
#include <asm/setup.h>
#include <asm/mm_step.h>

static char command_line[COMMAND_LINE_SIZE];

/* Run every early_param() handler whose name is on the command line (init/main.c: do_early_param). */
void parse_early_param(void)
{
	extern const struct obs_kernel_param __setup_start[], __setup_end[];
	char *p = command_line;

	strlcpy(command_line, boot_command_line, sizeof(command_line));
	while (*p) {
		char *param, *val = NULL;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		param = p;
		while (*p && *p != ' ') {
			if (*p == '=' && !val) {
				*p = '\0';
				val = p + 1;
			}
			p++;
		}
		if (*p)
			*p++ = '\0';
		for (const struct obs_kernel_param *kp = __setup_start; kp < __setup_end; kp++)
			if (kp->early && !strcmp(param, kp->str))
				kp->setup_func(val);
	}
}

void start_kernel(void)
{
	pr_notice("mm-step: Linux 4.19 x86_64 boot-time memory initialisation, replayed\n");
	setup_arch();			/* e820 -> memblock, NUMA, paging_init: sparse memory and zones */
	pr_notice("Kernel command line: %s\n", boot_command_line);
	build_all_zonelists(NULL);	/* each node's fallback order; "Built N zonelists" */
	mem_init();			/* free_all_bootmem: free memory goes to the buddy allocator */
	show_mem_proc_files();		/* /proc/zoneinfo, buddyinfo, pagetypeinfo, as Linux prints them */
	mm_step_exit(MM_STEP_EXIT_DONE);
}
