/*
 * Shared by the ACPI/NUMA tests and fuzzers: byte images of ACPI tables written into the hosted
 * physical memory, and a reset of the state one boot leaves behind (memblock, the ACPI table
 * list, the PXM maps, numa_meminfo's companions), so that each test or fuzz input starts clean.
 */
#ifndef ACPI_IMAGES_H
#define ACPI_IMAGES_H
#include <linux/memblock.h>
#include "memblock_reset.h"
#include <linux/bootmem.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/acpi.h>
#include <linux/nodemask.h>
#include <linux/topology.h>
#include <acpi/acpixf.h>
#include <asm/bootparam.h>
#include <asm/setup.h>
#include <asm/pgtable_types.h>
#include "../../kernel/arch/x86/mm/numa_internal.h"

/* The zero page that enlighten.c (not built for the host) defines; weak, so a test may own one. */
__attribute__((weak)) struct boot_params boot_params;

/* The state the kernel keeps across a boot, reset before each test. */
extern int pxm_to_node_map[MAX_PXM_DOMAINS], node_to_pxm_map[MAX_NUMNODES];
extern nodemask_t nodes_found_map;
extern int parsed_numa_memblks, acpi_verify_table_checksum, numa_distance_cnt;
extern u8 *numa_distance;
void acpi_boot_table_init(void);
static inline void reset_acpi_numa_state(void)
{
	memblock_reset();
	/* page_alloc's early_pfn_to_nid() caches its last answer: point it at a page no test uses */
	memblock_add_node(0x3ff000000000ULL, PAGE_SIZE, 0);
	early_pfn_to_nid(PFN_DOWN(0x3ff000000000ULL));
	memblock_reset();

	memset(__va(0), 0, 0x100000);			/* BIOS area: EBDA pointer, RSDP */
	memset(__va(0xbffe0000), 0, 0x20000);		/* where SeaBIOS puts the tables */
	memset(&boot_params, 0, sizeof(boot_params));
	acpi_disabled = 0;
	acpi_numa = 0;
	acpi_srat_revision = 0;
	acpi_verify_table_checksum = 0;
	parsed_numa_memblks = 0;
	nodes_clear(nodes_found_map);
	for (int i = 0; i < MAX_PXM_DOMAINS; i++)
		pxm_to_node_map[i] = NUMA_NO_NODE;
	for (int i = 0; i < MAX_NUMNODES; i++) {
		node_to_pxm_map[i] = PXM_INVAL;
		node_data[i] = NULL;
	}
	numa_off = 0;
	numa_emu_cmdline(NULL);
	numa_distance = NULL;
	numa_distance_cnt = 0;
	max_possible_pfn = 0;
}

/* ---- ACPI table images ---- */

static inline void acpi_header(u64 pa, const char *sig, u32 len, u8 rev)
{
	struct acpi_table_header *h = __va(pa);

	memcpy(h->signature, sig, 4);
	h->length = len;
	h->revision = rev;
	memcpy(h->oem_id, "BOCHS ", 6);
	memcpy(h->oem_table_id, "BXPC    ", 8);
	h->oem_revision = 1;
	memcpy(h->asl_compiler_id, "BXPC", 4);
	h->asl_compiler_revision = 1;
}

static inline u8 sum(const void *p, u32 len)
{
	u8 s = 0;

	for (u32 i = 0; i < len; i++)
		s += ((const u8 *)p)[i];
	return s;
}

static inline void acpi_checksum(u64 pa)
{
	struct acpi_table_header *h = __va(pa);

	h->checksum = 0;
	h->checksum = -sum(h, h->length);
}

static inline void rsdp_v0(u64 pa, u32 rsdt)
{
	struct acpi_table_rsdp *r = __va(pa);

	memcpy(r->signature, "RSD PTR ", 8);
	memcpy(r->oem_id, "BOCHS ", 6);
	r->revision = 0;
	r->rsdt_physical_address = rsdt;
	r->checksum = -sum(r, 20);
}

static inline void rsdp_v2(u64 pa, u32 rsdt, u64 xsdt)
{
	struct acpi_table_rsdp *r = __va(pa);

	memcpy(r->signature, "RSD PTR ", 8);
	memcpy(r->oem_id, "BOCHS ", 6);
	r->revision = 2;
	r->rsdt_physical_address = rsdt;
	r->length = 36;
	r->xsdt_physical_address = xsdt;
	r->checksum = -sum(r, 20);
	r->extended_checksum = -sum(r, 36);
}

static inline void rsdt(u64 pa, const u32 *entries, int n)
{
	acpi_header(pa, "RSDT", 36 + 4 * n, 1);
	memcpy((u8 *)__va(pa) + 36, entries, 4 * n);
	acpi_checksum(pa);
}

static inline void xsdt(u64 pa, const u64 *entries, int n)
{
	acpi_header(pa, "XSDT", 36 + 8 * n, 1);
	memcpy((u8 *)__va(pa) + 36, entries, 8 * n);
	acpi_checksum(pa);
}

/* An SRAT is built entry by entry, then closed (length and checksum). */
static u64 srat_pa;
static u32 srat_len;

static inline void srat_begin(u64 pa)
{
	srat_pa = pa;
	srat_len = sizeof(struct acpi_table_srat);
	acpi_header(pa, "SRAT", 0, 1);
	((struct acpi_table_srat *)__va(pa))->table_revision = 1;
}

static inline void srat_cpu(u8 pxm, u8 apic_id, u32 flags)
{
	struct acpi_srat_cpu_affinity *e = (void *)((u8 *)__va(srat_pa) + srat_len);

	e->header.type = ACPI_SRAT_TYPE_CPU_AFFINITY;
	e->header.length = sizeof(*e);
	e->proximity_domain_lo = pxm;
	e->apic_id = apic_id;
	e->flags = flags;
	srat_len += sizeof(*e);
}

static inline void srat_x2apic(u32 pxm, u32 apic_id)
{
	struct acpi_srat_x2apic_cpu_affinity *e = (void *)((u8 *)__va(srat_pa) + srat_len);

	e->header.type = ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY;
	e->header.length = sizeof(*e);
	e->proximity_domain = pxm;
	e->apic_id = apic_id;
	e->flags = ACPI_SRAT_CPU_ENABLED;
	srat_len += sizeof(*e);
}

static inline void srat_mem(u32 pxm, u64 base, u64 len, u32 flags)
{
	struct acpi_srat_mem_affinity *e = (void *)((u8 *)__va(srat_pa) + srat_len);

	e->header.type = ACPI_SRAT_TYPE_MEMORY_AFFINITY;
	e->header.length = sizeof(*e);
	e->proximity_domain = pxm;
	e->base_address = base;
	e->length = len;
	e->flags = flags;
	srat_len += sizeof(*e);
}

static inline void srat_end(void)
{
	((struct acpi_table_header *)__va(srat_pa))->length = srat_len;
	acpi_checksum(srat_pa);
}

static inline void slit(u64 pa, int n, const u8 *matrix)
{
	struct acpi_table_slit *s = __va(pa);

	acpi_header(pa, "SLIT", 44 + n * n, 1);
	s->locality_count = n;
	memcpy(s->entry, matrix, n * n);
	acpi_checksum(pa);
}

/* ---- machines (memblock as e820__memblock_setup leaves it, QEMU's SeaBIOS maps) ---- */

static inline void memory(u64 max_pfn_, const u64 (*ranges)[2], int n)
{
	for (int i = 0; i < n; i++)
		memblock_add(ranges[i][0], ranges[i][1] - ranges[i][0]);
	memblock_reserve(0, 0x100000);			/* page 0, the BIOS area */
	memblock_reserve(0x1000000, 0x2811000);		/* the kernel image */
	max_pfn = max_pfn_;
	memblock_set_current_limit(PFN_PHYS(max_pfn));
}

/* -m 6G, two nodes of 3 GiB: node 1 above 4 GiB (scripts/topologies/two-node) */
static inline void two_node_machine(void)
{
	static const u64 ram[][2] = {
		{ 0x1000, 0x9f000 }, { 0x100000, 0xbffe0000 }, { 0x100000000, 0x1c0000000 },
	};

	memory(0x1c0000, ram, 3);
}

/* QEMU's SRAT for two-node: two CPUs, the 640K hole split out, one empty padding entry. */
static inline void two_node_srat(u64 pa)
{
	srat_begin(pa);
	srat_cpu(0, 0, ACPI_SRAT_CPU_ENABLED);
	srat_cpu(1, 1, ACPI_SRAT_CPU_ENABLED);
	srat_mem(0, 0, 0xa0000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(0, 0x100000, 0xbff00000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(1, 0x100000000, 0xc0000000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(0, 0, 0, 0);
	srat_end();
}

/* RSDP in the BIOS area -> RSDT -> the given tables, at the oracle's addresses. */
static inline void acpi_root(const u32 *tables, int n)
{
	rsdp_v0(0xf59b0, 0xbffe1c2f);
	rsdt(0xbffe1c2f, tables, n);
}

static inline void boot(void)
{
	acpi_boot_table_init();
	x86_numa_init();
}

#endif
