/* The boot-time ACPI table interface, as include/linux/acpi.h in Linux 4.19 (CONFIG_ACPI_NUMA). */
#ifndef _LINUX_ACPI_H
#define _LINUX_ACPI_H
#include <linux/kernel.h>
#include <acpi/actbl.h>
#include <acpi/acpi_numa.h>
#include <asm/acpi.h>

typedef int (*acpi_tbl_table_handler)(struct acpi_table_header *table);
typedef int (*acpi_tbl_entry_handler)(struct acpi_subtable_header *header, const unsigned long end);

/* One subtable type to look for in acpi_table_parse_entries_array, with its handler. */
struct acpi_subtable_proc {
	int id;
	acpi_tbl_entry_handler handler;
	int count;
};

int acpi_table_init(void);
int acpi_locate_initial_tables(void);
void acpi_reserve_initial_tables(void);
int acpi_table_parse(char *id, acpi_tbl_table_handler handler);
int acpi_table_parse_entries(char *id, unsigned long table_size, int entry_id,
			     acpi_tbl_entry_handler handler, unsigned int max_entries);
int acpi_table_parse_entries_array(char *id, unsigned long table_size,
				   struct acpi_subtable_proc *proc, int proc_num,
				   unsigned int max_entries);

/* NUMA from the SRAT and SLIT (drivers/acpi/numa.c, arch/x86/mm/srat.c). */
extern int acpi_numa;
int acpi_numa_init(void);
int srat_disabled(void);
void bad_srat(void);
void acpi_numa_slit_init(struct acpi_table_slit *slit);
void acpi_numa_processor_affinity_init(struct acpi_srat_cpu_affinity *pa);
void acpi_numa_x2apic_affinity_init(struct acpi_srat_x2apic_cpu_affinity *pa);
int acpi_numa_memory_affinity_init(struct acpi_srat_mem_affinity *ma);

#endif
