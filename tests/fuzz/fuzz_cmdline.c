/*
 * Fuzz the command-line tokenizer (parse_args/next_arg, kernel/params.c and lib/cmdline.c) and
 * the number parsers every handler uses (memparse, get_option, lib/cmdline.c).
 *
 * Input: the command line (at most COMMAND_LINE_SIZE - 1 bytes, as Linux keeps it).
 *
 * Checked: no crash or sanitizer report; every param and val lies inside the line and is
 * NUL-terminated there; a val never starts with the quote that opened it; a bare "--" is never
 * handed out (parsing stops there and returns what follows, inside the line); get_option always
 * advances, so a loop over a list ends.
 */
#define MM_STEP_HOSTED
#pragma clang diagnostic ignored "-Wmacro-redefined"
#include <stdint.h>
#include <stdlib.h>
#include "unit.h"
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/err.h>
#include <linux/moduleparam.h>
#include <asm/bootparam.h>

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "fuzz_cmdline: %s:%d: %s\n",	\
	__FILE__, __LINE__, #cond); abort(); } } while (0)

static char line[COMMAND_LINE_SIZE];
static size_t line_len;

static int inside(const char *p)
{
	return p >= line && p <= line + line_len && memchr(p, '\0', line + sizeof(line) - p);
}

static void numbers(char *val)
{
	char *s = val, *end;
	int v, n = 0;

	memparse(val, &end);
	CHECK(end >= val && end <= val + strlen(val));
	/* a list as get_options walks it: each call moves on, or stops */
	while (n++ <= (int)strlen(val)) {
		char *before = s;
		int r = get_option(&s, &v);

		CHECK(r >= 0 && r <= 3);
		if (r == 0 || r == 1)
			break;
		CHECK(s > before);
	}
	CHECK(n <= (int)strlen(val) + 1);
}

static int handler(char *param, char *val, const char *doing, void *arg)
{
	CHECK(inside(param));
	CHECK(val || strcmp(param, "--"));
	if (val) {
		CHECK(inside(val) && val > param);
		numbers(val);
	}
	(void)parameq(param, "mem");
	return *param == 'e' ? -EINVAL : 0;	/* some handlers fail, as "Malformed" ones do */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *rest;

	line_len = strnlen((const char *)data, min_t(size_t, size, sizeof(line) - 1));
	memcpy(line, data, line_len);
	line[line_len] = '\0';
	rest = parse_args("early options", line, NULL, handler);
	CHECK(IS_ERR_OR_NULL(rest) || inside(rest));
	return 0;
}
