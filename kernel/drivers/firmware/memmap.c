/*
 * firmware_map_add_early (drivers/firmware/memmap.c): one entry per range of the firmware's e820
 * map, for /sys/firmware/memmap. The entry embeds a kobject, hence its size in the reference build.
 */
#include <linux/kernel.h>
#include <linux/bootmem.h>
#include <linux/list.h>
#include <linux/firmware-map.h>
#include <mm_step/linux_build.h>

/* The fields the replay fills; the rest of Linux's entry (its kobject) stays zero. */
struct firmware_map_entry {
	u64 start;		/* start of the memory range */
	u64 end;		/* end of the memory range (exclusive) */
	const char *type;	/* type of the memory range */
	struct list_head list;
	char kobj[LINUX_SIZEOF_FIRMWARE_MAP_ENTRY - 40];
};

static LIST_HEAD(map_entries_bootmem);

noinline int firmware_map_add_early(u64 start, u64 end, const char *type)
{
	struct firmware_map_entry *entry;

	entry = memblock_virt_alloc(sizeof(struct firmware_map_entry), 0);
	entry->start = start;
	entry->end = end - 1;
	entry->type = type;
	list_add_tail(&entry->list, &map_entries_bootmem);
	return 0;
}
