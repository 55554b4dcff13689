/*
 * Shared by the ACPI root fuzzers (RSDP scan, RSDT/XSDT walk, FADT): table addresses from the
 * input are folded into the window where SeaBIOS puts the tables (zeroed before each run), so
 * that a long run does not touch the whole hosted physical memory; a flag sends one past the
 * direct map instead, where early_memremap must refuse it.
 */
#ifndef FUZZ_ACPI_H
#define FUZZ_ACPI_H
/* after acpi_images.h and fuzz_boot.h (CHECK) */

#define WINDOW 0xbffe0000UL
#define WINDOW_SIZE 0x20000UL

static inline u64 table_address(u32 raw)
{
	if (raw >> 31)
		return (u64)(raw & 0xffff) << 37;	/* 128 GiB and above, or 0 */
	return WINDOW + raw % WINDOW_SIZE;
}

/* What any outcome leaves: a bounded table list, each table mapped in full, which early_memremap
 * does for at most 64 pages (a length of 0 is never mapped). */
static inline void check_table_list(const char *log)
{
	struct acpi_table_list *list = &acpi_gbl_root_table_list;

	CHECK(list->current_table_count <= ACPI_MAX_TABLES);
	for (u32 i = 0; i < list->current_table_count; i++) {
		struct acpi_table_desc *d = &list->tables[i];

		CHECK(d->length > 0 && d->length <= 64 * PAGE_SIZE);
	}
}
#endif
