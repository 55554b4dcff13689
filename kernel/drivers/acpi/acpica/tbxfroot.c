/*
 * Finding the RSDP without help (drivers/acpi/acpica/tbxfroot.c): the firmware leaves it on a
 * 16-byte boundary in the first KiB of the EBDA or in the BIOS area 0xE0000-0xFFFFF, and it is
 * recognised by its signature and checksums.
 */
#include <linux/string.h>
#include "actables.h"

ACPI_MODULE_NAME("tbxfroot")

acpi_status acpi_tb_validate_rsdp(struct acpi_table_rsdp *rsdp)
{
	if (!ACPI_VALIDATE_RSDP_SIG(rsdp->signature))
		return AE_BAD_SIGNATURE;
	/* ACPI 1.0 part: the first 20 bytes */
	if (acpi_tb_checksum((u8 *)rsdp, ACPI_RSDP_CHECKSUM_LENGTH) != 0)
		return AE_BAD_CHECKSUM;
	/* ACPI 2.0+: the extended checksum covers all 36 bytes */
	if (rsdp->revision >= 2 && acpi_tb_checksum((u8 *)rsdp, ACPI_RSDP_XCHECKSUM_LENGTH) != 0)
		return AE_BAD_CHECKSUM;
	return AE_OK;
}

/* The first valid RSDP in [start, start + length), or NULL. */
static u8 *acpi_tb_scan_memory_for_rsdp(u8 *start, u32 length)
{
	for (u8 *rover = start; rover < start + length; rover += ACPI_RSDP_SCAN_STEP)
		if (acpi_tb_validate_rsdp((struct acpi_table_rsdp *)rover) == AE_OK)
			return rover;
	return NULL;
}

acpi_status acpi_find_root_pointer(acpi_physical_address *table_address)
{
	u16 *ebda_ptr = acpi_os_map_memory(ACPI_EBDA_PTR_LOCATION, 2);
	u32 physical_address = (u32)*ebda_ptr << 4;
	u8 *mem_rover;

	/* 1) The first KiB of the Extended BIOS Data Area, if there is one */
	if (physical_address > 0x400) {
		u8 *table_ptr = acpi_os_map_memory(physical_address, ACPI_EBDA_WINDOW_SIZE);

		mem_rover = acpi_tb_scan_memory_for_rsdp(table_ptr, ACPI_EBDA_WINDOW_SIZE);
		if (mem_rover) {
			*table_address = physical_address + (mem_rover - table_ptr);
			return AE_OK;
		}
	}

	/* 2) The BIOS read-only area 0xE0000-0xFFFFF */
	{
		u8 *table_ptr = acpi_os_map_memory(ACPI_HI_RSDP_WINDOW_BASE, ACPI_HI_RSDP_WINDOW_SIZE);

		mem_rover = acpi_tb_scan_memory_for_rsdp(table_ptr, ACPI_HI_RSDP_WINDOW_SIZE);
		if (mem_rover) {
			*table_address = ACPI_HI_RSDP_WINDOW_BASE + (mem_rover - table_ptr);
			return AE_OK;
		}
	}

	ACPI_BIOS_ERROR("A valid RSDP was not found");
	return AE_NOT_FOUND;
}
