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
#include <mm_step/linux_image.h>

void *real_mode_header;

static size_t real_mode_size_needed(void)
{
	if (real_mode_header)
		return 0;	/* already allocated. */

	/* real_mode_blob_end - real_mode_blob: the trampoline, wakeup and reboot code */
	return ALIGN(LINUX_REAL_MODE_BLOB_SIZE, PAGE_SIZE);
}

static void set_real_mode_mem(phys_addr_t mem, size_t size)
{
	real_mode_header = __va(mem);
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
