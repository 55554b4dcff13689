/* How the replay leaves QEMU: the isa-debug-exit device makes QEMU exit with (value << 1) | 1. */
#ifndef _ASM_X86_MM_STEP_H
#define _ASM_X86_MM_STEP_H

#define MM_STEP_EXIT_PORT 0xf4
#define MM_STEP_EXIT_DONE 0x10	/* QEMU exit status 33: the last checkpoint was passed */
#define MM_STEP_EXIT_PANIC 0x11	/* QEMU exit status 35: kernel panic */

__attribute__((noreturn)) void mm_step_exit(unsigned int code);

#endif
