/*
 * swiotlb_init (kernel/dma/swiotlb.c, Linux 4.19): 64 MiB of bounce buffers below 4 GiB in 2 KiB
 * slabs, a 32 KiB overflow buffer, and per slab a free count and the original address it stands
 * for. "software IO TLB" is printed later, by a late initcall, so not here.
 */
#include <linux/kernel.h>
#include <linux/bootmem.h>
#include <asm/iommu.h>

#define IO_TLB_SHIFT 11			/* a slab is 2 KiB */
#define IO_TLB_SEGSIZE 128		/* at most this many contiguous slabs per mapping */
#define IO_TLB_DEFAULT_SIZE (64UL << 20)
#define INVALID_PHYS_ADDR (~(phys_addr_t)0)
#define OFFSET(val, align) ((unsigned long)((val) & ((align) - 1)))

static unsigned long io_tlb_nslabs;
static phys_addr_t io_tlb_start, io_tlb_end;
static unsigned long io_tlb_overflow = 32 * 1024;
static phys_addr_t io_tlb_overflow_buffer;
static unsigned int *io_tlb_list;
static phys_addr_t *io_tlb_orig_addr;

/* noipa: Linux's gcc kept it whole, and memblock=debug names it */
static __attribute__((noipa)) int swiotlb_init_with_tbl(char *tlb, unsigned long nslabs, int verbose)
{
	void *v_overflow_buffer;
	unsigned long i;

	io_tlb_nslabs = nslabs;
	io_tlb_start = __pa(tlb);
	io_tlb_end = io_tlb_start + (nslabs << IO_TLB_SHIFT);

	/* Get the overflow emergency buffer */
	v_overflow_buffer = memblock_virt_alloc_low_nopanic(PAGE_ALIGN(io_tlb_overflow), PAGE_SIZE);
	if (!v_overflow_buffer)
		return -ENOMEM;
	io_tlb_overflow_buffer = __pa(v_overflow_buffer);

	/* each slab: how many free slabs follow it in its segment, and what it bounces for */
	io_tlb_list = memblock_virt_alloc(PAGE_ALIGN(io_tlb_nslabs * sizeof(int)), PAGE_SIZE);
	io_tlb_orig_addr = memblock_virt_alloc(PAGE_ALIGN(io_tlb_nslabs * sizeof(phys_addr_t)), PAGE_SIZE);
	for (i = 0; i < io_tlb_nslabs; i++) {
		io_tlb_list[i] = IO_TLB_SEGSIZE - OFFSET(i, IO_TLB_SEGSIZE);
		io_tlb_orig_addr[i] = INVALID_PHYS_ADDR;
	}
	return 0;
}

noinline void swiotlb_init(int verbose)
{
	unsigned char *vstart;
	unsigned long bytes;

	if (!io_tlb_nslabs) {
		io_tlb_nslabs = IO_TLB_DEFAULT_SIZE >> IO_TLB_SHIFT;
		io_tlb_nslabs = ALIGN(io_tlb_nslabs, IO_TLB_SEGSIZE);
	}
	bytes = io_tlb_nslabs << IO_TLB_SHIFT;

	/* Get IO TLB memory from the low pages */
	vstart = memblock_virt_alloc_low_nopanic(PAGE_ALIGN(bytes), PAGE_SIZE);
	if (vstart && !swiotlb_init_with_tbl((char *)vstart, io_tlb_nslabs, verbose))
		return;

	if (io_tlb_start) {
		memblock_free_early(io_tlb_start, PAGE_ALIGN(io_tlb_nslabs << IO_TLB_SHIFT));
		io_tlb_start = 0;
	}
	pr_warn("Cannot allocate buffer");
}
