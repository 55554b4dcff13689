/*
 * Fuzz the root table walk (acpi_tb_parse_root_table: RSDT or XSDT) through acpi_boot_table_init
 * and x86_numa_init, on the two-node machine whose SRAT is in the window.
 *
 * Input: byte 0 = flags (bit 0: an ACPI 2.0 RSDP with an XSDT; bit 1: acpi_force_table_verification),
 * bytes 1-4 = the root table's length (little endian, as firmware wrote it), then its entries
 * (u32 each, folded into the window by table_address; an XSDT widens them), then bytes written
 * over the window after the SRAT (more tables, or garbage).
 *
 * Checked: no crash or sanitizer report, a sane table list (fuzz_acpi.h), and Linux's NUMA outcome
 * (fuzz_boot.h): the SRAT's nodes or one faked node.
 */
#define MM_STEP_HOSTED
#pragma clang diagnostic ignored "-Wmacro-redefined"
#include <stdint.h>
#include <stdlib.h>
#include "unit.h"
#include "acpi_images.h"
#include "fuzz_boot.h"
#include "fuzz_acpi.h"

#define ROOT 0xbffe1c2f
#define SRAT 0xbffe1000
#define MAX_ENTRIES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *log = console_log + strlen(console_log);
	u32 raw[MAX_ENTRIES], length;
	u64 wide[MAX_ENTRIES];
	size_t n;

	if (size < 5)
		return 0;
	reset_acpi_numa_state();
	two_node_machine();
	two_node_srat(SRAT);
	memcpy(&length, data + 1, 4);
	n = min_t(size_t, (size - 5) / 4, MAX_ENTRIES);
	memcpy(raw, data + 5, n * 4);
	for (size_t i = 0; i < n; i++)
		wide[i] = raw[i] == 0 ? 0 : raw[i] == 1 ? SRAT : table_address(raw[i]);
	if (data[0] & 1) {
		xsdt(ROOT, wide, n);
		rsdp_v2(0xf59b0, 0, ROOT);
	} else {
		for (size_t i = 0; i < n; i++)
			raw[i] = (u32)wide[i];
		rsdt(ROOT, raw, n);
		rsdp_v0(0xf59b0, ROOT);
	}
	((struct acpi_table_header *)__va(ROOT))->length = length;
	acpi_verify_table_checksum = data[0] >> 1 & 1;
	/* the rest over the window after the root table: other tables, or nothing sane */
	memcpy(__va(ROOT + 36 + 8 * n), data + 5 + 4 * n,
	       min_t(size_t, size - 5 - 4 * n, WINDOW + WINDOW_SIZE - (ROOT + 36 + 8 * n)));

	boot();
	check_table_list(log);
	check_numa_result(log);
	return 0;
}
