/* The one character class the command line needs, as include/linux/ctype.h and lib/ctype.c. */
#ifndef _LINUX_CTYPE_H
#define _LINUX_CTYPE_H

/* Linux's _ctype table counts \t \n \v \f \r, the space and Latin-1's no-break space (0xa0) */
static inline int isspace(int c)
{
	unsigned char u = c;

	return u == ' ' || (u >= '\t' && u <= '\r') || u == 0xa0;
}

#endif
