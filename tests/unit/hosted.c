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

#define HOSTED_PHYS_SIZE (128UL << 30)

unsigned long page_offset_base;
/* The hosted vmemmap (asm/pgtable.h makes it a variable): at 96 GiB of the hosted physical memory,
 * above anything the test machines use; and the top-level page table vmemmap_populate fills. */
#define HOSTED_VMEMMAP_PHYS (96UL << 30)
unsigned long vmemmap_base;
unsigned long long early_top_pgt[512] __attribute__((aligned(4096)));
char console_log[1 << 20];


/* setup.c (setup_arch, extend_brk) is not linked into host tests; the direct-map code refers to
 * extend_brk, which no host test reaches (test_e820 includes setup.c, and its extend_brk wins). */
__attribute__((weak)) void *extend_brk(size_t size, size_t align)
{
	fprintf(stderr, "extend_brk(%zu, %zu): no brk area in host tests\n", size, align);
	abort();
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

/* Aligned to 1 GiB like the real direct map, so 2 MiB and 1 GiB boundaries fall where they do there. */
static void map_physical_memory(void)
{
	const unsigned long align = 1UL << 30;
	void *p = mmap(NULL, HOSTED_PHYS_SIZE + align, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap of the hosted physical memory");
		exit(2);
	}
	page_offset_base = ((unsigned long)p + align - 1) & ~(align - 1);
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
