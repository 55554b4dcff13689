/* include/linux/random.h: the report of an unseeded request (drivers/char/random.c). */
#ifndef _LINUX_RANDOM_H
#define _LINUX_RANDOM_H

void warn_unseeded_randomness(const char *func_name, void *caller);

#endif
