/*
 * arch/x86/kernel/apic/io_apic.c: mp_register_ioapic reads each I/O APIC the MADT lists (its
 * version and number of pins come from the chip itself); mp_save_irq keeps the firmware's
 * interrupt routing; io_apic_init_mappings makes one struct resource per I/O APIC for the iomem
 * tree, with its name ("IOAPIC N") stored after them, in one boot allocation.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/bootmem.h>
#include <linux/ioport.h>
#include <asm/io.h>
#include <asm/io_apic.h>

int nr_ioapics;
int mp_irq_entries;
struct mpc_intsrc mp_irqs[MAX_IRQ_SOURCES];

static struct {
	u32 apicaddr;
	u8 apicid;
	u8 apicver;
	u32 gsi_base, gsi_end;
} ioapics[MAX_IO_APICS];

/*
 * The chip's registers: write the index to IOREGSEL, read IOWIN. Linux maps the chip uncached in
 * its fixmap; the replay reads it through early_memremap (QEMU's TCG ignores the cache type).
 */
static u32 io_apic_read(int idx, unsigned int reg)
{
	volatile u32 *base = early_memremap(ioapics[idx].apicaddr, 0x20);

	base[0] = reg;
	return base[4];
}

/* A chip that answers all ones everywhere is not there. */
static bool bad_ioapic_register(int idx)
{
	u32 reg_00 = io_apic_read(idx, 0), reg_01 = io_apic_read(idx, 1), reg_02 = io_apic_read(idx, 2);

	if (reg_00 == ~0U && reg_01 == ~0U && reg_02 == ~0U) {
		pr_warn("I/O APIC 0x%x registers return all ones, skipping!\n", ioapics[idx].apicaddr);
		return true;
	}
	return false;
}

/* (Linux replaces an id another I/O APIC already has; QEMU's ids are unique.) */
int mp_register_ioapic(int id, u32 address, u32 gsi_base)
{
	int idx = nr_ioapics, entries;
	u32 reg_01;

	if (!address) {
		pr_warn("Bogus (zero) I/O APIC address found, skipping!\n");
		return -EINVAL;
	}
	for (int i = 0; i < nr_ioapics; i++)
		if (ioapics[i].apicaddr == address) {
			pr_warn("address 0x%x conflicts with IOAPIC%d\n", address, i);
			return -EEXIST;
		}
	if (idx >= MAX_IO_APICS) {
		pr_warn("Max # of I/O APICs (%d) exceeded (found %d), skipping\n", MAX_IO_APICS, idx);
		return -ENOSPC;
	}
	ioapics[idx].apicaddr = address;
	if (bad_ioapic_register(idx))
		return -ENODEV;

	reg_01 = io_apic_read(idx, 1);
	ioapics[idx].apicid = id;
	ioapics[idx].apicver = reg_01 & 0xff;
	entries = ((reg_01 >> 16) & 0xff) + 1;		/* the highest redirection entry, plus 1 */
	for (int i = 0; i < nr_ioapics; i++)
		if (gsi_base <= ioapics[i].gsi_end && gsi_base + entries - 1 >= ioapics[i].gsi_base) {
			pr_warn("GSI range [%u-%u] for new IOAPIC conflicts with GSI[%u-%u]\n", gsi_base,
				gsi_base + entries - 1, ioapics[i].gsi_base, ioapics[i].gsi_end);
			return -ENOSPC;
		}
	ioapics[idx].gsi_base = gsi_base;
	ioapics[idx].gsi_end = gsi_base + entries - 1;
	nr_ioapics = idx + 1;

	pr_info("IOAPIC[%d]: apic_id %d, version %d, address 0x%x, GSI %d-%d\n", idx,
		ioapics[idx].apicid, ioapics[idx].apicver, ioapics[idx].apicaddr,
		ioapics[idx].gsi_base, ioapics[idx].gsi_end);
	return 0;
}

/* The I/O APIC whose pins cover this GSI, or -1. */
int mp_find_ioapic(u32 gsi)
{
	for (int i = 0; i < nr_ioapics; i++)
		if (gsi >= ioapics[i].gsi_base && gsi <= ioapics[i].gsi_end)
			return i;
	pr_err("ERROR: Unable to locate IOAPIC for GSI %d\n", gsi);
	return -1;
}

int mp_find_ioapic_pin(int ioapic, u32 gsi)
{
	return gsi - ioapics[ioapic].gsi_base;
}

int mpc_ioapic_id(int ioapic)
{
	return ioapics[ioapic].apicid;
}

/* A routing entry, unless the same one is there already. */
void mp_save_irq(struct mpc_intsrc *m)
{
	for (int i = 0; i < mp_irq_entries; i++)
		if (!memcmp(&mp_irqs[i], m, sizeof(*m)))
			return;
	mp_irqs[mp_irq_entries] = *m;
	if (++mp_irq_entries == MAX_IRQ_SOURCES)
		panic("Max # of irq sources exceeded!!\n");
}

#define IOAPIC_RESOURCE_NAME_SIZE 11

static struct resource *ioapic_resources;

static struct resource *ioapic_setup_resources(void)
{
	unsigned long n;
	struct resource *res;
	char *mem;

	if (nr_ioapics == 0)
		return NULL;

	n = (IOAPIC_RESOURCE_NAME_SIZE + sizeof(struct resource)) * nr_ioapics;
	mem = alloc_bootmem(n);
	res = (void *)mem;

	mem += sizeof(struct resource) * nr_ioapics;
	for (int i = 0; i < nr_ioapics; i++) {
		res[i].name = mem;
		snprintf(mem, IOAPIC_RESOURCE_NAME_SIZE, "IOAPIC %u", i);
		mem += IOAPIC_RESOURCE_NAME_SIZE;
	}
	ioapic_resources = res;
	return res;
}

/* Linux also maps each I/O APIC into the fixmap here; its page tables exist since head_64.S. */
void io_apic_init_mappings(void)
{
	ioapic_setup_resources();
}
