/*
 * The entry point. QEMU's -kernel loads this ELF at its physical addresses (16 MiB) and, because
 * of the XEN_ELFNOTE_PHYS32_ENTRY note below, enters pvh_start_xen in 32-bit protected mode with
 * paging off and %ebx pointing to the hvm_start_info (memory map, command line, RSDP), as it
 * enters Linux's own vmlinux (arch/x86/platform/pvh/head.S).
 *
 * We build the smallest page tables that reach long mode: the first GiB mapped twice, at its
 * physical address (for the jump) and at __START_KERNEL_map (where the kernel is linked), then
 * jump to 64-bit C code. The direct map and everything else is built later, in C.
 */
#define __START_KERNEL_map 0xffffffff80000000
#define _pa(x) ((x) - __START_KERNEL_map)
#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define X86_CR0_PE 0x00000001
#define X86_CR0_PG 0x80000000
#define X86_CR4_PAE 0x00000020
#define MSR_EFER 0xc0000080
#define EFER_LME 8
#define EFER_NX 11
#define PTE_PRESENT_RW 0x003
#define PMD_LARGE_PRESENT_RW 0x083

	.section .note.Xen, "a"
	.balign 4
	.long 4, 4, XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.long _pa(pvh_start_xen)

	.section .head.text, "ax"
	.code32
	.globl pvh_start_xen
pvh_start_xen:
	cli
	cld
	mov %ebx, %esi				/* keep the start_info address */

	/* level2_kernel_pgt: the first GiB in 2 MiB pages */
	mov $_pa(level2_kernel_pgt), %edi
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $PMD_LARGE_PRESENT_RW, %eax
	mov %eax, (%edi, %ecx, 8)
	movl $0, 4(%edi, %ecx, 8)
	inc %ecx
	cmp $512, %ecx
	jb 1b

	mov %cr4, %eax
	or $X86_CR4_PAE, %eax
	mov %eax, %cr4
	mov $_pa(early_top_pgt), %eax
	mov %eax, %cr3
	mov $MSR_EFER, %ecx
	rdmsr
	bts $EFER_LME, %eax
	bts $EFER_NX, %eax
	wrmsr
	mov $_pa(early_gdt_descr), %eax
	lgdt (%eax)
	mov %cr0, %eax
	or $(X86_CR0_PG | X86_CR0_PE), %eax
	mov %eax, %cr0
	ljmp $0x10, $_pa(startup_64_low)

	.code64
startup_64_low:
	movabs $startup_64, %rax		/* leave the identity map for the kernel mapping */
	jmp *%rax

	.text
	.globl startup_64
startup_64:
	mov $0x18, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	xor %eax, %eax
	mov %eax, %fs
	mov %eax, %gs
	movabs $early_gdt_descr, %rax		/* reload the GDT through its kernel address */
	movabs $early_gdt, %rcx
	mov %rcx, 2(%rax)
	lgdt (%rax)
	movabs $init_stack_top, %rsp
	mov %esi, %edi
	call x86_64_start_kernel
2:	hlt
	jmp 2b

	.data
	.balign 4096
	.globl early_top_pgt
early_top_pgt:
	.quad _pa(level3_ident_pgt) + PTE_PRESENT_RW
	.fill 510, 8, 0
	.quad _pa(level3_kernel_pgt) + PTE_PRESENT_RW
	.balign 4096
level3_ident_pgt:
	.quad _pa(level2_kernel_pgt) + PTE_PRESENT_RW
	.fill 511, 8, 0
	.balign 4096
level3_kernel_pgt:
	.fill 510, 8, 0
	.quad _pa(level2_kernel_pgt) + PTE_PRESENT_RW
	.quad 0
	.balign 4096
	.globl level2_kernel_pgt
level2_kernel_pgt:
	.fill 512, 8, 0

	.balign 16
early_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff		/* 0x08: 32-bit code (unused) */
	.quad 0x00af9a000000ffff		/* 0x10: 64-bit code */
	.quad 0x00cf92000000ffff		/* 0x18: data */
early_gdt_end:
early_gdt_descr:
	.word early_gdt_end - early_gdt - 1
	.quad _pa(early_gdt)

	/* The boot stack lives in .data, as Linux's init_thread_union, so clearing .bss spares it. */
	.section .data..init_stack, "aw"
	.balign 16
init_stack:
	.skip 65536
	.globl init_stack_top
init_stack_top:
