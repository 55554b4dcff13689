/* The ACPICA entry points the early boot code calls, as include/acpi/acpixf.h. */
#ifndef __ACXFACE_H__
#define __ACXFACE_H__
#include <acpi/actbl.h>

#define ACPI_CA_VERSION 0x20180810	/* the ACPICA release in Linux 4.19 */
#define ACPI_MAX_TABLES 128		/* drivers/acpi/tables.c: initial_tables[] */

typedef u64 acpi_physical_address;
typedef int acpi_status;
#define AE_OK 0
#define AE_NOT_FOUND 1
#define AE_NO_MEMORY 2
#define AE_BAD_SIGNATURE 3
#define AE_BAD_CHECKSUM 4
#define AE_INVALID_TABLE_LENGTH 5
#define ACPI_FAILURE(s) ((s) != AE_OK)
#define ACPI_SUCCESS(s) ((s) == AE_OK)

/* One installed table: where it is and how long (drivers/acpi/acpica/actbl.h: acpi_table_desc). */
struct acpi_table_desc {
	acpi_physical_address address;
	struct acpi_table_header *pointer;
	u32 length;
	char signature[ACPI_NAME_SIZE];
};

/* The tables found through the RSDT/XSDT, in their order (acpi_gbl_root_table_list). */
struct acpi_table_list {
	struct acpi_table_desc *tables;
	u32 current_table_count;
	u32 max_table_count;
};
extern struct acpi_table_list acpi_gbl_root_table_list;
extern u8 acpi_gbl_enable_table_validation;

acpi_status acpi_initialize_tables(struct acpi_table_desc *initial_storage, u32 initial_table_count,
				   u8 allow_resize);
acpi_status acpi_get_table(char *signature, u32 instance, struct acpi_table_header **out_table);
acpi_status acpi_find_root_pointer(acpi_physical_address *rsdp_address);

/* drivers/acpi/osl.c: the OS services ACPICA uses. */
acpi_physical_address acpi_os_get_root_pointer(void);
void *acpi_os_map_memory(acpi_physical_address phys, u64 size);

#endif
