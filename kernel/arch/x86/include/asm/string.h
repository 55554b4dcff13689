#ifndef _ASM_X86_STRING_H
#define _ASM_X86_STRING_H
/*
 * The string functions x86 has in assembly (arch/x86/lib/memset_64.S, memcpy_64.S), in place of lib/string.c's
 * loops. The host build (unit tests, fuzzers) keeps lib/string.c's C: the sanitizers see into it.
 */
#ifndef MM_STEP_HOSTED
#define __HAVE_ARCH_MEMSET
#define __HAVE_ARCH_MEMCPY
#endif
#endif
