/*
 * start_kernel, cut down to the memory-management initialisation it does at boot.
 * Read it as the boot script: each call is one phase; the checkpoints follow Linux's order.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/moduleparam.h>
#include <linux/mm.h>
#include <linux/bootmem.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <asm/bootparam.h>
#include <asm/setup.h>
#include <asm/mm_step.h>
#include <asm/cpu_entry_area.h>

/* Every early_param() whose name is @param gets @val; a handler's error is Linux's one line. */
static int do_early_param(char *param, char *val, const char *unused, void *arg)
{
	extern const struct obs_kernel_param __setup_start[], __setup_end[];

	for (const struct obs_kernel_param *p = __setup_start; p < __setup_end; p++)
		if (p->early && parameq(param, p->str) && p->setup_func(val) != 0)
			pr_warn("Malformed early option '%s'\n", param);
	/* words no early_param knows are for later stages: never an error here */
	return 0;
}

/* On a copy: next_arg cuts the words in place, and boot_command_line is printed later. */
void parse_early_param(void)
{
	static char tmp_cmdline[COMMAND_LINE_SIZE];

	strlcpy(tmp_cmdline, boot_command_line, COMMAND_LINE_SIZE);
	parse_args("early options", tmp_cmdline, NULL, do_early_param);
}

/* Copies of the command line: as given, for the initcalls, and for parameter parsing. */
static char *saved_command_line, *initcall_command_line, *static_command_line;

/* inlined, as gcc does in Linux: memblock=debug names start_kernel as the caller */
static __always_inline void setup_command_line(const char *command_line)
{
	saved_command_line = memblock_virt_alloc(strlen(boot_command_line) + 1, 0);
	initcall_command_line = memblock_virt_alloc(strlen(boot_command_line) + 1, 0);
	static_command_line = memblock_virt_alloc(strlen(command_line) + 1, 0);
	strlcpy(saved_command_line, boot_command_line, strlen(boot_command_line) + 1);
	strlcpy(static_command_line, command_line, strlen(command_line) + 1);
}

/*
 * boot_init_stack_canary(): Linux takes the stack protector's canary from get_random_bytes()
 * before the CRNG has any entropy, and random.c reports it. The replay has no stack protector:
 * only the report is replayed, naming start_kernel as Linux's does.
 */
static __always_inline void boot_init_stack_canary(void)
{
	warn_unseeded_randomness("get_random_bytes", (void *)_THIS_IP_);
}

void start_kernel(void)
{
	pr_notice("mm-step: Linux 4.19 x86_64 boot-time memory initialisation, replayed\n");
	setup_arch();			/* e820 -> memblock, NUMA, paging_init: sparse memory and zones */
	boot_init_stack_canary();
	setup_command_line(boot_command_line);
	setup_per_cpu_areas();		/* the per-cpu first chunk, a unit per possible CPU */
	build_all_zonelists(NULL);	/* each node's fallback order; "Built N zonelists" */
	pr_notice("Kernel command line: %s\n", boot_command_line);
	trap_init();			/* the cpu_entry_areas' page tables */
	mem_init();			/* free_all_bootmem: free memory goes to the buddy allocator */
	show_mem_proc_files();		/* /proc/zoneinfo, buddyinfo, pagetypeinfo, as Linux prints them */
	mm_step_exit(MM_STEP_EXIT_DONE);
}
