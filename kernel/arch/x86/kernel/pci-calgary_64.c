/*
 * detect_calgary (arch/x86/kernel/pci-calgary_64.c), an IOMMU detect routine that pci_iommu_alloc
 * runs after swiotlb's: IBM's Calgary chipsets leave a "Rio Grande" table in the EBDA, found by
 * walking the EBDA's chain of blocks from offset 0x180 (each block: the next offset, then its
 * id). The reference build enables Calgary by default (CONFIG_CALGARY_IOMMU_ENABLED_BY_DEFAULT).
 */
#include <linux/kernel.h>
#include <asm/bios_ebda.h>
#include <asm/iommu.h>

#define RIO_TABLE_ID 0x4752	/* "RG" */

int detect_calgary(void)
{
	unsigned long ebda;
	unsigned int offset = 0x180, prev_offset = 0;

	if (no_iommu)		/* iommu=off */
		return -ENODEV;

	printk(KERN_DEBUG "Calgary: detecting Calgary via BIOS EBDA area\n");
	ebda = get_bios_ebda();
	/* the chain goes on while the offsets increase */
	while (offset > prev_offset) {
		if (bda_read16(ebda + offset + 2) == RIO_TABLE_ID)
			/* (Linux then probes the Calgary PCI buses; no QEMU machine has them) */
			return -ENODEV;
		prev_offset = offset;
		offset = bda_read16(ebda + offset);
	}
	printk(KERN_DEBUG "Calgary: Unable to locate Rio Grande table in EBDA - bailing!\n");
	return -ENODEV;
}
