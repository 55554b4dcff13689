/* The helpers of include/linux/kernel.h that the replay uses. */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/stdarg.h>

#define ULONG_MAX (~0UL)
#define LONG_MAX ((long)(~0UL >> 1))
#define ULLONG_MAX (~0ULL)
#define INT_MAX ((int)(~0U >> 1))
#define U64_MAX ULLONG_MAX
#define PHYS_ADDR_MAX (~(phys_addr_t)0)
#define BITS_PER_LONG 64
#define SMP_CACHE_BYTES 64
#define INTERNODE_CACHE_SHIFT 6

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define _THIS_IP_ ({ __label__ __here; __here: (unsigned long)&&__here; })
#define ALIGN(x, a) (((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define round_up(x, y) ((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)
#define round_down(x, y) ((x) & ~((__typeof__(x))((y) - 1)))
#define roundup(x, y) ((((x) + ((y) - 1)) / (y)) * (y))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define BITS_TO_LONGS(nr) DIV_ROUND_UP(nr, BITS_PER_LONG)

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define clamp(v, lo, hi) min(max(v, lo), hi)
#define swap(a, b) do { __typeof__(a) __t = (a); (a) = (b); (b) = __t; } while (0)

#define offsetof(t, m) __builtin_offsetof(t, m)
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

#define EINVAL 22
#define ENOMEM 12
#define EEXIST 17
#define ENOENT 2
#define ENODEV 19
#define E2BIG 7
#define ERANGE 34
#define ENOSPC 28

/* The end of a kernel that cannot go on: one "Kernel panic" line, then QEMU exits non-zero. */
__noreturn __printf(1, 2) void panic(const char *fmt, ...);

#define BUG_ON(cond) do { if (unlikely(cond)) panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond); } while (0)
#define WARN_ON(cond) ({ int __c = !!(cond); if (unlikely(__c)) pr_warn("WARNING: %s:%d: %s\n", __FILE__, __LINE__, #cond); __c; })
#define WARN(cond, ...) ({ int __c = !!(cond); if (unlikely(__c)) pr_warn(__VA_ARGS__); __c; })
#define WARN_ON_ONCE WARN_ON

unsigned long long memparse(const char *ptr, char **retptr);
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base);
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
long simple_strtol(const char *cp, char **endp, unsigned int base);
int get_option(char **str, int *pint);
char *next_arg(char *args, char **param, char **val);

#endif
