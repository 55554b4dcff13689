/*
 * Fuzz the RSDP scan (acpi_find_root_pointer): the first KiB of the EBDA, whose segment the BDA
 * gives at 0x40e, then 0xe0000-0xfffff, in 16-byte steps, for a valid "RSD PTR " structure.
 *
 * Input: bytes 0-1 = the EBDA segment; bytes 2-5 = where in the 0xe0000 window the rest goes;
 * the rest = bytes placed at the EBDA and at that offset (candidate RSDPs: the signature and
 * checksums are easy for the fuzzer to hit with the corpus).
 *
 * Checked: no crash or sanitizer report; a found RSDP is 16-byte aligned in one of the two
 * windows and passes acpi_tb_validate_rsdp; the EBDA wins over the high window.
 */
#define MM_STEP_HOSTED
#pragma clang diagnostic ignored "-Wmacro-redefined"
#include <stdint.h>
#include <stdlib.h>
#include "unit.h"
#include "acpi_images.h"
#include "../../kernel/drivers/acpi/acpica/actables.h"

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "fuzz_rsdp: %s:%d: %s\n",	\
	__FILE__, __LINE__, #cond); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	acpi_physical_address pa = 0;
	u32 ebda, off;
	u16 seg;
	size_t n;

	if (size < 6)
		return 0;
	memset(__va(0), 0, 0x100000);
	memcpy(&seg, data, 2);
	memcpy(&off, data + 2, 4);
	off %= ACPI_HI_RSDP_WINDOW_SIZE;
	*(u16 *)__va(ACPI_EBDA_PTR_LOCATION) = seg;
	ebda = (u32)seg << 4;
	n = size - 6;
	if (ebda > 0x400)
		memcpy(__va(ebda), data + 6, min_t(size_t, n, 0x100000 - ebda));
	memcpy(__va(ACPI_HI_RSDP_WINDOW_BASE + off), data + 6, min_t(size_t, n, ACPI_HI_RSDP_WINDOW_SIZE - off));

	if (acpi_find_root_pointer(&pa) != AE_OK)
		return 0;
	CHECK(pa % ACPI_RSDP_SCAN_STEP == 0);
	CHECK((ebda > 0x400 && pa >= ebda && pa < ebda + ACPI_EBDA_WINDOW_SIZE) ||
	      (pa >= ACPI_HI_RSDP_WINDOW_BASE && pa < ACPI_HI_RSDP_WINDOW_BASE + ACPI_HI_RSDP_WINDOW_SIZE));
	CHECK(acpi_tb_validate_rsdp(__va(pa)) == AE_OK);
	return 0;
}
