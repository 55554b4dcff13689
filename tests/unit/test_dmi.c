/*
 * dmi_scan_machine (drivers/firmware/dmi_scan.c): an SMBIOS 2.8 entry point in the BIOS's 64K, as
 * SeaBIOS writes it under QEMU, and the two lines Linux 4.19 prints from it on one-node.machine.
 */
#define MM_STEP_HOSTED
#include "unit.h"
#include <asm/setup.h>
#include <asm/page.h>

extern size_t hosted_brk_used;

/* One structure: its formatted area (type, length, handle, fields), then its strings. */
static unsigned char *put(unsigned char *p, const unsigned char *area, int len, const char *strings, int slen)
{
	memcpy(p, area, len);
	memcpy(p + len, strings, slen);
	return p + len + slen;
}

static void checksum(unsigned char *p, int len, int at)
{
	unsigned char sum = 0;

	p[at] = 0;
	for (int i = 0; i < len; i++)
		sum += p[i];
	p[at] = -sum;
}

TEST(smbios_2_8_entry_point_gives_the_dmi_line)
{
	static const unsigned char bios[0x12] = { 0, 0x12, 0, 0, 1, 2, 0, 0xe8, 3 };
	static const unsigned char sys[0x1b] = { 1, 0x1b, 0x00, 0x01, 1, 2 };
	static const unsigned char end[4] = { 127, 4, 0x00, 0x7f };
	unsigned char *ep = __va(0xf5a00), *table = __va(0xf5b00), *p = table;

	p = put(p, bios, sizeof(bios), "SeaBIOS\0" "1.16.2-debian-1.16.2-1\0" "04/01/2014\0", 43);
	p = put(p, sys, sizeof(sys), "QEMU\0Standard PC (i440FX + PIIX, 1996)\0", 40);
	p = put(p, end, sizeof(end), "\0", 2);
	memset(ep, 0, 32);
	memcpy(ep, "_SM_", 4);
	ep[5] = 0x1f;				/* entry point length */
	ep[6] = 2, ep[7] = 8;			/* SMBIOS 2.8 */
	memcpy(ep + 16, "_DMI_", 5);
	ep[22] = p - table;			/* table length, le16 */
	memcpy(ep + 24, &(unsigned int){ 0xf5b00 }, 4);
	ep[28] = 3;				/* structures */
	ep[30] = 0x28;
	checksum(ep + 16, 15, 5);
	checksum(ep, 0x1f, 4);

	dmi_scan_machine();
	EXPECT_STR(console_log, "SMBIOS 2.8 present.\n"
		   "DMI: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n");
	EXPECT_EQ(hosted_brk_used, PAGE_SIZE);	/* the page Linux's copies fill */
	memset(ep, 0, 32);
	memset(table, 0, p - table);
}
