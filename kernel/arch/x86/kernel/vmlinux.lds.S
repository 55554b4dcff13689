/*
 * Linked where Linux links x86_64 kernels: 0xffffffff80000000 + 16 MiB, loaded at physical 16 MiB.
 * The image spans Linux 4.19's footprint (mm_step/linux_image.h): the replay's sections, then
 * empty .bss up to Linux's __bss_stop, then Linux's brk area. Preprocessed by cpp (as Linux's).
 */
#include <mm_step/linux_image.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(pvh_start_xen)

KERNEL_MAP = 0xffffffff80000000;

PHDRS {
	text PT_LOAD FLAGS(5);
	data PT_LOAD FLAGS(6);
	note PT_NOTE FLAGS(4);
}

SECTIONS
{
	. = KERNEL_MAP + 0x1000000;
	_text = .;
	.text : AT(ADDR(.text) - KERNEL_MAP) {
		*(.head.text)
		*(.text .text.*)
	} :text
	_etext = .;
	.notes : AT(ADDR(.notes) - KERNEL_MAP) { *(.note.Xen) } :text :note
	.rodata : AT(ADDR(.rodata) - KERNEL_MAP) {
		*(.rodata .rodata.*)
		. = ALIGN(8);
		__setup_start = .;
		KEEP(*(.init.setup))
		__setup_end = .;
	} :text

	. = ALIGN(4096);
	_sdata = .;
	.data : AT(ADDR(.data) - KERNEL_MAP) { *(.data .data.*) } :data
	_edata = .;
	. = ALIGN(4096);
	__bss_start = .;
	.bss : AT(ADDR(.bss) - KERNEL_MAP) { *(.bss .bss.*) *(COMMON) } :data
	ASSERT(. <= KERNEL_MAP + LINUX_IMAGE_BSS_STOP, "the replay outgrew Linux 4.19's image")
	. = KERNEL_MAP + LINUX_IMAGE_BSS_STOP;
	__bss_stop = .;
	__brk_base = .;
	. = KERNEL_MAP + LINUX_IMAGE_BRK_LIMIT;
	__brk_limit = .;
	_end = .;

	/DISCARD/ : { *(.eh_frame) *(.comment) *(.note.GNU-stack) *(.note.gnu.property) }
}
