/* printk's formats: the ones Linux's mm-init lines use, with exact expected text. */
#include "unit.h"

int kernel_snprintf(char *buf, unsigned long size, const char *fmt, ...);
#define snprintf kernel_snprintf
int printk(const char *fmt, ...);

static const char *fmt1(const char *fmt, unsigned long long v)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), fmt, v);
	return buf;
}

TEST(vsprintf_linux_mm_formats)
{
	EXPECT_STR(fmt1("%#018Lx", 0x9fbffULL), "0x000000000009fbff");
	EXPECT_STR(fmt1("%#010Lx", 0xfffULL), "0x00000fff");
	EXPECT_STR(fmt1("%#010Lx", 0x17fffffffULL), "0x17fffffff");
	EXPECT_STR(fmt1("%#lx", 0x7ffe0), "0x7ffe0");
	EXPECT_STR(fmt1("%#lx", 0), "0x0");	/* Linux prints 0x0 (memblock "flags: 0x0"), unlike C */
	EXPECT_STR(fmt1("%3d", 1), "  1");
	EXPECT_STR(fmt1("%-8s|", (unsigned long long)(unsigned long)"DMA"), "DMA     |");
	EXPECT_STR(fmt1("%8s|", (unsigned long long)(unsigned long)"DMA32"), "   DMA32|");
	EXPECT_STR(fmt1("%6lu ", 3), "     3 ");
	EXPECT_STR(fmt1("%-12s|", (unsigned long long)(unsigned long)"nr_free_pages"), "nr_free_pages|");
	EXPECT_STR(fmt1("%ld", (unsigned long long)-5), "-5");
	EXPECT_STR(fmt1("%lld", (unsigned long long)-1), "-1");
	EXPECT_STR(fmt1("%02x", 7), "07");
	EXPECT_STR(fmt1("%u%%", 50), "50%");
}

TEST(vsprintf_pa_prints_phys_addr_by_reference)
{
	char buf[64];
	unsigned long long pa = 0x1000;

	snprintf(buf, sizeof(buf), "[%pa]", &pa);
	EXPECT_STR(buf, "[0x0000000000001000]");
}

TEST(vsprintf_truncates_and_counts)
{
	char buf[4];

	const char *six = "abcdef";

	EXPECT_EQ(snprintf(buf, sizeof(buf), "%s", six), 6);
	EXPECT_STR(buf, "abc");
}

TEST(printk_levels_and_continuation)
{
	printk("\0016" "Zone ranges:\n");
	printk("\0016" "  %-8s ", "DMA");
	printk("\001c" "empty\n");
	EXPECT_STR(console_log, "Zone ranges:\n  DMA      empty\n");
}

TEST(vsprintf_symbol_without_table_prints_the_address)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%pS", (void *)0x1234);
	EXPECT_STR(buf, "0x1234");
}
