/*
 * Early exception handlers (arch/x86/kernel/head_64.S: early_idt_handler_array). A fault in the
 * replay -- a bad pointer, a page-table mistake -- ends in one panic line naming the vector and
 * the faulting address instead of a silent triple fault.
 */
#include <linux/kernel.h>

#define NUM_EXCEPTION_VECTORS 32
#define EXCEPTION_ERRCODE_MASK 0x20027d00	/* vectors that push an error code */

struct gate_struct {
	u16 offset_low;
	u16 segment;
	u16 bits;
	u16 offset_middle;
	u32 offset_high;
	u32 reserved;
} __packed;

struct desc_ptr {
	u16 size;
	u64 address;
} __packed;

struct gate_struct idt_table[NUM_EXCEPTION_VECTORS] __aligned(16);	/* mapped read-only by trap_init */
extern const char early_idt_handler_array[NUM_EXCEPTION_VECTORS][16];

/* Each stub is 16 bytes: push a zero error code where the CPU pushes none, push the vector. */
__asm__(".text\n"
	".balign 16\n"
	".globl early_idt_handler_array\n"
	"early_idt_handler_array:\n"
	".set i, 0\n"
	".rept 32\n"
	".if ((0x20027d00 >> i) & 1) == 0\n"
	"	pushq $0\n"
	".endif\n"
	"	pushq $i\n"
	"	jmp early_idt_handler_common\n"
	".balign 16, 0xcc\n"
	".set i, i + 1\n"
	".endr\n"
	"early_idt_handler_common:\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call do_early_exception\n");

struct early_frame {
	unsigned long vector, error_code, ip, cs, flags;
};

void do_early_exception(struct early_frame *f)
{
	unsigned long cr2;

	__asm__ __volatile__("mov %%cr2, %0" : "=r"(cr2));
	panic("early exception 0x%02lx IP %lx:%lx error %lx cr2 0x%lx",
	      f->vector, f->cs, f->ip, f->error_code, cr2);
}

void idt_setup_early_handler(void)
{
	struct desc_ptr idt_descr = { sizeof(idt_table) - 1, (u64)idt_table };

	BUILD_BUG_ON(((EXCEPTION_ERRCODE_MASK >> 8) & 1) != 1);
	for (int i = 0; i < NUM_EXCEPTION_VECTORS; i++) {
		u64 addr = (u64)early_idt_handler_array[i];

		idt_table[i] = (struct gate_struct){
			.offset_low = addr & 0xffff,
			.segment = 0x10,
			.bits = 0x8e00,		/* present, DPL 0, 64-bit interrupt gate */
			.offset_middle = (addr >> 16) & 0xffff,
			.offset_high = addr >> 32,
		};
	}
	__asm__ __volatile__("lidt %0" : : "m"(idt_descr));
}
