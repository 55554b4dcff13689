/*
 * acpi_boot_table_init (arch/x86/kernel/acpi/boot.c): find the ACPI tables early in
 * setup_arch, before initmem_init reads the SRAT. "acpi=off" skips ACPI, and with it the SRAT.
 * early_acpi_boot_init: the MADT's local APIC address, the one thing Linux prints from it
 * this early (the interrupt controllers themselves are not replayed).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/acpi.h>

int acpi_disabled;

static int parse_acpi(char *arg)
{
	if (!arg)
		return -EINVAL;
	if (strcmp(arg, "off") == 0)
		disable_acpi();
	return 0;
}
early_param("acpi", parse_acpi);

void acpi_boot_table_init(void)
{
	if (acpi_disabled)
		return;

	/* Initialize the ACPI boot-time table parser */
	if (acpi_table_init()) {
		disable_acpi();
		return;
	}
	acpi_reserve_initial_tables();	/* Linux 6.1 */
}

static int acpi_parse_madt(struct acpi_table_header *table)
{
	struct acpi_table_madt *madt = (struct acpi_table_madt *)table;

	if (madt->address)
		printk(KERN_DEBUG "ACPI: Local APIC address 0x%08x\n", madt->address);
	return 0;
}

/* (Linux first looks for a Simple Boot Flag table, which QEMU does not provide.) */
void early_acpi_boot_init(void)
{
	if (acpi_disabled)
		return;
	acpi_table_parse(ACPI_SIG_MADT, acpi_parse_madt);
}
