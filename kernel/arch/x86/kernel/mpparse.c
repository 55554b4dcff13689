/*
 * The MP floating pointer, as arch/x86/kernel/mpparse.c in Linux 4.19: find_smp_config() looks
 * for the Intel MultiProcessor Specification's "_MP_" structure where the BIOS may have put it,
 * and reserves it and the MP configuration table it points to. Linux does this on every boot,
 * ACPI or not (the table is parsed only without ACPI); QEMU's BIOSes provide one.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <asm/bios_ebda.h>
#include <asm/io.h>
#include <asm/setup.h>

#define SMP_MAGIC_IDENT (('_' << 24) | ('P' << 16) | ('M' << 8) | '_')

/* Intel MP Floating Pointer Structure */
struct mpf_intel {
	char signature[4];	/* "_MP_" */
	unsigned int physptr;	/* Configuration table address */
	unsigned char length;	/* Our length (paragraphs) */
	unsigned char specification;	/* Specification version */
	unsigned char checksum;	/* Checksum (makes sum 0) */
	unsigned char feature1;	/* Standard or configuration ? */
	unsigned char feature2;	/* Bit7 set for IMCR|PIC */
	unsigned char feature3;	/* Unused (0) */
	unsigned char feature4;	/* Unused (0) */
	unsigned char feature5;	/* Unused (0) */
};

/* The MP configuration table's header: only its length matters here. */
struct mpc_table {
	char signature[4];
	unsigned short length;	/* Size of table */
};

static int mpf_checksum(unsigned char *mp, int len)
{
	int sum = 0;

	while (len--)
		sum += *mp++;

	return sum & 0xFF;
}

static __always_inline unsigned long get_mpc_size(unsigned long physptr)
{
	struct mpc_table *mpc = early_memremap(physptr, PAGE_SIZE);

	return mpc->length;
}

static __always_inline void smp_reserve_memory(struct mpf_intel *mpf)
{
	memblock_reserve(mpf->physptr, get_mpc_size(mpf->physptr));
}

/* Scan [base, base + length) in 16-byte steps for a valid floating pointer; reserve it. */
static noinline __noclone int smp_scan_config(unsigned long base, unsigned long length)
{
	unsigned char *bp = early_memremap(base, length);
	struct mpf_intel *mpf;

	BUILD_BUG_ON(sizeof(*mpf) != 16);

	for (; length > 0; base += 16, bp += 16, length -= 16) {
		mpf = (struct mpf_intel *)bp;
		if (*(unsigned int *)bp == SMP_MAGIC_IDENT && mpf->length == 1 &&
		    !mpf_checksum(bp, 16) && (mpf->specification == 1 || mpf->specification == 4)) {
			pr_info("found SMP MP-table at [mem %#010lx-%#010lx]\n",
				base, base + sizeof(*mpf) - 1);

			memblock_reserve(base, sizeof(*mpf));
			if (mpf->physptr)
				smp_reserve_memory(mpf);
			return 1;
		}
	}
	return 0;
}

/*
 * Where the specification says to look: the bottom 1K, the top 1K of base memory (639K), the
 * 64K of BIOS, then the first 1K of the EBDA.
 */
void find_smp_config(void)
{
	unsigned int address;

	if (smp_scan_config(0x0, 0x400) ||
	    smp_scan_config(639 * 0x400, 0x400) ||
	    smp_scan_config(0xF0000, 0x10000))
		return;

	address = get_bios_ebda();
	if (address)
		smp_scan_config(address, 0x400);
}
