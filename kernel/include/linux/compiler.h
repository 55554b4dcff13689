#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#define __init
#define __initdata
#define __meminit
#define __ref
#define __always_unused __attribute__((unused))
#define __maybe_unused __attribute__((unused))
#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define __section(s) __attribute__((section(s)))
#define __noreturn __attribute__((noreturn))
#define noinline __attribute__((noinline))
#ifndef __always_inline		/* (host tests: the C library may have it) */
#define __always_inline inline __attribute__((always_inline))
#endif
#ifdef __clang__		/* (the fuzzers' compiler has no such attribute, and clones less) */
#define __noclone
#else
#define __noclone __attribute__((__noclone__))
#endif
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define barrier() __asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)

#endif
