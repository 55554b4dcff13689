/*
 * The host side of the kernel's portable code: a "physical memory" (a lazily backed mapping, so
 * __va() works for addresses up to 128 GiB), the console (captured into console_log, stamps
 * removed), and panic (caught with longjmp by PANICS(), fatal otherwise). Plus the test runner.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "unit.h"
#include <mm_step/linux_image.h>

#define HOSTED_PHYS_SIZE (128UL << 30)

unsigned long page_offset_base;
const unsigned long hosted_phys_size = HOSTED_PHYS_SIZE;
/* The hosted vmemmap (asm/pgtable.h makes it a variable): at 96 GiB of the hosted physical memory,
 * above anything the test machines use; and the top-level page table vmemmap_populate fills. */
#define HOSTED_VMEMMAP_PHYS (96UL << 30)
unsigned long vmemmap_base;
unsigned long long early_top_pgt[512] __attribute__((aligned(4096)));
char console_log[1 << 20];


/*
 * setup.c (setup_arch, extend_brk) is not linked into host tests (test_e820 includes it, and its
 * extend_brk wins): the brk area is the hosted physical memory where Linux 4.19's lies.
 */
size_t hosted_brk_used;

__attribute__((weak)) void *extend_brk(size_t size, size_t align)
{
	void *ret;

	hosted_brk_used = (hosted_brk_used + align - 1) & ~(align - 1);
	if (LINUX_IMAGE_BRK_BASE + hosted_brk_used + size > LINUX_IMAGE_BRK_LIMIT) {
		fprintf(stderr, "extend_brk(%zu, %zu): the brk area is used up\n", size, align);
		abort();
	}
	ret = (char *)page_offset_base + LINUX_IMAGE_BRK_BASE + hosted_brk_used;
	hosted_brk_used += size;
	memset(ret, 0, size);
	return ret;
}
static size_t console_len;
jmp_buf *unit_panic_jmp;
int unit_failed_checks;
static struct unit_test *tests, **tests_tail = &tests;
static int stamp_pending = 1;

void early_console_write(const char *s, unsigned int n)
{
	/* printk writes the 15-byte stamp on its own before each line: drop it */
	if (n == 15 && !memcmp(s, "[    0.000000] ", 15))
		return;
	if (console_len + n >= sizeof(console_log))
		n = sizeof(console_log) - 1 - console_len;
	memcpy(console_log + console_len, s, n);
	console_len += n;
	console_log[console_len] = '\0';
	if (getenv("UNIT_VERBOSE"))
		fwrite(s, 1, n, stderr);
	(void)stamp_pending;
}

void mm_step_exit(unsigned int code)
{
	if (unit_panic_jmp)
		longjmp(*unit_panic_jmp, 1);
	fprintf(stderr, "unexpected kernel exit %#x; log:\n%s", code, console_log);
	abort();
}

void unit_register(struct unit_test *t)
{
	*tests_tail = t;
	tests_tail = &t->next;
}

/*
 * Aligned to 512 GiB like the real direct map (one pgd entry), so that 2 MiB and 1 GiB boundaries
 * and page-table indexes fall where they do there. The unaligned head and tail are given back.
 */
static void map_physical_memory(void)
{
	const unsigned long align = 1UL << 39;
	void *p = mmap(NULL, HOSTED_PHYS_SIZE + align, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	unsigned long start = (unsigned long)p, end = start + HOSTED_PHYS_SIZE + align;

	if (p == MAP_FAILED) {
		perror("mmap of the hosted physical memory");
		exit(2);
	}
	page_offset_base = (start + align - 1) & ~(align - 1);
	if (page_offset_base > start)
		munmap(p, page_offset_base - start);
	munmap((void *)(page_offset_base + HOSTED_PHYS_SIZE), end - page_offset_base - HOSTED_PHYS_SIZE);
	vmemmap_base = page_offset_base + HOSTED_VMEMMAP_PHYS;
}

#ifndef UNIT_NO_MAIN
int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	map_physical_memory();
	for (struct unit_test *t = tests; t; t = t->next) {
		if (argc > 1 && !strstr(t->name, argv[1]))
			continue;
		console_len = 0;
		console_log[0] = '\0';
		unit_failed_checks = 0;
		if (unit_reset)
			unit_reset();
		t->fn();
		if (unit_failed_checks) {
			printf("not ok - %s\n", t->name);
			failed++;
		} else {
			printf("ok - %s\n", t->name);
			passed++;
		}
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
#else
__attribute__((constructor)) static void hosted_init(void)
{
	map_physical_memory();
}
#endif
