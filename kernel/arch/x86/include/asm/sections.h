#ifndef _ASM_X86_SECTIONS_H
#define _ASM_X86_SECTIONS_H
/* Kernel image bounds from the linker script, as in include/asm-generic/sections.h. */
extern char _text[], _etext[], _sdata[], _edata[], __bss_start[], __bss_stop[], _end[];
extern char __brk_base[], __brk_limit[];
#endif
