/*
 * io_apic_init_mappings (arch/x86/kernel/apic/io_apic.c): one struct resource per I/O APIC for the
 * iomem tree, with its name ("IOAPIC N") stored after them, in one boot allocation.
 */
#include <linux/kernel.h>
#include <linux/bootmem.h>
#include <linux/ioport.h>
#include <asm/io_apic.h>

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
