#ifndef _LINUX_STRING_H
#define _LINUX_STRING_H
#include <linux/types.h>
#include <asm/string.h>
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strstr(const char *h, const char *n);
void *memchr(const void *s, int c, size_t n);
size_t strlcpy(char *d, const char *s, size_t n);
char *skip_spaces(const char *str);
#endif
