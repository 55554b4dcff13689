/*
 * The kernel command line as words (kernel/params.c): parse_args cuts "foo=bar,baz wiz" into
 * (param, val) pairs with next_arg and hands each to a handler. It stops at "--": what follows
 * belongs to init, not to the kernel.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/err.h>
#include <linux/moduleparam.h>

/* In parameter names '-' and '_' are the same character: "movable-core" is "movable_core". */
static char dash2underscore(char c)
{
	return c == '-' ? '_' : c;
}

bool parameqn(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (dash2underscore(a[i]) != dash2underscore(b[i]))
			return false;
	return true;
}

bool parameq(const char *a, const char *b)
{
	return parameqn(a, b, strlen(a) + 1);
}

/* Linux first looks @param up among the module_param()s; the replay has none. */
static int parse_one(char *param, char *val, const char *doing, void *arg,
		     int (*handle_unknown)(char *param, char *val, const char *doing, void *arg))
{
	if (handle_unknown)
		return handle_unknown(param, val, doing, arg);
	return -ENOENT;
}

/*
 * Returns NULL, the words after "--", or ERR_PTR of the last handler's error (each error is
 * printed as Linux prints it, and parsing goes on).
 */
char *parse_args(const char *doing, char *args, void *arg,
		 int (*unknown)(char *param, char *val, const char *doing, void *arg))
{
	char *param, *val, *err = NULL;

	args = skip_spaces(args);
	while (*args) {
		int ret;

		args = next_arg(args, &param, &val);
		/* Stop at -- */
		if (!val && strcmp(param, "--") == 0)
			return err ?: args;
		ret = parse_one(param, val, doing, arg, unknown);
		switch (ret) {
		case 0:
			continue;
		case -ENOENT:
			pr_err("%s: Unknown parameter `%s'\n", doing, param);
			break;
		case -ENOSPC:
			pr_err("%s: `%s' too large for parameter `%s'\n", doing, val ?: "", param);
			break;
		default:
			pr_err("%s: `%s' invalid for parameter `%s'\n", doing, val ?: "", param);
			break;
		}
		err = ERR_PTR(ret);
	}
	return err;
}
