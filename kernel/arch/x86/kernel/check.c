/*
 * The BIOS corruption check, as arch/x86/kernel/check.c in Linux 4.19 (CONFIG_X86_CHECK_BIOS_CORRUPTION
 * and ..._BOOTPARAM_MEMORY_CORRUPTION_CHECK, both set in the reference build): some BIOSes write
 * to low memory behind the kernel's back, so the free pages of the first 64 KiB (above page 0)
 * are reserved, zeroed, and -- in Linux, every 60 seconds later on -- checked to be still zero.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <asm/io.h>
#include <asm/setup.h>

#define MAX_SCAN_AREAS 8

static int memory_corruption_check = -1;
static unsigned int corruption_check_size = 64 * 1024;
static int num_scan_areas;

static struct scan_area {
	u64 addr;
	u64 size;
} scan_areas[MAX_SCAN_AREAS];

/* memory_corruption_check=0|1 */
static int set_corruption_check(char *arg)
{
	if (!arg)
		return -EINVAL;
	memory_corruption_check = simple_strtoul(arg, NULL, 10);
	return 0;
}
early_param("memory_corruption_check", set_corruption_check);

/* memory_corruption_check_size=SIZE */
static int set_corruption_check_size(char *arg)
{
	char *end;
	unsigned int size;

	if (!arg)
		return -EINVAL;
	size = memparse(arg, &end);
	if (*end == '\0')
		corruption_check_size = size;
	return (size == corruption_check_size) ? 0 : -EINVAL;
}
early_param("memory_corruption_check_size", set_corruption_check_size);

void setup_bios_corruption_check(void)
{
	phys_addr_t start, end;
	u64 i;

	if (memory_corruption_check == -1)
		memory_corruption_check = 1;	/* CONFIG_X86_BOOTPARAM_MEMORY_CORRUPTION_CHECK */
	if (corruption_check_size == 0)
		memory_corruption_check = 0;
	if (!memory_corruption_check)
		return;

	corruption_check_size = round_up(corruption_check_size, PAGE_SIZE);

	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL) {
		start = clamp(round_up(start, PAGE_SIZE), PAGE_SIZE, (phys_addr_t)corruption_check_size);
		end = clamp(round_down(end, PAGE_SIZE), PAGE_SIZE, (phys_addr_t)corruption_check_size);
		if (start >= end)
			continue;

		memblock_reserve(start, end - start);
		scan_areas[num_scan_areas].addr = start;
		scan_areas[num_scan_areas].size = end - start;

		/* Assume we've already mapped this early memory */
		memset(early_memremap(start, end - start), 0, end - start);

		if (++num_scan_areas >= MAX_SCAN_AREAS)
			break;
	}

	if (num_scan_areas)
		printk(KERN_INFO "Scanning %d areas for low memory corruption\n", num_scan_areas);
}
