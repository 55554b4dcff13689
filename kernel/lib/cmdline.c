/* The command line's words and numbers, as lib/cmdline.c (and lib/kstrtox.c for the numbers). */
#include <linux/kernel.h>
#include <linux/ctype.h>
#include <linux/string.h>

unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	unsigned long long result = 0;

	if (!base) {
		base = 10;
		if (cp[0] == '0') {
			base = 8;
			if ((cp[1] | 0x20) == 'x' && ((cp[2] >= '0' && cp[2] <= '9') || ((cp[2] | 0x20) >= 'a' && (cp[2] | 0x20) <= 'f'))) {
				base = 16;
				cp += 2;
			}
		}
	} else if (base == 16 && cp[0] == '0' && (cp[1] | 0x20) == 'x') {
		cp += 2;
	}
	for (;; cp++) {
		unsigned int v;
		char c = *cp;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = (c | 0x20) - 'a' + 10;
		else
			break;
		if (v >= base)
			break;
		result = result * base + v;
	}
	if (endp)
		*endp = (char *)cp;
	return result;
}

unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return simple_strtoull(cp, endp, base);
}

long simple_strtol(const char *cp, char **endp, unsigned int base)
{
	if (*cp == '-')
		return -(long)simple_strtoull(cp + 1, endp, base);
	return simple_strtoull(cp, endp, base);
}

/* memparse: a number with an optional K, M, G, T, P or E suffix (powers of 1024). */
unsigned long long memparse(const char *ptr, char **retptr)
{
	char *endptr;
	unsigned long long ret = simple_strtoull(ptr, &endptr, 0);

	switch (*endptr) {
	case 'E': case 'e': ret <<= 10; /* fall through */
	case 'P': case 'p': ret <<= 10; /* fall through */
	case 'T': case 't': ret <<= 10; /* fall through */
	case 'G': case 'g': ret <<= 10; /* fall through */
	case 'M': case 'm': ret <<= 10; /* fall through */
	case 'K': case 'k': ret <<= 10;
		endptr++;
	default:
		break;
	}
	if (retptr)
		*retptr = endptr;
	return ret;
}

/*
 * get_option: an integer from *@str, which then points past it. Returns 0 for no integer, 2 if
 * a comma follows (skipped), 3 if a '-' follows (a range, as "1-4"), else 1.
 */
int get_option(char **str, int *pint)
{
	char *cur = *str;

	if (!cur || !*cur)
		return 0;
	*pint = simple_strtol(cur, str, 0);
	if (cur == *str)
		return 0;
	if (**str == ',') {
		(*str)++;
		return 2;
	}
	if (**str == '-')
		return 3;
	return 1;
}

/*
 * next_arg: cut the first word off @args: "param" or "param=val", up to white space outside
 * double quotes. A word opening with a quote ("param=a b") and a value opening with one
 * (param="a b") lose the quotes around them. Returns the rest, leading spaces skipped.
 */
char *next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	int in_quote = 0, quoted = 0;
	char *next;

	if (*args == '"') {
		args++;
		in_quote = quoted = 1;
	}
	for (i = 0; args[i]; i++) {
		if (isspace(args[i]) && !in_quote)
			break;
		/* the first '=', unless it opens the word: "=x" is a name */
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}

	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	/* i is 0 for a lone opening quote: nothing to strip (args[i - 1] would be 4 GiB away) */
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';

	if (args[i]) {
		args[i] = '\0';
		next = args + i + 1;
	} else {
		next = args + i;
	}
	return skip_spaces(next);
}
