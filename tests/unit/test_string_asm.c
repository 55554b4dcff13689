/*
 * memset and memcpy in x86 assembly (arch/x86/lib/memset_64.S, memcpy_64.S), assembled for the
 * host as asm_memset and asm_memcpy: every length up to four 64-byte lines and some larger, at
 * every alignment within a line, against a byte loop. memset's zeroing skips lines that are zero
 * already, so it is tried over memory with one non-zero byte at each place of each line.
 */
#include "unit.h"

void *asm_memset(void *s, int c, unsigned long n);
void *asm_memcpy(void *d, const void *s, unsigned long n);

#define AREA 1024
static unsigned char area[AREA + 128], expect[AREA + 128];

static void fill(unsigned char *p, unsigned long n, unsigned int seed)
{
	for (unsigned long i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 131 + seed * 7 + 1) | 1;	/* never zero */
}

/* asm_memset(area + off, c, n) over @area as it is, against the same on @expect by bytes */
static int memset_agrees(unsigned long off, int c, unsigned long n)
{
	memcpy(expect, area, sizeof(area));
	for (unsigned long i = 0; i < n; i++)
		expect[off + i] = (unsigned char)c;
	if (asm_memset(area + off, c, n) != area + off)
		return 0;
	return !memcmp(area, expect, sizeof(area));
}

TEST(memset_every_length_and_alignment)
{
	int bad = 0;

	for (unsigned long off = 0; off < 64; off++)
		for (unsigned long n = 0; n <= 4 * 64 + 1; n++)
			for (int c = 0; c < 0x200; c += 0xa5) {	/* 0, 0xa5, 0x14a: only its low byte */
				fill(area, sizeof(area), off + n);
				bad += !memset_agrees(off, c, n);
			}
	EXPECT_EQ(bad, 0);
	fill(area, sizeof(area), 1);
	EXPECT(memset_agrees(3, 0, AREA));
	EXPECT(memset_agrees(0, 0x5a, AREA));
}

/* zeroing memory that is zero but for one byte: each place of a line, and of the tail */
TEST(memset_zero_finds_a_single_byte)
{
	int bad = 0;

	for (unsigned long off = 0; off < 2; off++)
		for (unsigned long at = 0; at < 3 * 64 + 17; at++) {
			memset(area, 0, sizeof(area));
			area[off + at] = 0x80;
			bad += !memset_agrees(off, 0, 3 * 64 + 17);
			EXPECT_EQ(area[off + at], 0);
		}
	EXPECT_EQ(bad, 0);
	memset(area, 0, sizeof(area));
	area[AREA] = 1;		/* just past the end: stays */
	EXPECT(memset_agrees(0, 0, AREA));
	EXPECT_EQ(area[AREA], 1);
}

TEST(memcpy_every_length_and_alignment)
{
	static unsigned char src[AREA];
	int bad = 0;

	fill(src, sizeof(src), 9);
	for (unsigned long off = 0; off < 16; off++)
		for (unsigned long n = 0; n <= 200; n++) {
			fill(area, sizeof(area), n);
			memcpy(expect, area, sizeof(area));
			memcpy(expect + off, src + 1, n);
			bad += asm_memcpy(area + off, src + 1, n) != area + off || memcmp(area, expect, sizeof(area));
		}
	EXPECT_EQ(bad, 0);
}
