/*
 * ACPICA's table manager, cut down to what early boot needs: find the RSDP, walk the RSDT or
 * XSDT, keep a list of the tables, print each one. Internal to drivers/acpi/acpica, as
 * actables.h, with the message macros of acoutput.h.
 */
#ifndef __ACTABLES_H__
#define __ACTABLES_H__
#include <linux/kernel.h>
#include <acpi/acpixf.h>

/* Where the RSDP may be (acpi_find_root_pointer). */
#define ACPI_EBDA_PTR_LOCATION 0x0000040E	/* the BIOS data area word: EBDA segment */
#define ACPI_EBDA_WINDOW_SIZE 1024
#define ACPI_HI_RSDP_WINDOW_BASE 0x000E0000
#define ACPI_HI_RSDP_WINDOW_SIZE 0x00020000
#define ACPI_RSDP_SCAN_STEP 16

/*
 * ACPICA's messages. Each file names itself with ACPI_MODULE_NAME; warnings and errors end
 * with " (ACPICA version/module-line)". The line is this file's, not ACPICA's.
 */
#define ACPI_MODULE_NAME(name) static const char _acpi_module_name[] __maybe_unused = name;
#define ACPI_MSG_SUFFIX_FMT " (%8.8X/%s-%u)\n"
#define ACPI_INFO(fmt, ...) printk(KERN_INFO "ACPI: " fmt "\n", ##__VA_ARGS__)
#define ACPI_ERROR(fmt, ...) printk(KERN_ERR "ACPI Error: " fmt ACPI_MSG_SUFFIX_FMT, \
	##__VA_ARGS__, ACPI_CA_VERSION, _acpi_module_name, __LINE__)
#define ACPI_BIOS_ERROR(fmt, ...) printk(KERN_ERR "ACPI BIOS Error (bug): " fmt ACPI_MSG_SUFFIX_FMT, \
	##__VA_ARGS__, ACPI_CA_VERSION, _acpi_module_name, __LINE__)
#define ACPI_BIOS_WARNING(fmt, ...) printk(KERN_WARNING "ACPI BIOS Warning (bug): " fmt ACPI_MSG_SUFFIX_FMT, \
	##__VA_ARGS__, ACPI_CA_VERSION, _acpi_module_name, __LINE__)

#define ACPI_COMPARE_NAME(a, b) (!memcmp((a), (b), ACPI_NAME_SIZE))
#define ACPI_VALIDATE_RSDP_SIG(a) (!memcmp((a), ACPI_SIG_RSDP, 8))

/* tbxfroot.c */
acpi_status acpi_tb_validate_rsdp(struct acpi_table_rsdp *rsdp);
/* tbprint.c */
u8 acpi_tb_checksum(const u8 *buffer, u32 length);
acpi_status acpi_tb_verify_checksum(struct acpi_table_header *table, u32 length);
void acpi_tb_print_table_header(acpi_physical_address address, struct acpi_table_header *header);
/* tbutils.c */
acpi_status acpi_tb_parse_root_table(acpi_physical_address rsdp_address);
/* tbinstal.c */
acpi_status acpi_tb_install_standard_table(acpi_physical_address address, u32 *table_index);
/* tbfadt.c */
void acpi_tb_parse_fadt(void);

#endif
