/*
 * vsnprintf with the conversions Linux's own printk lines need: %d %i %u %x %X %o %c %s %%,
 * the l, ll, L, z and h length modifiers, flags "-0# +", width and precision (also "*"), and the
 * pointer extensions %p (raw here: our log has nothing to hide), %pa (a phys_addr_t by reference)
 * and %pS/%pF (a code address, as function+offset/size through kallsyms).
 */
#include <linux/kernel.h>
#include <linux/string.h>

const char *kallsyms_lookup(unsigned long addr, unsigned long *size, unsigned long *offset);

struct out {
	char *buf;
	unsigned long size;
	unsigned long len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

#define F_LEFT 1
#define F_ZERO 2
#define F_ALT 4
#define F_PLUS 8
#define F_SPACE 16
#define F_SIGNED 32
#define F_UPPER 64

static void put_number(struct out *o, unsigned long long num, int base, int flags, int width, int precision)
{
	const char *digits = (flags & F_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	char sign = 0;
	const char *prefix = "";

	if ((flags & F_SIGNED) && (long long)num < 0) {
		sign = '-';
		num = -(long long)num;
	} else if (flags & F_SIGNED) {
		sign = (flags & F_PLUS) ? '+' : (flags & F_SPACE) ? ' ' : 0;
	}
	if (flags & F_ALT)
		prefix = base == 16 ? ((flags & F_UPPER) ? "0X" : "0x") : base == 8 ? "0" : "";
	do {
		tmp[n++] = digits[num % base];
		num /= base;
	} while (num);
	if (precision < n)
		precision = n;
	width -= precision + (sign != 0) + (int)strlen(prefix);
	if (!(flags & (F_LEFT | F_ZERO)))
		while (width-- > 0)
			put(o, ' ');
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	if (flags & F_ZERO)
		while (width-- > 0)
			put(o, '0');
	while (precision-- > n)
		put(o, '0');
	while (n)
		put(o, tmp[--n]);
	while (width-- > 0)
		put(o, ' ');
}

static void put_string(struct out *o, const char *s, int flags, int width, int precision)
{
	int n;

	if (!s)
		s = "(null)";
	n = (int)strnlen(s, precision < 0 ? ~0UL >> 1 : (unsigned long)precision);
	if (!(flags & F_LEFT))
		while (width-- > n)
			put(o, ' ');
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	while (width-- > n)
		put(o, ' ');
}

int vsnprintf(char *buf, unsigned long size, const char *fmt, va_list args)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		int flags = 0, width = -1, precision = -1, qualifier = 0, base = 10;
		unsigned long long num;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {
			char c = *++fmt;
			if (c == '-') flags |= F_LEFT;
			else if (c == '0') flags |= F_ZERO;
			else if (c == '#') flags |= F_ALT;
			else if (c == '+') flags |= F_PLUS;
			else if (c == ' ') flags |= F_SPACE;
			else break;
		}
		if (*fmt == '*') {
			width = va_arg(args, int);
			if (width < 0) {
				width = -width;
				flags |= F_LEFT;
			}
			fmt++;
		} else {
			for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
				width = width * 10 + (*fmt - '0');
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				precision = va_arg(args, int);
				fmt++;
			} else {
				for (precision = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
					precision = precision * 10 + (*fmt - '0');
			}
		}
		if (*fmt == 'l' && fmt[1] == 'l') {
			qualifier = 'L';
			fmt += 2;
		} else if (*fmt == 'l' || *fmt == 'L' || *fmt == 'z' || *fmt == 'h') {
			qualifier = *fmt == 'z' ? 'l' : *fmt;
			fmt++;
		}
		if (flags & F_LEFT)
			flags &= ~F_ZERO;

		switch (*fmt) {
		case '%':
			put(&o, '%');
			continue;
		case 'c':
			put_string(&o, (char[]){ (char)va_arg(args, int), 0 }, flags, width, -1);
			continue;
		case 's':
			put_string(&o, va_arg(args, const char *), flags, width, precision);
			continue;
		case 'p':
			if (fmt[1] == 'a') {
				fmt++;
				/* %pa: phys_addr_t passed by reference, printed in full width */
				put_number(&o, *va_arg(args, phys_addr_t *), 16, F_ALT | F_ZERO, 18, -1);
			} else if (fmt[1] == 'S' || fmt[1] == 'F' || fmt[1] == 's' || fmt[1] == 'f') {
				unsigned long addr = (unsigned long)va_arg(args, void *), size, offset;
				const char *name = kallsyms_lookup(addr, &size, &offset);

				fmt++;
				if (!name) {
					put_number(&o, addr, 16, F_ALT, -1, -1);
					continue;
				}
				put_string(&o, name, 0, -1, -1);
				if (*fmt == 'S' || *fmt == 'F') {
					put(&o, '+');
					put_number(&o, offset, 16, F_ALT, -1, -1);
					put(&o, '/');
					put_number(&o, size, 16, F_ALT, -1, -1);
				}
			} else {
				put_number(&o, (unsigned long)va_arg(args, void *), 16, flags | F_ZERO,
					   width < 0 ? 16 : width, -1);
			}
			continue;
		case 'o':
			base = 8;
			break;
		case 'X':
			flags |= F_UPPER;
			/* fall through */
		case 'x':
			base = 16;
			break;
		case 'd':
		case 'i':
			flags |= F_SIGNED;
			break;
		case 'u':
			break;
		default:
			put(&o, '%');
			if (!*fmt)
				goto done;
			put(&o, *fmt);
			continue;
		}
		if (qualifier == 'L')
			num = va_arg(args, unsigned long long);
		else if (qualifier == 'l')
			num = (flags & F_SIGNED) ? (unsigned long long)va_arg(args, long) : va_arg(args, unsigned long);
		else if (qualifier == 'h')
			num = (flags & F_SIGNED) ? (unsigned long long)(short)va_arg(args, int)
						 : (unsigned short)va_arg(args, unsigned int);
		else
			num = (flags & F_SIGNED) ? (unsigned long long)va_arg(args, int) : va_arg(args, unsigned int);
		put_number(&o, num, base, flags, width, precision);
	}
done:
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, unsigned long size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}
