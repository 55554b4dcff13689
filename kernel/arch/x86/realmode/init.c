/*
 * The real-mode trampoline, as arch/x86/realmode/init.c in Linux 4.19: application processors
 * start in real mode, so their startup code must live below 1 MiB. reserve_real_mode() sets the
 * memory aside early (top-down, the highest free pages below 1 MiB); setup_real_mode() copies
 * the code there after init_mem_mapping (not replayed: it changes no memory bookkeeping).
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <asm/page.h>
#include <asm/setup.h>

/*
 * real_mode_blob_end - real_mode_blob: the trampoline, wakeup and reboot code of arch/x86/realmode/rm
 * with its page-table page, 6 pages in a 4.19 x86_64 build ("size 24576"; 6.1's is 7 pages).
 */
#define REAL_MODE_BLOB_SIZE (6 * PAGE_SIZE)

void *real_mode_header;

static size_t real_mode_size_needed(void)
{
	if (real_mode_header)
		return 0;	/* already allocated. */

	return ALIGN(REAL_MODE_BLOB_SIZE, PAGE_SIZE);
}

/* %p prints the address in full, as Linux before 4.15; 4.15+ print "(____ptrval____)" this early. */
static void set_real_mode_mem(phys_addr_t mem, size_t size)
{
	void *base = __va(mem);

	real_mode_header = base;
	printk(KERN_DEBUG "Base memory trampoline at [%p] %llx size %zu\n",
	       base, (unsigned long long)mem, size);
}

void reserve_real_mode(void)
{
	phys_addr_t mem;
	size_t size = real_mode_size_needed();

	if (!size)
		return;

	/* Has to be under 1M so we can execute real-mode AP code. */
	mem = memblock_find_in_range(0, 1 << 20, size, PAGE_SIZE);
	if (!mem) {
		pr_info("No sub-1M memory is available for the trampoline\n");
		return;
	}

	memblock_reserve(mem, size);
	set_real_mode_mem(mem, size);
}
