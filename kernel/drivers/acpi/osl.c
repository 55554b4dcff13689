/*
 * The operating-system layer under ACPICA (drivers/acpi/osl.c), for early boot: where the RSDP
 * is, and how table memory is reached. Linux maps tables with early_memremap; here the direct
 * map already covers all physical memory up to max_pfn (init_mem_mapping ran), so __va is the
 * mapping, and anything beyond it is refused as Linux refuses what it cannot map.
 */
#include <linux/kernel.h>
#include <acpi/acpixf.h>
#include <asm/bootparam.h>
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
	/* what init_mem_mapping maps: whole 2 MiB pages up to max_pfn */
	u64 mapped = ALIGN(PFN_PHYS(max_pfn), PMD_SIZE);

	if (!phys || !size || phys >= mapped || size > mapped - phys)
		return NULL;
	return __va(phys);
}
