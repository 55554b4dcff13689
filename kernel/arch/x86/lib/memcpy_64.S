/*
 * memcpy (arch/x86/lib/memcpy_64.S, Linux 4.19): the X86_FEATURE_REP_GOOD variant, `rep movsq`
 * for the quadwords, `rep movsb` for the tail: under QEMU's TCG an eighth of the passes through
 * generated code that lib/string.c's byte loop takes (see memset_64.S; boot copies little). The
 * regions must not overlap (memmove handles those).
 *
 * void *memcpy(void *d [rdi], const void *s [rsi], size_t n [rdx]) returns d
 */
	.text
	.globl memcpy
	.type memcpy, @function
memcpy:
	mov %rdi, %rax			/* the return value */
	mov %rdx, %rcx
	shr $3, %rcx
	rep movsq
	mov %edx, %ecx
	and $7, %ecx
	rep movsb
	ret
	.size memcpy, . - memcpy
