/*
 * acpi_boot_table_init (arch/x86/kernel/acpi/boot.c): find the ACPI tables early in
 * setup_arch, before initmem_init reads the SRAT. "acpi=off" skips ACPI, and with it the SRAT.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/acpi.h>

int acpi_disabled;

/*
 * acpi=off skips the tables. Linux's other words (force, strict, rsdt, noirq, copy_dsdt,
 * nocmcff) are accepted and not acted on (QEMU's firmware has no XSDT for rsdt to avoid). Any
 * other word is an error, which do_early_param reports as "Malformed early option 'acpi'".
 */
static int parse_acpi(char *arg)
{
	static const char *const later[] = { "force", "strict", "rsdt", "noirq", "copy_dsdt", "nocmcff" };

	if (!arg)
		return -EINVAL;
	if (strcmp(arg, "off") == 0) {
		disable_acpi();
		return 0;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(later); i++)
		if (strcmp(arg, later[i]) == 0)
			return 0;
	return -EINVAL;
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
