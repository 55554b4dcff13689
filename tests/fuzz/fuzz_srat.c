/*
 * Fuzz the SRAT through acpi_boot_table_init and x86_numa_init, on the two-node machine's
 * memory (scripts/topologies/two-node): the RSDP and RSDT are well formed and point to one SRAT
 * whose body is the input.
 *
 * Input: byte 0 = the SRAT's revision; byte 1 = extra length the header claims beyond the input
 * (zeros follow the table, as they may in firmware); bit 0 of byte 2 = numa=fake=3; the rest =
 * the subtables (at most 4096 bytes).
 *
 * Checked: no crash or sanitizer report, and Linux's outcome: either the SRAT is used, or NUMA
 * falls back to one faked node; either way numa_meminfo is sane, covers the RAM, and every
 * memblock.memory region has a node that is online.
 */
#define MM_STEP_HOSTED
/* libc (for libFuzzer) and the kernel headers both define NULL, va_start ...: same meanings */
#pragma clang diagnostic ignored "-Wmacro-redefined"
#include <stdint.h>
#include <stdlib.h>
#include "unit.h"
#include "acpi_images.h"
#include "fuzz_boot.h"

#define SRAT_PA 0xbffe1000
#define MAX_BODY 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u32 tables[] = { SRAT_PA };
	static char fake[] = "3";
	const char *log = console_log + strlen(console_log);
	size_t body;

	if (size < 3)
		return 0;
	body = min_t(size_t, size - 3, MAX_BODY);

	reset_acpi_numa_state();
	two_node_machine();
	srat_begin(SRAT_PA);
	((struct acpi_table_header *)__va(SRAT_PA))->revision = data[0];
	memcpy((u8 *)__va(SRAT_PA) + srat_len, data + 3, body);
	srat_len += body;
	srat_end();
	((struct acpi_table_header *)__va(SRAT_PA))->length += data[1];
	acpi_root(tables, 1);
	if (data[2] & 1)
		numa_emu_cmdline(fake);

	boot();
	check_numa_result(log);
	return 0;
}
