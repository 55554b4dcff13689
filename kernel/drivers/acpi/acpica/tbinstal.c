/*
 * The root table list (drivers/acpi/acpica/tbinstal.c, tbdata.c): each table named by the
 * RSDT/XSDT or the FADT is recorded with its address, length and signature, then printed.
 * The early list has a fixed size (ACPI_MAX_TABLES); tables beyond it are not installed.
 */
#include <linux/string.h>
#include "actables.h"

ACPI_MODULE_NAME("tbinstal")

struct acpi_table_list acpi_gbl_root_table_list;
u8 acpi_gbl_enable_table_validation;	/* acpi_force_table_verification */

acpi_status acpi_tb_install_standard_table(acpi_physical_address address, u32 *table_index)
{
	struct acpi_table_list *list = &acpi_gbl_root_table_list;
	struct acpi_table_header *header = acpi_os_map_memory(address, sizeof(*header));
	struct acpi_table_desc *desc;

	if (!header) {
		ACPI_ERROR("Could not acquire table length at %8.8X%8.8X",
			   (u32)(address >> 32), (u32)address);
		return AE_NO_MEMORY;
	}
	/* acpi_tb_acquire_table maps the whole table: a zero length, or memory the map does not
	 * reach, makes the table unusable, and it is skipped */
	if (!acpi_os_map_memory(address, header->length))
		return AE_NO_MEMORY;

	/* Only with acpi_force_table_verification are early checksums checked (and only reported) */
	if (acpi_gbl_enable_table_validation)
		acpi_tb_verify_checksum(header, header->length);

	if (list->current_table_count >= list->max_table_count)
		return AE_NO_MEMORY;	/* the early list cannot grow */

	*table_index = list->current_table_count++;
	desc = &list->tables[*table_index];
	desc->address = address;
	desc->pointer = header;
	desc->length = header->length;
	memcpy(desc->signature, header->signature, ACPI_NAME_SIZE);
	acpi_tb_print_table_header(address, header);
	return AE_OK;
}
