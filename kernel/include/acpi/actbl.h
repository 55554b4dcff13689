/*
 * The ACPI tables the boot code reads, as include/acpi/actbl.h (root tables) and actbl1.h
 * (SRAT, SLIT) of Linux 4.19's ACPICA. Every table starts with the same 36-byte header; all
 * structures are packed because they are the firmware's byte layout.
 */
#ifndef __ACTBL_H__
#define __ACTBL_H__
#include <linux/types.h>
#include <linux/compiler.h>

#define ACPI_NAME_SIZE 4
#define ACPI_OEM_ID_SIZE 6
#define ACPI_OEM_TABLE_ID_SIZE 8

#define ACPI_SIG_RSDP "RSD PTR "
#define ACPI_SIG_RSDT "RSDT"
#define ACPI_SIG_XSDT "XSDT"
#define ACPI_SIG_FADT "FACP"
#define ACPI_SIG_DSDT "DSDT"
#define ACPI_SIG_FACS "FACS"
#define ACPI_SIG_MADT "APIC"
#define ACPI_SIG_SRAT "SRAT"
#define ACPI_SIG_SLIT "SLIT"

#define ACPI_RSDP_CHECKSUM_LENGTH 20	/* the ACPI 1.0 part */
#define ACPI_RSDP_XCHECKSUM_LENGTH 36	/* the whole ACPI 2.0+ RSDP */
#define ACPI_RSDT_ENTRY_SIZE 4
#define ACPI_XSDT_ENTRY_SIZE 8

struct acpi_table_header {
	char signature[ACPI_NAME_SIZE];
	u32 length;			/* of the whole table, header included */
	u8 revision;
	u8 checksum;			/* all bytes of the table sum to 0 */
	char oem_id[ACPI_OEM_ID_SIZE];
	char oem_table_id[ACPI_OEM_TABLE_ID_SIZE];
	u32 oem_revision;
	char asl_compiler_id[ACPI_NAME_SIZE];
	u32 asl_compiler_revision;
} __packed;

/* Root System Description Pointer: found by address or by scanning low memory. */
struct acpi_table_rsdp {
	char signature[8];		/* "RSD PTR " */
	u8 checksum;			/* of the first 20 bytes */
	char oem_id[ACPI_OEM_ID_SIZE];
	u8 revision;			/* 0: ACPI 1.0 (RSDT only); 2: ACPI 2.0+ (XSDT too) */
	u32 rsdt_physical_address;
	u32 length;			/* from here on, ACPI 2.0+ only */
	u64 xsdt_physical_address;
	u8 extended_checksum;		/* of all 36 bytes */
	u8 reserved[3];
} __packed;

/* RSDT: 32-bit table addresses; XSDT: 64-bit ones. */
struct acpi_table_rsdt {
	struct acpi_table_header header;
	u32 table_offset_entry[1];
} __packed;

struct acpi_table_xsdt {
	struct acpi_table_header header;
	u64 table_offset_entry[1];
} __packed;

/* A register's address space and address (the FADT's "X" blocks, the HPET's base). */
struct acpi_generic_address {
	u8 space_id;
	u8 bit_width;
	u8 bit_offset;
	u8 access_width;
	u64 address;
} __packed;

#define ACPI_ADR_SPACE_SYSTEM_MEMORY 0
#define ACPI_ADR_SPACE_SYSTEM_IO 1

/*
 * The FADT ("FACP"): the DSDT and the FACS, the SCI's interrupt and the PM timer's port; only
 * those fields are read here. Older firmware gives a shorter table: a field is read only when the
 * table's length covers it.
 */
struct acpi_table_fadt {
	struct acpi_table_header header;
	u32 facs;
	u32 dsdt;
	u8 model;
	u8 preferred_profile;
	u16 sci_interrupt;		/* the SCI's ISA interrupt */
	u32 smi_command;
	u8 acpi_enable;
	u8 acpi_disable;
	u8 s4_bios_request;
	u8 pstate_control;
	u32 pm1a_event_block;
	u32 pm1b_event_block;
	u32 pm1a_control_block;
	u32 pm1b_control_block;
	u32 pm2_control_block;
	u32 pm_timer_block;		/* the PM timer's I/O port (ACPI 1.0) */
	u8 unused[132 - 80];
	u64 Xfacs;			/* ACPI 2.0+: 64-bit versions, when the table is long enough */
	u64 Xdsdt;
	struct acpi_generic_address xpm1a_event_block;
	struct acpi_generic_address xpm1b_event_block;
	struct acpi_generic_address xpm1a_control_block;
	struct acpi_generic_address xpm1b_control_block;
	struct acpi_generic_address xpm2_control_block;
	struct acpi_generic_address xpm_timer_block;
} __packed;

#define FADT2_REVISION_ID 3		/* from here on the "X" blocks count */

/* a field of a firmware table, if the table is long enough to hold it */
#define acpi_table_has(table, field) \
	((table)->header.length >= offsetof(typeof(*(table)), field) + sizeof((table)->field))

/* Multiple APIC Description Table: the local APICs' address, then subtables. */
struct acpi_table_madt {
	struct acpi_table_header header;
	u32 address;			/* physical address of the local APICs */
	u32 flags;
} __packed;

/* Subtables of the SRAT and MADT: a type and a length, then the type's fields. */
struct acpi_subtable_header {
	u8 type;
	u8 length;
} __packed;

/* The MADT's subtables (actbl1.h) that boot reads. */
enum acpi_madt_type {
	ACPI_MADT_TYPE_LOCAL_APIC = 0,
	ACPI_MADT_TYPE_IO_APIC = 1,
	ACPI_MADT_TYPE_INTERRUPT_OVERRIDE = 2,
	ACPI_MADT_TYPE_NMI_SOURCE = 3,
	ACPI_MADT_TYPE_LOCAL_APIC_NMI = 4,
	ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE = 5,
	ACPI_MADT_TYPE_LOCAL_X2APIC = 9,
	ACPI_MADT_TYPE_LOCAL_X2APIC_NMI = 10,
};

struct acpi_madt_local_apic {
	struct acpi_subtable_header header;
	u8 processor_id;		/* ACPI processor id */
	u8 id;				/* local APIC id */
	u32 lapic_flags;
} __packed;

struct acpi_madt_io_apic {
	struct acpi_subtable_header header;
	u8 id;
	u8 reserved;
	u32 address;
	u32 global_irq_base;		/* the GSI of its first pin */
} __packed;

struct acpi_madt_interrupt_override {
	struct acpi_subtable_header header;
	u8 bus;				/* 0: ISA */
	u8 source_irq;
	u32 global_irq;
	u16 inti_flags;
} __packed;

struct acpi_madt_local_apic_nmi {
	struct acpi_subtable_header header;
	u8 processor_id;		/* 0xff: every processor */
	u16 inti_flags;
	u8 lint;			/* LINTn input */
} __packed;

struct acpi_madt_local_x2apic {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 local_apic_id;
	u32 lapic_flags;
	u32 uid;
} __packed;

struct acpi_madt_local_x2apic_nmi {
	struct acpi_subtable_header header;
	u16 inti_flags;
	u32 uid;
	u8 lint;
	u8 reserved[3];
} __packed;

#define ACPI_MADT_ENABLED 1		/* lapic_flags: the processor is usable */
#define ACPI_MADT_POLARITY_MASK 3	/* inti_flags */
#define ACPI_MADT_TRIGGER_MASK (3 << 2)

/* SRAT: System Resource Affinity Table -- which CPUs and memory belong to which domain. */
struct acpi_table_srat {
	struct acpi_table_header header;
	u32 table_revision;		/* must be 1 */
	u64 reserved;
} __packed;

enum acpi_srat_type {
	ACPI_SRAT_TYPE_CPU_AFFINITY = 0,
	ACPI_SRAT_TYPE_MEMORY_AFFINITY = 1,
	ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY = 2,
	ACPI_SRAT_TYPE_GICC_AFFINITY = 3,
	ACPI_SRAT_TYPE_RESERVED = 4
};

struct acpi_srat_cpu_affinity {
	struct acpi_subtable_header header;
	u8 proximity_domain_lo;
	u8 apic_id;
	u32 flags;
	u8 local_sapic_eid;
	u8 proximity_domain_hi[3];	/* SRAT revision 2+: bits 8..31 of the domain */
	u32 clock_domain;
} __packed;

#define ACPI_SRAT_CPU_USE_AFFINITY (1)
#define ACPI_SRAT_CPU_ENABLED (1)

struct acpi_srat_mem_affinity {
	struct acpi_subtable_header header;
	u32 proximity_domain;		/* SRAT revision 1: only the low 8 bits count */
	u16 reserved;
	u64 base_address;
	u64 length;
	u32 reserved1;
	u32 flags;
	u64 reserved2;
} __packed;

#define ACPI_SRAT_MEM_ENABLED (1)
#define ACPI_SRAT_MEM_HOT_PLUGGABLE (1 << 1)
#define ACPI_SRAT_MEM_NON_VOLATILE (1 << 2)

struct acpi_srat_x2apic_cpu_affinity {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 proximity_domain;
	u32 apic_id;
	u32 flags;
	u32 clock_domain;
	u32 reserved2;
} __packed;

/* SLIT: System Locality Information Table -- an N x N matrix of relative distances. */
struct acpi_table_slit {
	struct acpi_table_header header;
	u64 locality_count;
	u8 entry[1];			/* really [locality_count][locality_count] */
} __packed;

_Static_assert(sizeof(struct acpi_table_header) == 36, "ACPI table header is 36 bytes");
_Static_assert(sizeof(struct acpi_table_rsdp) == 36, "ACPI 2.0 RSDP is 36 bytes");
_Static_assert(sizeof(struct acpi_table_fadt) == 220, "FADT up to X_PM_TMR_BLK");
_Static_assert(__builtin_offsetof(struct acpi_table_fadt, pm_timer_block) == 76, "FADT PM_TMR_BLK");
_Static_assert(sizeof(struct acpi_table_srat) == 48, "SRAT header");
_Static_assert(sizeof(struct acpi_srat_cpu_affinity) == 16, "SRAT processor affinity");
_Static_assert(sizeof(struct acpi_srat_mem_affinity) == 40, "SRAT memory affinity");
_Static_assert(sizeof(struct acpi_srat_x2apic_cpu_affinity) == 24, "SRAT x2APIC affinity");

#endif
