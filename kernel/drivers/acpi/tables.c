/*
 * Boot-time table parsing (drivers/acpi/tables.c): find the tables once, then let each user
 * look one up by signature (acpi_table_parse) or walk its subtables by type
 * (acpi_table_parse_entries), as the SRAT parser does.
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/acpi.h>
#include <linux/memblock.h>
#include <acpi/acpixf.h>

static struct acpi_table_desc initial_tables[ACPI_MAX_TABLES];
int acpi_verify_table_checksum;	/* acpi_force_table_verification */

/* acpi_force_table_verification: check every table's checksum at boot, not only the root's. */
static int acpi_force_table_verification_setup(char *s)
{
	acpi_verify_table_checksum = 1;
	return 0;
}
early_param("acpi_force_table_verification", acpi_force_table_verification_setup);

/*
 * Walk the subtables that follow a table's fixed part (@table_size bytes) and hand each whose
 * type is in @proc to its handler. A subtable of length 0 stops the walk (it would loop
 * forever). Returns the number of matching subtables, or -EINVAL if a handler failed.
 */
static int acpi_parse_entries_array(char *id, unsigned long table_size,
				    struct acpi_table_header *table_header,
				    struct acpi_subtable_proc *proc, int proc_num,
				    unsigned int max_entries)
{
	struct acpi_subtable_header *entry;
	unsigned long table_end;
	int count = 0;
	int errs = 0;
	int i;

	if (acpi_disabled)
		return -ENODEV;
	if (!id || !table_size)
		return -EINVAL;
	if (!table_header) {
		pr_warn("%4.4s not present\n", id);
		return -ENODEV;
	}

	table_end = (unsigned long)table_header + table_header->length;
	entry = (struct acpi_subtable_header *)((unsigned long)table_header + table_size);

	while ((unsigned long)entry + sizeof(struct acpi_subtable_header) < table_end) {
		if (max_entries && count >= max_entries)
			break;

		for (i = 0; i < proc_num; i++) {
			if (entry->type != proc[i].id)
				continue;
			/* after the first failure, matching entries are counted as errors, unhandled */
			if (!proc[i].handler || (!errs && proc[i].handler(entry, table_end))) {
				errs++;
				continue;
			}
			proc[i].count++;
			break;
		}
		if (i != proc_num)
			count++;

		if (entry->length == 0) {
			pr_err("[%4.4s:0x%02x] Invalid zero length\n", id, proc->id);
			return -EINVAL;
		}
		entry = (struct acpi_subtable_header *)((unsigned long)entry + entry->length);
	}

	if (max_entries && count > max_entries)
		pr_warn("[%4.4s:0x%02x] found the maximum %i entries\n", id, proc->id, count);

	return errs ? -EINVAL : count;
}

int acpi_table_parse_entries_array(char *id, unsigned long table_size,
				   struct acpi_subtable_proc *proc, int proc_num,
				   unsigned int max_entries)
{
	struct acpi_table_header *table_header = NULL;

	if (acpi_disabled)
		return -ENODEV;
	if (!id)
		return -EINVAL;

	acpi_get_table(id, 0, &table_header);
	if (!table_header) {
		pr_warn("%4.4s not present\n", id);
		return -ENODEV;
	}
	return acpi_parse_entries_array(id, table_size, table_header, proc, proc_num, max_entries);
}

int acpi_table_parse_entries(char *id, unsigned long table_size, int entry_id,
			     acpi_tbl_entry_handler handler, unsigned int max_entries)
{
	struct acpi_subtable_proc proc = { .id = entry_id, .handler = handler };

	return acpi_table_parse_entries_array(id, table_size, &proc, 1, max_entries);
}

/* Run @handler on the first table with signature @id; -ENODEV if there is none. */
int acpi_table_parse(char *id, acpi_tbl_table_handler handler)
{
	struct acpi_table_header *table = NULL;

	if (acpi_disabled)
		return -ENODEV;
	if (!id || !handler)
		return -EINVAL;

	acpi_get_table(id, 0, &table);
	if (!table)
		return -ENODEV;
	handler(table);
	return 0;
}

/*
 * Find the RSDP and install every table the RSDT/XSDT names (4.19: acpi_table_init; 6.1 calls
 * the same step acpi_locate_initial_tables).
 */
int acpi_table_init(void)
{
	if (acpi_verify_table_checksum) {
		pr_info("Early table checksum verification enabled\n");
		acpi_gbl_enable_table_validation = 1;
	} else {
		pr_info("Early table checksum verification disabled\n");
		acpi_gbl_enable_table_validation = 0;
	}

	if (ACPI_FAILURE(acpi_initialize_tables(initial_tables, ACPI_MAX_TABLES, 0)))
		return -EINVAL;
	return 0;
}

/*
 * Linux 6.1 (not 4.19) then reserves the tables in memblock so that nothing allocated early
 * overwrites them, and says so for each: the oracle prints these lines.
 */
void acpi_reserve_initial_tables(void)
{
	for (int i = 0; i < ACPI_MAX_TABLES; i++) {
		struct acpi_table_desc *table_desc = &initial_tables[i];
		u64 start = table_desc->address;
		u64 size = table_desc->length;

		if (!start || !size)
			break;
		pr_info("Reserving %.4s table memory at [mem 0x%llx-0x%llx]\n",
			table_desc->signature, start, start + size - 1);
		memblock_reserve(start, size);
	}
}
