/* IOMMU detection at mem_init, as arch/x86/include/asm/iommu.h and asm/swiotlb.h. */
#ifndef _ASM_X86_IOMMU_H
#define _ASM_X86_IOMMU_H

extern int no_iommu;		/* iommu=off */
extern int swiotlb;		/* bounce buffers are needed */

void pci_iommu_alloc(void);	/* arch/x86/kernel/pci-dma.c */
void swiotlb_init(int verbose);	/* kernel/dma/swiotlb.c */
int detect_calgary(void);	/* arch/x86/kernel/pci-calgary_64.c */

#endif
