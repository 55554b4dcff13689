#ifndef _LINUX_MM_H
#define _LINUX_MM_H
#include <linux/kernel.h>
#include <asm/page.h>

struct pglist_data;
void build_all_zonelists(struct pglist_data *pgdat);	/* mm/page_alloc.c */
void show_mem_proc_files(void);				/* mm/vmstat.c: the /proc files, printed */

#endif
