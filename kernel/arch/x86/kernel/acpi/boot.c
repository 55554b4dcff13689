/*
 * arch/x86/kernel/acpi/boot.c: acpi_boot_table_init finds the ACPI tables early in setup_arch,
 * before initmem_init reads the SRAT; acpi_boot_init, after paging_init, reads the MADT and the
 * HPET. "acpi=off" skips ACPI, and with it the SRAT.
 * early_acpi_boot_init: the MADT's local APIC address, the one thing Linux prints from it
 * this early (the interrupt controllers themselves are not replayed).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/acpi.h>
#include <acpi/acpixf.h>
#include <linux/bootmem.h>
#include <linux/ioport.h>
#include <asm/io_apic.h>
#include <asm/numa.h>
#include <asm/smp.h>

int acpi_disabled;

/*
 * acpi=off skips the tables. Linux's other words (force, strict, rsdt, noirq, copy_dsdt,
 * nocmcff) are accepted and not acted on (QEMU's firmware has no XSDT for rsdt to avoid). Any
 * other word is an error, which do_early_param reports as "Malformed early option 'acpi'".
 */
static int parse_acpi(char *arg)
{
	static const char *const later[] = { "force", "strict", "rsdt", "noirq", "copy_dsdt", "nocmcff" };

	if (!arg)
		return -EINVAL;
	if (strcmp(arg, "off") == 0) {
		disable_acpi();
		return 0;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(later); i++)
		if (strcmp(arg, later[i]) == 0)
			return 0;
	return -EINVAL;
}
early_param("acpi", parse_acpi);

void acpi_boot_table_init(void)
{
	if (acpi_disabled)
		return;

	/* Initialize the ACPI boot-time table parser */
	if (acpi_table_init()) {
		disable_acpi();
		return;
	}
	acpi_reserve_initial_tables();	/* Linux 6.1 */
}

/*
 * acpi_boot_init, after paging_init: the MADT's processors and I/O APICs, and the HPET. Of what
 * Linux does here only what allocates boot memory or counts CPUs is replayed; its lines about
 * interrupts ("ACPI: INT_SRC_OVR ...") are not printed.
 */
#define ACPI_SIG_HPET "HPET"
#define ACPI_MADT_TYPE_LOCAL_APIC 0
#define ACPI_MADT_TYPE_IO_APIC 1
#define ACPI_MADT_TYPE_LOCAL_X2APIC 9
#define ACPI_MADT_ENABLED 1
#define ACPI_SPACE_MEM 0

struct acpi_madt_local_apic {
	struct acpi_subtable_header header;
	u8 processor_id;
	u8 id;
	u32 lapic_flags;
} __packed;

struct acpi_madt_local_x2apic {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 local_apic_id;
	u32 lapic_flags;
	u32 uid;
} __packed;

struct acpi_table_hpet {
	struct acpi_table_header header;
	u32 id;
	struct {			/* struct acpi_generic_address */
		u8 space_id, bit_width, bit_offset, access_width;
		u64 address;
	} __packed address;
	u8 sequence;
} __packed;

int nr_ioapics;
int acpi_lapic, acpi_ioapic;	/* the MADT gave the processors, the I/O APICs */
struct resource *hpet_res;

/* acpi_register_lapic: a disabled processor is possible (hot-pluggable), not present. */
static void acpi_register_lapic(int id, u32 flags)
{
	if (id >= MAX_LOCAL_APIC || id == 0xff)
		return;
	if (!(flags & ACPI_MADT_ENABLED)) {
		++disabled_cpus;
		return;
	}
	generic_processor_info(id);
}

static int acpi_parse_lapic(struct acpi_subtable_header *header, const unsigned long end)
{
	struct acpi_madt_local_apic *p = (void *)header;

	acpi_register_lapic(p->id, p->lapic_flags);
	return 0;
}

static int acpi_parse_x2apic(struct acpi_subtable_header *header, const unsigned long end)
{
	struct acpi_madt_local_x2apic *p = (void *)header;

	acpi_register_lapic(p->local_apic_id, p->lapic_flags);
	return 0;
}

static int acpi_parse_ioapic(struct acpi_subtable_header *header, const unsigned long end)
{
	nr_ioapics++;
	return 0;
}

/* The MADT's subtables start after its header, the local APIC address and flags. */
#define MADT_HEADER_SIZE (sizeof(struct acpi_table_header) + 8)

static void acpi_process_madt(void)
{
	struct acpi_subtable_proc cpus[] = {
		{ .id = ACPI_MADT_TYPE_LOCAL_X2APIC, .handler = acpi_parse_x2apic },
		{ .id = ACPI_MADT_TYPE_LOCAL_APIC, .handler = acpi_parse_lapic },
	};
	struct acpi_table_header *madt = NULL;

	acpi_get_table(ACPI_SIG_MADT, 0, &madt);
	if (!madt)
		return;
	/* processors in table order, whichever kind; then the I/O APICs */
	acpi_lapic = acpi_table_parse_entries_array(ACPI_SIG_MADT, MADT_HEADER_SIZE, cpus,
						    ARRAY_SIZE(cpus), 0) > 0;
	acpi_ioapic = acpi_table_parse_entries(ACPI_SIG_MADT, MADT_HEADER_SIZE, ACPI_MADT_TYPE_IO_APIC,
					       acpi_parse_ioapic, MAX_IO_APICS) > 0;
}

/* The HPET's resource for the resource tree, with its name "HPET N" after it. */
#define HPET_RESOURCE_NAME_SIZE 9

static int acpi_parse_hpet(struct acpi_table_header *table)
{
	struct acpi_table_hpet *hpet_tbl = (struct acpi_table_hpet *)table;
	u64 hpet_address = hpet_tbl->address.address;

	if (hpet_tbl->address.space_id != ACPI_SPACE_MEM || !hpet_address)
		return 0;

	hpet_res = alloc_bootmem(sizeof(*hpet_res) + HPET_RESOURCE_NAME_SIZE);
	hpet_res->name = (void *)&hpet_res[1];
	snprintf((char *)hpet_res->name, HPET_RESOURCE_NAME_SIZE, "HPET %u", hpet_tbl->sequence);
	hpet_res->start = hpet_address;
	hpet_res->end = hpet_address + 1024 - 1;
	return 0;
}

void acpi_boot_init(void)
{
	if (acpi_disabled)
		return;

	acpi_process_madt();
	acpi_table_parse(ACPI_SIG_HPET, acpi_parse_hpet);
}

static int acpi_parse_madt(struct acpi_table_header *table)
{
	struct acpi_table_madt *madt = (struct acpi_table_madt *)table;

	if (madt->address)
		printk(KERN_DEBUG "ACPI: Local APIC address 0x%08x\n", madt->address);
	return 0;
}

/* (Linux first looks for a Simple Boot Flag table, which QEMU does not provide.) */
void early_acpi_boot_init(void)
{
	if (acpi_disabled)
		return;
	acpi_table_parse(ACPI_SIG_MADT, acpi_parse_madt);
}
