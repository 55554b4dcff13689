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
 * acpi_boot_init, after paging_init: the FADT's PM timer, the MADT's processors, I/O APICs and
 * interrupt routing, and the HPET, with the lines Linux prints about each. Of the interrupt setup
 * only what those lines report is kept (which ISA interrupts the firmware routes elsewhere); the
 * interrupt controllers are never programmed.
 */
#define PREFIX "ACPI: "
#define ACPI_SIG_HPET "HPET"
#define INVALID_ACPI_IRQ 0xffffffff

struct acpi_table_hpet {
	struct acpi_table_header header;
	u32 id;				/* the event timer block's id (vendor, revision, timers) */
	struct acpi_generic_address address;
	u8 sequence;
} __packed;

int acpi_lapic, acpi_ioapic;	/* the MADT gave the processors, the I/O APICs */
struct resource *hpet_res;
static u16 acpi_sci_interrupt;	/* acpi_gbl_FADT.sci_interrupt */
static u32 acpi_sci_override_gsi = INVALID_ACPI_IRQ;

/* ISA interrupts go to the GSI of the same number unless an override says otherwise. */
static u32 isa_irq_to_gsi[NR_IRQS_LEGACY] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

static int acpi_parse_fadt(struct acpi_table_header *table)
{
	struct acpi_table_fadt *fadt = (struct acpi_table_fadt *)table;
	u32 pmtmr_ioport = 0;

	if (acpi_table_has(fadt, sci_interrupt))
		acpi_sci_interrupt = fadt->sci_interrupt;
	if (!acpi_table_has(fadt, pm_timer_block))
		return 0;
	/* rev 3+: the X block, in I/O space; ACPICA fills an empty one from the 32-bit field */
	if (fadt->header.revision >= FADT2_REVISION_ID && acpi_table_has(fadt, xpm_timer_block) &&
	    fadt->xpm_timer_block.address) {
		if (fadt->xpm_timer_block.space_id != ACPI_ADR_SPACE_SYSTEM_IO)
			return 0;
		pmtmr_ioport = fadt->xpm_timer_block.address;
	}
	if (!pmtmr_ioport)
		pmtmr_ioport = fadt->pm_timer_block;
	if (pmtmr_ioport)
		printk(KERN_INFO PREFIX "PM-Timer IO Port: %#x\n", pmtmr_ioport);
	return 0;
}

/* acpi_table_print_madt_entry (drivers/acpi/tables.c): the entries Linux prints at info level */
static const char *const mps_inti_flags_polarity[] = { "dfl", "high", "res", "low" };
static const char *const mps_inti_flags_trigger[] = { "dfl", "edge", "res", "level" };

#define inti_polarity(flags) mps_inti_flags_polarity[(flags) & ACPI_MADT_POLARITY_MASK]
#define inti_trigger(flags) mps_inti_flags_trigger[((flags) & ACPI_MADT_TRIGGER_MASK) >> 2]

/* acpi_register_lapic: a disabled processor is possible (hot-pluggable), not present. */
static void acpi_register_lapic(int id, u32 flags)
{
	if (id >= MAX_LOCAL_APIC) {
		printk(KERN_INFO PREFIX "skipped apicid that is too big\n");
		return;
	}
	if (!(flags & ACPI_MADT_ENABLED)) {
		++disabled_cpus;
		return;
	}
	generic_processor_info(id);
}

static int acpi_parse_lapic(struct acpi_subtable_header *header, const unsigned long end)
{
	struct acpi_madt_local_apic *p = (void *)header;

	if (p->id != 0xff)	/* ignore invalid ID */
		acpi_register_lapic(p->id, p->lapic_flags);
	return 0;
}

static int acpi_parse_x2apic(struct acpi_subtable_header *header, const unsigned long end)
{
	struct acpi_madt_local_x2apic *p = (void *)header;

	if (p->local_apic_id != 0xffffffff)
		acpi_register_lapic(p->local_apic_id, p->lapic_flags);
	return 0;
}

static int acpi_parse_x2apic_nmi(struct acpi_subtable_header *header, const unsigned long end)
{
	struct acpi_madt_local_x2apic_nmi *p = (void *)header;

	pr_info(PREFIX "X2APIC_NMI (uid[0x%02x] %s %s lint[0x%x])\n", p->uid,
		inti_polarity(p->inti_flags), inti_trigger(p->inti_flags), p->lint);
	if (p->lint != 1)
		printk(KERN_WARNING PREFIX "NMI not connected to LINT 1!\n");
	return 0;
}

static int acpi_parse_lapic_nmi(struct acpi_subtable_header *header, const unsigned long end)
{
	struct acpi_madt_local_apic_nmi *p = (void *)header;

	pr_info(PREFIX "LAPIC_NMI (acpi_id[0x%02x] %s %s lint[0x%x])\n", p->processor_id,
		inti_polarity(p->inti_flags), inti_trigger(p->inti_flags), p->lint);
	if (p->lint != 1)
		printk(KERN_WARNING PREFIX "NMI not connected to LINT 1!\n");
	return 0;
}

/* The MADT's subtables start after its header, the local APIC address and flags. */
#define MADT_HEADER_SIZE sizeof(struct acpi_table_madt)

static int acpi_table_parse_madt(enum acpi_madt_type id, acpi_tbl_entry_handler handler,
				 unsigned int max_entries)
{
	return acpi_table_parse_entries(ACPI_SIG_MADT, MADT_HEADER_SIZE, id, handler, max_entries);
}

static int acpi_parse_madt_lapic_entries(void)
{
	struct acpi_subtable_proc madt_proc[] = {
		{ .id = ACPI_MADT_TYPE_LOCAL_APIC, .handler = acpi_parse_lapic },
		{ .id = ACPI_MADT_TYPE_LOCAL_X2APIC, .handler = acpi_parse_x2apic },
	};

	/* processors in table order, whichever kind */
	if (acpi_table_parse_entries_array(ACPI_SIG_MADT, MADT_HEADER_SIZE, madt_proc,
					   ARRAY_SIZE(madt_proc), MAX_LOCAL_APIC) < 0 ||
	    (!madt_proc[0].count && !madt_proc[1].count)) {
		printk(KERN_ERR PREFIX "No LAPIC entries present\n");
		return -ENODEV;
	}
	acpi_table_parse_madt(ACPI_MADT_TYPE_LOCAL_X2APIC_NMI, acpi_parse_x2apic_nmi, 0);
	acpi_table_parse_madt(ACPI_MADT_TYPE_LOCAL_APIC_NMI, acpi_parse_lapic_nmi, 0);
	return 0;
}

static int acpi_parse_ioapic(struct acpi_subtable_header *header, const unsigned long end)
{
	struct acpi_madt_io_apic *p = (void *)header;

	mp_register_ioapic(p->id, p->address, p->global_irq_base);
	return 0;
}

/* mp_register_ioapic_irq: the I/O APIC pin an ISA interrupt reaches. */
static int mp_register_ioapic_irq(u8 bus_irq, u8 polarity, u8 trigger, u32 gsi)
{
	struct mpc_intsrc mp_irq;
	int ioapic = mp_find_ioapic(gsi);

	if (ioapic < 0) {
		pr_warn("Failed to find ioapic for gsi : %u\n", gsi);
		return ioapic;
	}
	mp_irq.irqflag = (trigger << 2) | polarity;
	mp_irq.srcbus = MP_ISA_BUS;
	mp_irq.srcbusirq = bus_irq;
	mp_irq.dstapic = mpc_ioapic_id(ioapic);
	mp_irq.dstirq = mp_find_ioapic_pin(ioapic, gsi);
	mp_save_irq(&mp_irq);
	return 0;
}

static void mp_override_legacy_irq(u8 bus_irq, u8 polarity, u8 trigger, u32 gsi)
{
	if (bus_irq >= NR_IRQS_LEGACY) {
		pr_warn("Invalid bus_irq %u for legacy override\n", bus_irq);
		return;
	}
	if (bus_irq == 0 && trigger == 3)	/* a level-triggered timer: taken as edge */
		trigger = 1;
	if (mp_register_ioapic_irq(bus_irq, polarity, trigger, gsi) < 0)
		return;
	/* a GSI that is also an ISA number no longer carries that ISA interrupt */
	if (gsi < NR_IRQS_LEGACY && isa_irq_to_gsi[gsi] == gsi)
		isa_irq_to_gsi[gsi] = INVALID_ACPI_IRQ;
	isa_irq_to_gsi[bus_irq] = gsi;
}

/* The SCI: level and active low unless the firmware says otherwise. */
static void acpi_sci_ioapic_setup(u8 bus_irq, u16 polarity, u16 trigger, u32 gsi)
{
	if (trigger == 0)
		trigger = 3;
	if (polarity == 0)
		polarity = 3;
	if (bus_irq < NR_IRQS_LEGACY)
		mp_override_legacy_irq(bus_irq, polarity, trigger, gsi);
	else
		mp_register_ioapic_irq(bus_irq, polarity, trigger, gsi);
	acpi_sci_override_gsi = gsi;
}

static int acpi_parse_int_src_ovr(struct acpi_subtable_header *header, const unsigned long end)
{
	struct acpi_madt_interrupt_override *p = (void *)header;
	u8 polarity = p->inti_flags & ACPI_MADT_POLARITY_MASK;
	u8 trigger = (p->inti_flags & ACPI_MADT_TRIGGER_MASK) >> 2;

	pr_info(PREFIX "INT_SRC_OVR (bus %d bus_irq %d global_irq %d %s %s)\n", p->bus,
		p->source_irq, p->global_irq, inti_polarity(p->inti_flags), inti_trigger(p->inti_flags));
	if (p->source_irq == acpi_sci_interrupt)
		acpi_sci_ioapic_setup(p->source_irq, polarity, trigger, p->global_irq);
	else
		mp_override_legacy_irq(p->source_irq, polarity, trigger, p->global_irq);
	return 0;
}

/* ISA interrupts 0-15 identity-mapped, except those an override already routes. */
static void mp_config_acpi_legacy_irqs(void)
{
	for (int i = 0; i < NR_IRQS_LEGACY; i++) {
		struct mpc_intsrc mp_irq;
		int ioapic, pin, dstapic, idx;
		u32 gsi = isa_irq_to_gsi[i];

		if (gsi == INVALID_ACPI_IRQ)
			continue;
		ioapic = mp_find_ioapic(gsi);
		if (ioapic < 0)
			continue;
		pin = mp_find_ioapic_pin(ioapic, gsi);
		dstapic = mpc_ioapic_id(ioapic);
		for (idx = 0; idx < mp_irq_entries; idx++) {
			struct mpc_intsrc *irq = mp_irqs + idx;

			if ((irq->srcbus == MP_ISA_BUS && irq->srcbusirq == i) ||
			    (irq->dstapic == dstapic && irq->dstirq == pin))
				break;
		}
		if (idx != mp_irq_entries) {
			printk(KERN_DEBUG "ACPI: IRQ%d used by override.\n", i);
			continue;
		}
		mp_irq.irqflag = 0;	/* conforming */
		mp_irq.srcbus = MP_ISA_BUS;
		mp_irq.srcbusirq = i;
		mp_irq.dstapic = dstapic;
		mp_irq.dstirq = pin;
		mp_save_irq(&mp_irq);
	}
}

static int acpi_parse_madt_ioapic_entries(void)
{
	int count = acpi_table_parse_madt(ACPI_MADT_TYPE_IO_APIC, acpi_parse_ioapic, MAX_IO_APICS);

	if (count <= 0) {
		printk(KERN_ERR PREFIX "No IOAPIC entries present\n");
		return -ENODEV;
	}
	acpi_table_parse_madt(ACPI_MADT_TYPE_INTERRUPT_OVERRIDE, acpi_parse_int_src_ovr, 0);
	/* no override for the SCI: route it as if there were one of its own number */
	if (acpi_sci_override_gsi == INVALID_ACPI_IRQ)
		acpi_sci_ioapic_setup(acpi_sci_interrupt, 0, 0, acpi_sci_interrupt);
	mp_config_acpi_legacy_irqs();
	return 0;
}

static int acpi_parse_madt(struct acpi_table_header *table)
{
	struct acpi_table_madt *madt = (struct acpi_table_madt *)table;

	if (madt->address)
		printk(KERN_DEBUG PREFIX "Local APIC address 0x%08x\n", madt->address);
	return 0;
}

static void acpi_process_madt(void)
{
	if (!acpi_table_parse(ACPI_SIG_MADT, acpi_parse_madt) && !acpi_parse_madt_lapic_entries()) {
		acpi_lapic = 1;
		if (!acpi_parse_madt_ioapic_entries())
			acpi_ioapic = 1;	/* acpi_set_irq_model_ioapic */
	}
	if (acpi_lapic && acpi_ioapic)
		printk(KERN_INFO "Using ACPI (MADT) for SMP configuration information\n");
	else if (acpi_lapic)
		printk(KERN_INFO "Using ACPI for processor (LAPIC) configuration information\n");
}

/* The HPET's resource for the resource tree, with its name "HPET N" after it. */
#define HPET_RESOURCE_NAME_SIZE 9

static int acpi_parse_hpet(struct acpi_table_header *table)
{
	struct acpi_table_hpet *hpet_tbl = (struct acpi_table_hpet *)table;
	unsigned long hpet_address = hpet_tbl->address.address;

	if (hpet_tbl->address.space_id != ACPI_ADR_SPACE_SYSTEM_MEMORY) {
		printk(KERN_WARNING PREFIX "HPET timers must be located in memory.\n");
		return -1;
	}
	if (!hpet_address) {
		printk(KERN_WARNING PREFIX "HPET id: %#x base: %#lx is invalid\n", hpet_tbl->id,
		       hpet_address);
		return 0;
	}
	printk(KERN_INFO PREFIX "HPET id: %#x base: %#lx\n", hpet_tbl->id, hpet_address);

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

	acpi_table_parse(ACPI_SIG_FADT, acpi_parse_fadt);
	acpi_process_madt();
	acpi_table_parse(ACPI_SIG_HPET, acpi_parse_hpet);
}

/* (Linux first looks for a Simple Boot Flag table, which QEMU does not provide.) */
void early_acpi_boot_init(void)
{
	if (acpi_disabled)
		return;
	acpi_table_parse(ACPI_SIG_MADT, acpi_parse_madt);
}
