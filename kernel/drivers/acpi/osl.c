/*
 * The operating-system layer under ACPICA (drivers/acpi/osl.c), for early boot: where the RSDP
 * is, and how table memory is reached: early_memremap, as Linux, since tables may lie outside
 * the RAM that the direct map covers (above mem=, or in reserved ranges).
 */
#include <linux/kernel.h>
#include <acpi/acpixf.h>
#include <asm/bootparam.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/setup.h>

acpi_physical_address acpi_os_get_root_pointer(void)
{
	acpi_physical_address pa = 0;

	/* The boot loader's word first (QEMU's PVH ROM passes it), then the legacy scan */
	if (boot_params.acpi_rsdp_addr)
		return boot_params.acpi_rsdp_addr;
	acpi_find_root_pointer(&pa);
	return pa;
}

void *acpi_os_map_memory(acpi_physical_address phys, u64 size)
{
	if (!phys)
		return NULL;
	return early_memremap(phys, size);
}
