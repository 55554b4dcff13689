/*
 * memset (arch/x86/lib/memset_64.S, Linux 4.19): the memset_orig variant, 64 bytes a pass in
 * eight movq stores, the tail with `rep stosb`. Under QEMU's TCG every pass of a loop, and every
 * iteration of a rep string instruction, costs a jump through generated code: the byte loop of
 * lib/string.c took ~0.2 s to zero swiotlb's 64 MiB; `rep stosq` (the REP_GOOD variant) took
 * 0.3 s off the four-node 16 GiB boot, and this loop ~30 ms more (bss, per-cpu units and
 * swiotlb: ~90 MiB zeroed a boot).
 *
 * Zeroing stores only into 64-byte lines not zero already, with the same bytes as the result:
 * guest RAM nobody has written yet is the host's shared zero page, and a store would make the
 * host allocate and clear a page for it first (swiotlb's 64 MiB were the second largest part of
 * the RAM a boot touches, after the struct pages).
 *
 * void *memset(void *s [rdi], int c [esi], size_t n [rdx]) returns s
 */
	.macro store_line
	mov %rax, (%rdi)
	mov %rax, 8(%rdi)
	mov %rax, 16(%rdi)
	mov %rax, 24(%rdi)
	mov %rax, 32(%rdi)
	mov %rax, 40(%rdi)
	mov %rax, 48(%rdi)
	mov %rax, 56(%rdi)
	.endm

	.text
	.globl memset
	.type memset, @function
memset:
	mov %rdi, %r9			/* the return value */
	movzbl %sil, %eax
	movabs $0x0101010101010101, %rcx
	imul %rcx, %rax			/* c in each of the eight bytes */
	mov %rdx, %rcx
	shr $6, %rcx
	jz 4f
	test %rax, %rax
	jz 2f
1:	store_line
	add $64, %rdi
	dec %rcx
	jnz 1b
	jmp 4f
2:	mov (%rdi), %r8			/* zeroing: is the line zero already? */
	or 8(%rdi), %r8
	or 16(%rdi), %r8
	or 24(%rdi), %r8
	or 32(%rdi), %r8
	or 40(%rdi), %r8
	or 48(%rdi), %r8
	or 56(%rdi), %r8
	jz 3f
	store_line
3:	add $64, %rdi
	dec %rcx
	jnz 2b
4:	mov %edx, %ecx
	and $63, %ecx
	rep stosb
	mov %r9, %rax
	ret
	.size memset, . - memset
