/*
 * pci_iommu_alloc (arch/x86/kernel/pci-dma.c, pci-swiotlb.c, Linux 4.19), first thing in mem_init:
 * each IOMMU driver's detect routine in turn. Under QEMU's default machines only swiotlb applies:
 * when memory may reach above 4 GiB (max_possible_pfn, hot-pluggable memory included), devices
 * limited to 32-bit DMA need bounce buffers below 4 GiB. Calgary then looks for its table and
 * finds none (GART's detection prints nothing on them).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/bootmem.h>
#include <asm/dma.h>
#include <asm/iommu.h>

int no_iommu;
int swiotlb;

/* iommu=off (of iommu='s options, the one that changes boot memory here) */
static int iommu_setup(char *p)
{
	if (p && !strncmp(p, "off", 3))
		no_iommu = 1;
	return 0;
}
early_param("iommu", iommu_setup);

static int pci_swiotlb_detect_4gb(void)
{
	/* don't initialize swiotlb if iommu=off (no_iommu=1) */
	if (!no_iommu && max_possible_pfn > MAX_DMA32_PFN)
		swiotlb = 1;
	return swiotlb;
}

void pci_iommu_alloc(void)
{
	if (pci_swiotlb_detect_4gb() > 0)
		swiotlb_init(0);	/* pci_swiotlb_init */
	detect_calgary();
}
