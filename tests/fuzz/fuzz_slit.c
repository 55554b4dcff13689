/*
 * Fuzz the SLIT through acpi_numa_init, behind a valid SRAT of 1 to 4 nodes on the two-node
 * machine's memory (scripts/topologies/two-node).
 *
 * Input: byte 0 = nodes - 1 (low 2 bits); byte 1 = the first proximity domain (domains are
 * consecutive from it); byte 2 = extra length the SLIT header claims beyond the input; the rest
 * = the SLIT after its header: locality_count (8 bytes, little endian), then the matrix.
 *
 * Checked: no crash or sanitizer report, no hang; the NUMA configuration is always used; the
 * distance of a node to itself is 10 and to another node more than 10, whether the SLIT was
 * taken or refused ("SLIT table looks invalid. Not used.").
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
#define SLIT_PA 0xbffe1400
#define MAX_BODY 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u32 tables[] = { SRAT_PA, SLIT_PA };
	const char *log = console_log + strlen(console_log);
	const u64 ram_end = 0x1c0000000;
	struct acpi_table_header *h = __va(SLIT_PA);
	int nodes, cnt;
	size_t body;

	if (size < 3)
		return 0;
	nodes = (data[0] & 3) + 1;
	body = min_t(size_t, size - 3, MAX_BODY);

	reset_acpi_numa_state();
	two_node_machine();
	srat_begin(SRAT_PA);
	for (int i = 0; i < nodes; i++) {
		u64 start = ALIGN_DOWN(ram_end / nodes * i, PMD_SIZE);
		u64 end = i == nodes - 1 ? ram_end : ALIGN_DOWN(ram_end / nodes * (i + 1), PMD_SIZE);

		srat_cpu((u8)(data[1] + i), i, ACPI_SRAT_CPU_ENABLED);
		srat_mem((u8)(data[1] + i), start, end - start, ACPI_SRAT_MEM_ENABLED);
	}
	srat_end();
	acpi_header(SLIT_PA, "SLIT", sizeof(*h) + body, 1);
	memcpy((u8 *)h + sizeof(*h), data + 3, body);
	acpi_checksum(SLIT_PA);
	h->length += data[2];
	acpi_root(tables, 2);

	boot();
	check_numa_result(log);

	CHECK(!strstr(log, "Faking a node at"));
	cnt = numa_distance_cnt;
	CHECK(cnt == 0 || (!strstr(log, "SLIT table looks invalid") && cnt == nodes));
	for (int i = 0; i < nodes; i++)
		for (int j = 0; j < nodes; j++)
			CHECK(i == j ? node_distance(i, j) == LOCAL_DISTANCE :
				       node_distance(i, j) > LOCAL_DISTANCE);
	return 0;
}
