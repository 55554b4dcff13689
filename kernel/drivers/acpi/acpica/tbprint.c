/*
 * Table checksums and the "ACPI: XXXX 0x... (v01 ...)" line printed for every table found
 * (drivers/acpi/acpica/tbprint.c).
 */
#include <linux/string.h>
#include "actables.h"

ACPI_MODULE_NAME("tbprint")

/* The firmware's strings are not NUL-terminated and may hold anything: print '?' for junk. */
static void acpi_tb_fix_string(char *string, u32 length)
{
	for (u32 i = 0; i < length && string[i]; i++)
		if (string[i] < 0x20 || string[i] > 0x7e)
			string[i] = '?';
}

/* A NUL-terminated copy of each header string, for printing. */
struct acpi_printable_header {
	char signature[ACPI_NAME_SIZE + 1];
	char oem_id[ACPI_OEM_ID_SIZE + 1];
	char oem_table_id[ACPI_OEM_TABLE_ID_SIZE + 1];
	char asl_compiler_id[ACPI_NAME_SIZE + 1];
};

#define COPY_FIXED(dst, src) do {				\
	memcpy((dst), (src), sizeof(src));			\
	(dst)[sizeof(src)] = '\0';				\
	acpi_tb_fix_string((dst), sizeof(src));			\
} while (0)

void acpi_tb_print_table_header(acpi_physical_address address, struct acpi_table_header *header)
{
	struct acpi_printable_header h;

	if (ACPI_COMPARE_NAME(header->signature, ACPI_SIG_FACS)) {
		/* The FACS has only a signature and a length */
		COPY_FIXED(h.signature, header->signature);
		ACPI_INFO("%-4.4s 0x%8.8X%8.8X %06X", h.signature, (u32)(address >> 32), (u32)address,
			  header->length);
	} else if (ACPI_VALIDATE_RSDP_SIG(header->signature)) {
		/* The RSDP has no common header: its length exists from revision 2 on */
		struct acpi_table_rsdp *rsdp = (struct acpi_table_rsdp *)header;

		COPY_FIXED(h.oem_id, rsdp->oem_id);
		ACPI_INFO("RSDP 0x%8.8X%8.8X %06X (v%.2d %-6.6s)", (u32)(address >> 32), (u32)address,
			  rsdp->revision > 0 ? rsdp->length : 20, rsdp->revision, h.oem_id);
	} else {
		COPY_FIXED(h.signature, header->signature);
		COPY_FIXED(h.oem_id, header->oem_id);
		COPY_FIXED(h.oem_table_id, header->oem_table_id);
		COPY_FIXED(h.asl_compiler_id, header->asl_compiler_id);
		ACPI_INFO("%-4.4s 0x%8.8X%8.8X %06X (v%.2d %-6.6s %-8.8s %08X %-4.4s %08X)",
			  h.signature, (u32)(address >> 32), (u32)address, header->length,
			  header->revision, h.oem_id, h.oem_table_id, header->oem_revision,
			  h.asl_compiler_id, header->asl_compiler_revision);
	}
}

u8 acpi_tb_checksum(const u8 *buffer, u32 length)
{
	u8 sum = 0;

	for (u32 i = 0; i < length; i++)
		sum += buffer[i];
	return sum;
}

/*
 * A wrong checksum is only reported: ACPICA is built with ACPI_CHECKSUM_ABORT off, so the
 * table is used anyway, as Linux does.
 */
acpi_status acpi_tb_verify_checksum(struct acpi_table_header *table, u32 length)
{
	u8 checksum;

	/* The FACS has no checksum */
	if (ACPI_COMPARE_NAME(table->signature, ACPI_SIG_FACS))
		return AE_OK;

	checksum = acpi_tb_checksum((u8 *)table, length);
	if (checksum) {
		char sig[ACPI_NAME_SIZE + 1];

		COPY_FIXED(sig, table->signature);
		ACPI_BIOS_WARNING("Incorrect checksum in table [%4.4s] - 0x%2.2X, should be 0x%2.2X",
				  sig, table->checksum, (u8)(table->checksum - checksum));
	}
	return AE_OK;
}
