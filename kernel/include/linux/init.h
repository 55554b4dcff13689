/* early_param: command-line options handled in setup_arch, as in include/linux/init.h. */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H
#include <linux/compiler.h>

struct obs_kernel_param {
	const char *str;
	int (*setup_func)(char *);
	int early;
};

#define __setup_param(str, unique_id, fn, early)				\
	static const char __setup_str_##unique_id[] = str;			\
	static const struct obs_kernel_param __setup_##unique_id		\
		__attribute__((used, section(".init.setup"), aligned(sizeof(long)))) = \
		{ __setup_str_##unique_id, fn, early }

#define early_param(str, fn) __setup_param(str, fn, fn, 1)

void parse_early_param(void);

#endif
