/*
 * spinlock_t as include/linux/spinlock_types.h on x86_64 (a queued spinlock, 4 bytes). The replay
 * runs on one CPU with interrupts off and never takes a lock: the type exists so that the structs
 * that embed one have Linux's layout, and spin_lock_init() gives it Linux's unlocked value.
 */
#ifndef _LINUX_SPINLOCK_TYPES_H
#define _LINUX_SPINLOCK_TYPES_H
#include <linux/types.h>

typedef struct qspinlock {
	atomic_t val;
} arch_spinlock_t;

typedef struct raw_spinlock {
	arch_spinlock_t raw_lock;
} raw_spinlock_t;

typedef struct spinlock {
	struct raw_spinlock rlock;
} spinlock_t;

static inline void spin_lock_init(spinlock_t *lock)
{
	lock->rlock.raw_lock.val.counter = 0;	/* __ARCH_SPIN_LOCK_UNLOCKED */
}

#endif
