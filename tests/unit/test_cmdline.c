/*
 * The command line as Linux 4.19 cuts it: next_arg and parse_args (kernel/params.c), memparse and
 * get_option (lib/cmdline.c). Expected values from 4.19's code, and checked on the reference
 * kernel where a boot shows them (tests/boot/test_cmdline.py).
 */
#define MM_STEP_HOSTED
#include "unit.h"
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/err.h>
#include <linux/moduleparam.h>

/* What parse_args handed out, as "param=val|param|..." ("param" alone when val is NULL). */
static char seen[512];
static int fail_on_abc;

static int record(char *param, char *val, const char *doing, void *arg)
{
	size_t n = strlen(seen);

	snprintf(seen + n, sizeof(seen) - n, val ? "%s=%s|" : "%s|", param, val);
	return fail_on_abc && val && !strcmp(val, "abc") ? -EINVAL : 0;
}

static const char *parse(const char *line, char **rest)
{
	static char buf[512];

	seen[0] = '\0';
	strlcpy(buf, line, sizeof(buf));
	*rest = parse_args("early options", buf, NULL, record);
	return seen;
}

TEST(words_values_and_spaces)
{
	char *rest;

	EXPECT_STR(parse("  mem=1G  numa=fake=2\tnokaslr \n", &rest), "mem=1G|numa=fake=2|nokaslr|");
	EXPECT(rest == NULL);
	EXPECT_STR(parse("", &rest), "");
	EXPECT_STR(parse("a= =b", &rest), "a=|=b|");	/* a leading '=' is part of the name */
	EXPECT_STR(parse("mem=1G=2", &rest), "mem=1G=2|");
}

TEST(double_dash_stops_parsing)
{
	char *rest;

	EXPECT_STR(parse("mem=2G -- mem=1G init=x", &rest), "mem=2G|");
	EXPECT_STR(rest, "mem=1G init=x");
	EXPECT_STR(parse("--", &rest), "");
	EXPECT_STR(rest, "");
	/* "--=x" has a value: a word like any other */
	EXPECT_STR(parse("--=x mem=1G", &rest), "--=x|mem=1G|");
}

TEST(quotes_are_stripped)
{
	char *rest;

	EXPECT_STR(parse("mem=\"1G\"", &rest), "mem=1G|");
	EXPECT_STR(parse("\"mem=1G\" x", &rest), "mem=1G|x|");
	EXPECT_STR(parse("acpi=\"a b\" c", &rest), "acpi=a b|c|");
	EXPECT_STR(parse("\"a b=c d\" e", &rest), "a b=c d|e|");
	/* an unclosed quote runs to the end; a lone one at the end is an empty word */
	EXPECT_STR(parse("x=\"1 2", &rest), "x=1 2|");
	EXPECT_STR(parse("x \"", &rest), "x||");
	EXPECT_STR(parse("\"", &rest), "|");
}

TEST(handler_errors_are_printed_and_returned)
{
	char *rest;

	fail_on_abc = 1;
	EXPECT_STR(parse("mem=abc numa=off", &rest), "mem=abc|numa=off|");
	fail_on_abc = 0;
	EXPECT(IS_ERR(rest) && PTR_ERR(rest) == -EINVAL);
	EXPECT_LOG_CONTAINS("early options: `abc' invalid for parameter `mem'\n");
}

TEST(parameq_treats_dash_as_underscore)
{
	EXPECT(parameq("movable-core", "movable_core"));
	EXPECT(parameq("mem", "mem"));
	EXPECT(!parameq("mem", "memblock"));
	EXPECT(!parameq("memblock", "mem"));
}

TEST(memparse_suffixes)
{
	char *end;

	EXPECT_EQ(memparse("1G", &end), 1ULL << 30);
	EXPECT_EQ(*end, '\0');
	EXPECT_EQ(memparse("0x10m", NULL), 16ULL << 20);
	EXPECT_EQ(memparse("010k", NULL), 8ULL << 10);
	EXPECT_EQ(memparse("3e", NULL), 3ULL << 60);
	EXPECT_EQ(memparse("abc", &end), 0);
	EXPECT_STR(end, "abc");
	EXPECT_EQ(memparse("12Gx", &end), 12ULL << 30);
	EXPECT_STR(end, "x");
	EXPECT_EQ(memparse("0x", &end), 0);	/* "0x" without a hex digit: octal 0, then 'x' */
	EXPECT_STR(end, "x");
}

TEST(get_option_results)
{
	char buf[] = "3,-4-7 x";
	char *s = buf;
	int v = 0;

	EXPECT_EQ(get_option(&s, &v), 2);
	EXPECT_EQ(v, 3);
	EXPECT_EQ(get_option(&s, &v), 3);	/* a range follows */
	EXPECT_EQ(v, -4);
	s++;
	EXPECT_EQ(get_option(&s, &v), 1);
	EXPECT_EQ(v, 7);
	s++;
	EXPECT_EQ(get_option(&s, &v), 0);	/* no number */
	s = NULL;
	EXPECT_EQ(get_option(&s, &v), 0);
}
