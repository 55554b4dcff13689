/*
 * The FADT (signature "FACP") is the one table that points to others: the DSDT and the FACS,
 * which are installed right after it (drivers/acpi/acpica/tbfadt.c: acpi_tb_parse_fadt). The
 * 64-bit X_ fields exist only in a long enough FADT and win when set.
 */
#include "actables.h"

ACPI_MODULE_NAME("tbfadt")

void acpi_tb_parse_fadt(void)
{
	struct acpi_table_list *list = &acpi_gbl_root_table_list;
	struct acpi_table_desc *fadt_desc = &list->tables[list->current_table_count - 1];
	struct acpi_table_fadt *fadt = (struct acpi_table_fadt *)fadt_desc->pointer;
	u32 length = fadt_desc->length;
	acpi_physical_address dsdt = 0, facs = 0;
	u32 index;

	if (length >= offsetof(struct acpi_table_fadt, facs) + sizeof(fadt->facs))
		facs = fadt->facs;
	if (length >= offsetof(struct acpi_table_fadt, dsdt) + sizeof(fadt->dsdt))
		dsdt = fadt->dsdt;
	if (length >= offsetof(struct acpi_table_fadt, Xfacs) + sizeof(fadt->Xfacs) && fadt->Xfacs)
		facs = fadt->Xfacs;
	if (length >= offsetof(struct acpi_table_fadt, Xdsdt) + sizeof(fadt->Xdsdt) && fadt->Xdsdt)
		dsdt = fadt->Xdsdt;

	if (dsdt)
		acpi_tb_install_standard_table(dsdt, &index);
	if (facs)
		acpi_tb_install_standard_table(facs, &index);
}
