/*
 * A minimal unit-test harness for host tests of the kernel's pure algorithms.
 *
 *   TEST(memblock_merges_neighbours) { ...; EXPECT_EQ(memblock.memory.cnt, 1); }
 *
 * Each test runs from a clean slate (reset_hosted_kernel() in hosted.c). The binary prints one
 * "ok - name" or "not ok - name" line per test and "unit: N passed, M failed" at the end.
 * console_log holds everything the kernel printk'ed during the current test.
 */
#ifndef UNIT_H
#define UNIT_H
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
	struct unit_test *next;
};
void unit_register(struct unit_test *t);
extern int unit_failed_checks;

#define TEST(name)								\
	static void test_##name(void);						\
	static struct unit_test unit_##name = { #name, test_##name, 0 };	\
	__attribute__((constructor)) static void register_##name(void) { unit_register(&unit_##name); } \
	static void test_##name(void)

#define EXPECT(cond) do { if (!(cond)) { unit_failed_checks++;			\
	fprintf(stderr, "  %s:%d: expected %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define EXPECT_EQ(a, b) do { unsigned long long _a = (unsigned long long)(a), _b = (unsigned long long)(b); \
	if (_a != _b) { unit_failed_checks++;					\
	fprintf(stderr, "  %s:%d: %s == %#llx, expected %s == %#llx\n", __FILE__, __LINE__, #a, _a, #b, _b); } } while (0)
#define EXPECT_STR(a, b) do { const char *_a = (a), *_b = (b);		\
	if (strcmp(_a, _b)) { unit_failed_checks++;				\
	fprintf(stderr, "  %s:%d: %s is\n----\n%s----\nexpected\n----\n%s----\n", __FILE__, __LINE__, #a, _a, _b); } } while (0)
/* The kernel's log during this test, without the "[    0.000000] " stamps. */
extern char console_log[1 << 20];
#define EXPECT_LOG_CONTAINS(s) do { if (!strstr(console_log, (s))) { unit_failed_checks++; \
	fprintf(stderr, "  %s:%d: log lacks \"%s\"; log is:\n%s", __FILE__, __LINE__, (s), console_log); } } while (0)

/* Run stmt, which must panic; returns 1 if it did (the panic line is in console_log). */
extern jmp_buf *unit_panic_jmp;
#define PANICS(stmt) ({ jmp_buf _jb; jmp_buf *_old = unit_panic_jmp; int _p = 0;	\
	unit_panic_jmp = &_jb; if (setjmp(_jb)) _p = 1; else { stmt; } unit_panic_jmp = _old; _p; })

/* Provided by the test file when it needs one: state to reset before each test. */
void unit_reset(void) __attribute__((weak));

#endif
