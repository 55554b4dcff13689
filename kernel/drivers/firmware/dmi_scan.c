/*
 * dmi_scan_machine (drivers/firmware/dmi_scan.c, Linux 4.19), as far as the boot log goes: the
 * SMBIOS entry point in the BIOS's 64K, then, from the structure table it points to, the names
 * that make up the "DMI:" line. Linux also copies these strings, the UUID and the device tables
 * into brk (dmi_alloc); the replay keeps pointers into the table instead, and takes the brk page
 * that Linux's copies fill.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/io.h>
#include <asm/setup.h>

enum dmi_field { DMI_BIOS_VERSION, DMI_BIOS_DATE, DMI_SYS_VENDOR, DMI_PRODUCT_NAME, DMI_BOARD_NAME,
		 DMI_STRING_MAX };

struct dmi_header {
	u8 type;
	u8 length;		/* of the formatted area; its strings follow, ending in "\0\0" */
	u16 handle;
} __packed;

#define DMI_ENTRY_END_OF_TABLE 127

static const char dmi_empty_string[] = "";
static const char *dmi_ident[DMI_STRING_MAX];
static u32 dmi_ver, dmi_len;
static u16 dmi_num;
static phys_addr_t dmi_base;
static char dmi_ids_string[128];

static u32 le(const u8 *p, int n)
{
	u32 v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* String number s of a structure (1-based; 0 or all spaces: empty). */
static const char *dmi_string_nosave(const struct dmi_header *dm, u8 s)
{
	const char *bp = (const char *)dm + dm->length;
	const char *nsp;

	if (s) {
		while (--s > 0 && *bp)
			bp += strlen(bp) + 1;

		/* Strings containing only spaces are considered empty */
		nsp = bp;
		while (*nsp == ' ')
			nsp++;
		if (*nsp != '\0')
			return bp;
	}
	return dmi_empty_string;
}

static void dmi_save_ident(const struct dmi_header *dm, int slot, int string)
{
	if (dmi_ident[slot] || dm->length <= string)
		return;
	dmi_ident[slot] = dmi_string_nosave(dm, ((const u8 *)dm)[string]);
}

static void dmi_decode(const struct dmi_header *dm)
{
	switch (dm->type) {
	case 0:		/* BIOS Information */
		dmi_save_ident(dm, DMI_BIOS_VERSION, 5);
		dmi_save_ident(dm, DMI_BIOS_DATE, 8);
		break;
	case 1:		/* System Information */
		dmi_save_ident(dm, DMI_SYS_VENDOR, 4);
		dmi_save_ident(dm, DMI_PRODUCT_NAME, 5);
		break;
	case 2:		/* Base Board Information */
		dmi_save_ident(dm, DMI_BOARD_NAME, 5);
		break;
	}
}

/* Every structure the table claims (SMBIOS < 3) or up to End-of-Table (3.0), never past its end. */
static int dmi_walk_early(void)
{
	u8 *buf = early_memremap(dmi_base, dmi_len), *data = buf;
	int i = 0;

	if (!buf)
		return -ENOMEM;
	while ((!dmi_num || i < dmi_num) && (data - buf + sizeof(struct dmi_header)) <= dmi_len) {
		const struct dmi_header *dm = (const struct dmi_header *)data;

		data += dm->length;
		while ((data - buf < dmi_len - 1) && (data[0] || data[1]))
			data++;
		if (data - buf < dmi_len - 1)
			dmi_decode(dm);
		data += 2;
		i++;
		if (!dmi_num && dm->type == DMI_ENTRY_END_OF_TABLE)
			break;
	}
	return 0;
}

static int dmi_checksum(const u8 *buf, u8 len)
{
	u8 sum = 0;

	for (int a = 0; a < len; a++)
		sum += buf[a];
	return sum == 0;
}

/* Printable characters as they are, others as \xNN. */
static int print_filtered(char *buf, size_t len, const char *info)
{
	int c = 0;

	if (!info)
		return c;
	for (const char *p = info; *p; p++)
		if (*p >= 0x20 && *p < 0x7f)
			c += snprintf(buf + c, len - c, "%c", *p);
		else
			c += snprintf(buf + c, len - c, "\\x%02x", *p & 0xff);
	return c;
}

/* "vendor product[/board], BIOS version date" */
static void dmi_format_ids(char *buf, size_t len)
{
	int c = 0;

	c += print_filtered(buf + c, len - c, dmi_ident[DMI_SYS_VENDOR]);
	c += snprintf(buf + c, len - c, " ");
	c += print_filtered(buf + c, len - c, dmi_ident[DMI_PRODUCT_NAME]);
	if (dmi_ident[DMI_BOARD_NAME]) {
		c += snprintf(buf + c, len - c, "/");
		c += print_filtered(buf + c, len - c, dmi_ident[DMI_BOARD_NAME]);
	}
	c += snprintf(buf + c, len - c, ", BIOS ");
	c += print_filtered(buf + c, len - c, dmi_ident[DMI_BIOS_VERSION]);
	c += snprintf(buf + c, len - c, " ");
	print_filtered(buf + c, len - c, dmi_ident[DMI_BIOS_DATE]);
}

/*
 * Linux's copies (dmi_alloc: extend_brk, int-aligned) take less than a page on QEMU's machines,
 * and pgt_buf, page-aligned, comes next in brk: the copies cost one brk page.
 */
static void dmi_alloc_copies(void)
{
	extend_brk(PAGE_SIZE, sizeof(int));
}

static void dmi_print(const char *what)
{
	dmi_alloc_copies();
	printk(KERN_INFO "%s present.\n", what);
	dmi_format_ids(dmi_ids_string, sizeof(dmi_ids_string));
	printk(KERN_INFO "DMI: %s\n", dmi_ids_string);
}

/* buf: the 16 bytes before a candidate "_DMI_" header, then the header. 0 when found. */
static int dmi_present(const u8 *buf)
{
	u32 smbios_ver = 0;
	char what[32];

	if (memcmp(buf, "_SM_", 4) == 0 && buf[5] < 32 && dmi_checksum(buf, buf[5])) {
		smbios_ver = buf[6] << 8 | buf[7];
		if (smbios_ver == 0x021F || smbios_ver == 0x0221)	/* weird versions some BIOSes report */
			smbios_ver = 0x0203;
		else if (smbios_ver == 0x0233)
			smbios_ver = 0x0206;
	}
	buf += 16;
	if (memcmp(buf, "_DMI_", 5) || !dmi_checksum(buf, 15))
		return 1;
	dmi_ver = (smbios_ver ? smbios_ver : ((buf[14] & 0xF0) << 4 | (buf[14] & 0x0F))) << 8;
	dmi_num = le(buf + 12, 2);
	dmi_len = le(buf + 6, 2);
	dmi_base = le(buf + 8, 4);
	if (dmi_walk_early())
		return 1;
	snprintf(what, sizeof(what), "%s %d.%d", smbios_ver ? "SMBIOS" : "Legacy DMI", dmi_ver >> 16,
		 (dmi_ver >> 8) & 0xFF);
	dmi_print(what);
	return 0;
}

/* The SMBIOS 3.0 64-bit entry point: no "_DMI_" header, no structure count. */
static int dmi_smbios3_present(const u8 *buf)
{
	char what[32];

	if (memcmp(buf, "_SM3_", 5) || buf[6] >= 32 || !dmi_checksum(buf, buf[6]))
		return 1;
	dmi_ver = (buf[7] << 16 | buf[8] << 8 | buf[9]);
	dmi_num = 0;
	dmi_len = le(buf + 12, 4);
	dmi_base = (phys_addr_t)le(buf + 20, 4) << 32 | le(buf + 16, 4);
	if (dmi_walk_early())
		return 1;
	snprintf(what, sizeof(what), "SMBIOS %d.%d.%d", dmi_ver >> 16, (dmi_ver >> 8) & 0xFF, dmi_ver & 0xFF);
	dmi_print(what);
	return 0;
}

/* Without EFI: a 64-bit entry point anywhere in 0xF0000-0xFFFFF first, then a 32-bit one. */
void dmi_scan_machine(void)
{
	u8 *p = early_memremap(0xF0000, 0x10000), buf[32];

	if (p) {
		memcpy(buf, p, 16);
		for (u8 *q = p + 16; q < p + 0x10000; q += 16) {
			memcpy(buf + 16, q, 16);
			if (!dmi_smbios3_present(buf))
				return;
			memcpy(buf, buf + 16, 16);
		}
		memset(buf, 0, 16);
		for (u8 *q = p; q < p + 0x10000; q += 16) {
			memcpy(buf + 16, q, 16);
			if (!dmi_present(buf))
				return;
			memcpy(buf, buf + 16, 16);
		}
	}
	pr_info("DMI not present or invalid.\n");
}
