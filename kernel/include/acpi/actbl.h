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

/* The FADT ("FACP") points to the DSDT and the FACS; only those fields are read here. */
struct acpi_table_fadt {
	struct acpi_table_header header;
	u32 facs;
	u32 dsdt;
	u8 unused[132 - 44];
	u64 Xfacs;			/* ACPI 2.0+: 64-bit versions, when the table is long enough */
	u64 Xdsdt;
} __packed;

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
_Static_assert(sizeof(struct acpi_table_fadt) == 148, "FADT up to X_DSDT");
_Static_assert(sizeof(struct acpi_table_srat) == 48, "SRAT header");
_Static_assert(sizeof(struct acpi_srat_cpu_affinity) == 16, "SRAT processor affinity");
_Static_assert(sizeof(struct acpi_srat_mem_affinity) == 40, "SRAT memory affinity");
_Static_assert(sizeof(struct acpi_srat_x2apic_cpu_affinity) == 24, "SRAT x2APIC affinity");

#endif
