/*
 * Fuzz the FADT (acpi_tb_parse_fadt): the table that brings the DSDT and the FACS, through 32-bit
 * and 64-bit (X_) fields that exist only when the FADT is long enough.
 *
 * Input: bytes 0-3 = the FADT's length; then its body after the header (the DSDT/FACS fields among
 * it: their addresses folded into the window by table_address); the rest goes over the window
 * after the FADT (the tables those fields point to, or garbage).
 *
 * Checked: no crash or sanitizer report; a sane table list; the FADT's own entry first.
 */
#define MM_STEP_HOSTED
#pragma clang diagnostic ignored "-Wmacro-redefined"
#include <stdint.h>
#include <stdlib.h>
#include "unit.h"
#include "acpi_images.h"
#include "fuzz_boot.h"
#include "fuzz_acpi.h"

#define FADT 0xbffe0100
#define BODY 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u32 tables[] = { FADT };
	struct acpi_table_fadt *f = __va(FADT);
	const char *log = console_log + strlen(console_log);
	size_t body;

	if (size < 4)
		return 0;
	reset_acpi_numa_state();
	two_node_machine();
	body = min_t(size_t, size - 4, BODY);
	memcpy((u8 *)f + sizeof(struct acpi_table_header), data + 4, body);
	acpi_header(FADT, "FACP", 0, 6);
	memcpy(&f->header.length, data, 4);
	f->dsdt = (u32)table_address(f->dsdt);
	f->facs = (u32)table_address(f->facs);
	f->Xdsdt = f->Xdsdt ? table_address((u32)f->Xdsdt) : 0;
	f->Xfacs = f->Xfacs ? table_address((u32)f->Xfacs) : 0;
	memcpy((u8 *)f + sizeof(struct acpi_table_header) + body, data + 4 + body,
	       min_t(size_t, size - 4 - body, WINDOW_SIZE - 0x1000));
	acpi_root(tables, 1);

	acpi_boot_table_init();
	check_table_list(log);
	if (acpi_gbl_root_table_list.current_table_count)
		CHECK(acpi_gbl_root_table_list.tables[0].address == FADT);
	return 0;
}
