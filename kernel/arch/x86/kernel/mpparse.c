/*
 * The MP floating pointer, as arch/x86/kernel/mpparse.c in Linux 4.19: find_smp_config() looks
 * for the Intel MultiProcessor Specification's "_MP_" structure where the BIOS may have put it,
 * and reserves it and the MP configuration table it points to. Linux does this on every boot,
 * ACPI or not (the table is parsed only without ACPI); QEMU's BIOSes provide one.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/string.h>
#include <asm/bios_ebda.h>
#include <asm/io.h>
#include <asm/setup.h>
#include <asm/io_apic.h>
#include <asm/smp.h>

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

/* The MP configuration table's header; its entries follow it. */
struct mpc_table {
	char signature[4];	/* "PCMP" */
	unsigned short length;	/* Size of table */
	char spec;		/* 0x01 */
	char checksum;
	char oem[8];
	char productid[12];
	unsigned int oemptr;	/* 0 if not present */
	unsigned short oemsize;	/* 0 if not present */
	unsigned short oemcount;
	unsigned int lapic;	/* APIC address */
	unsigned int reserved;
};

/* Followed by entries: a processor takes 20 bytes, the others (bus, I/O APIC, interrupts) 8 */
#define MP_PROCESSOR 0
#define MP_IOAPIC 2
#define CPU_ENABLED 1
#define MPC_APIC_USABLE 0x01

struct mpc_cpu {
	unsigned char type;
	unsigned char apicid;	/* Local APIC number */
	unsigned char apicver;	/* Its versions */
	unsigned char cpuflag;
	unsigned int cpufeature;
	unsigned int featureflag;	/* CPUID feature value */
	unsigned int reserved[2];
};

static unsigned long mpf_base;	/* where the floating pointer was found */

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

			mpf_base = base;
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

/*
 * get_smp_config (default_get_smp_config), after acpi_boot_init: without the MADT's processors
 * and I/O APICs, those of the MP configuration table. Its lines about them are not printed, as
 * the MADT's are not; a default configuration (feature1, no table) is not replayed.
 */
void get_smp_config(void)
{
	struct mpf_intel *mpf;
	struct mpc_table *mpc;
	unsigned char *mpt;
	int count;

	if (!mpf_base || (acpi_lapic && acpi_ioapic))
		return;
	mpf = early_memremap(mpf_base, sizeof(*mpf));
	if (mpf->feature1 || !mpf->physptr)
		return;
	mpc = early_memremap(mpf->physptr, get_mpc_size(mpf->physptr));
	if (memcmp(mpc->signature, "PCMP", 4) || mpf_checksum((unsigned char *)mpc, mpc->length) ||
	    !mpc->lapic)
		return;

	for (count = sizeof(*mpc), mpt = (unsigned char *)(mpc + 1); count < mpc->length;) {
		int size = *mpt == MP_PROCESSOR ? sizeof(struct mpc_cpu) : 8;

		if (*mpt == MP_PROCESSOR && !acpi_lapic) {
			struct mpc_cpu *m = (struct mpc_cpu *)mpt;

			if (m->cpuflag & CPU_ENABLED)
				generic_processor_info(m->apicid);
			else
				disabled_cpus++;
		} else if (*mpt == MP_IOAPIC && (mpt[3] & MPC_APIC_USABLE)) {
			nr_ioapics++;
		} else if (*mpt > 4) {
			break;	/* wrong mptable */
		}
		mpt += size;
		count += size;
	}
}
