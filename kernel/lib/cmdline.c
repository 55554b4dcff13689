/* Number parsing for the command line, as lib/cmdline.c and lib/kstrtox.c. */
#include <linux/kernel.h>

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

/* get_option: an integer, then 1 if a comma follows, else 0 (and 0 for no integer). */
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
	return 1;
}
