/*
 * Command-line parsing, as include/linux/moduleparam.h. The replay has no module_param()
 * table (struct kernel_param): every word goes to the caller's @unknown handler, which is how
 * parse_early_param uses parse_args in Linux too.
 */
#ifndef _LINUX_MODULEPARAM_H
#define _LINUX_MODULEPARAM_H
#include <linux/types.h>

bool parameq(const char *name1, const char *name2);
bool parameqn(const char *name1, const char *name2, size_t n);

char *parse_args(const char *doing, char *args, void *arg,
		 int (*unknown)(char *param, char *val, const char *doing, void *arg));

#endif
