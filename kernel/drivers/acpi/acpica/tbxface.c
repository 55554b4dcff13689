/*
 * ACPICA's table interface (drivers/acpi/acpica/tbxface.c): set up the root table list from
 * the RSDP, and look a table up by signature.
 */
#include <linux/string.h>
#include "actables.h"

ACPI_MODULE_NAME("tbxface")

acpi_status acpi_initialize_tables(struct acpi_table_desc *initial_storage, u32 initial_table_count,
				   u8 allow_resize)
{
	acpi_physical_address rsdp_address;

	acpi_gbl_root_table_list.tables = initial_storage;
	acpi_gbl_root_table_list.max_table_count = initial_table_count;
	acpi_gbl_root_table_list.current_table_count = 0;
	memset(initial_storage, 0, initial_table_count * sizeof(*initial_storage));

	rsdp_address = acpi_os_get_root_pointer();
	if (!rsdp_address)
		return AE_NOT_FOUND;
	return acpi_tb_parse_root_table(rsdp_address);
}

/* The instance-th table (0 and 1 both mean the first) with this signature. */
acpi_status acpi_get_table(char *signature, u32 instance, struct acpi_table_header **out_table)
{
	struct acpi_table_list *list = &acpi_gbl_root_table_list;
	u32 j = 0;

	*out_table = NULL;
	for (u32 i = 0; i < list->current_table_count; i++) {
		if (!ACPI_COMPARE_NAME(list->tables[i].signature, signature))
			continue;
		if (++j < instance)
			continue;
		*out_table = list->tables[i].pointer;
		return AE_OK;
	}
	return AE_NOT_FOUND;
}
