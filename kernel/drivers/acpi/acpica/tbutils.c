/*
 * Walking the root table (drivers/acpi/acpica/tbutils.c: acpi_tb_parse_root_table): the RSDP
 * points to the RSDT (32-bit entries) and, from ACPI 2.0, to the XSDT (64-bit entries), which
 * is preferred. Every non-null entry is installed in the root table list and printed.
 */
#include <linux/string.h>
#include "actables.h"

ACPI_MODULE_NAME("tbutils")

static acpi_physical_address acpi_tb_get_root_table_entry(u8 *table_entry, u32 table_entry_size)
{
	u64 address64;
	u32 address32;

	if (table_entry_size == ACPI_RSDT_ENTRY_SIZE) {
		memcpy(&address32, table_entry, sizeof(address32));	/* entries are unaligned */
		return address32;
	}
	memcpy(&address64, table_entry, sizeof(address64));
	return address64;
}

acpi_status acpi_tb_parse_root_table(acpi_physical_address rsdp_address)
{
	struct acpi_table_rsdp *rsdp;
	struct acpi_table_header *table;
	acpi_physical_address address;
	u32 table_entry_size, table_count, length;
	u8 *table_entry;

	rsdp = acpi_os_map_memory(rsdp_address, sizeof(*rsdp));
	if (!rsdp)
		return AE_NO_MEMORY;
	acpi_tb_print_table_header(rsdp_address, (struct acpi_table_header *)rsdp);

	/* The XSDT if the RSDP is ACPI 2.0+ and has one, else the RSDT */
	if (rsdp->revision > 1 && rsdp->xsdt_physical_address) {
		address = rsdp->xsdt_physical_address;
		table_entry_size = ACPI_XSDT_ENTRY_SIZE;
	} else {
		address = rsdp->rsdt_physical_address;
		table_entry_size = ACPI_RSDT_ENTRY_SIZE;
	}

	table = acpi_os_map_memory(address, sizeof(*table));
	if (!table)
		return AE_NO_MEMORY;
	acpi_tb_print_table_header(address, table);

	length = table->length;
	if (length < sizeof(struct acpi_table_header) + table_entry_size) {
		ACPI_BIOS_ERROR("Invalid table length 0x%X in RSDT/XSDT", length);
		return AE_INVALID_TABLE_LENGTH;
	}

	if (!acpi_os_map_memory(address, length))
		return AE_NO_MEMORY;

	/* A wrong checksum of the root table is reported, not fatal */
	acpi_tb_verify_checksum(table, length);

	table_count = (length - sizeof(struct acpi_table_header)) / table_entry_size;
	table_entry = (u8 *)table + sizeof(struct acpi_table_header);
	for (u32 i = 0; i < table_count; i++, table_entry += table_entry_size) {
		u32 table_index;

		address = acpi_tb_get_root_table_entry(table_entry, table_entry_size);
		if (!address)
			continue;	/* null entries are skipped */
		if (acpi_tb_install_standard_table(address, &table_index) == AE_OK &&
		    ACPI_COMPARE_NAME(acpi_gbl_root_table_list.tables[table_index].signature, ACPI_SIG_FADT))
			acpi_tb_parse_fadt();	/* the FADT brings the DSDT and the FACS */
	}
	return AE_OK;
}
