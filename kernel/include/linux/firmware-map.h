/* The firmware memory map of /sys/firmware/memmap, as include/linux/firmware-map.h. */
#ifndef _LINUX_FIRMWARE_MAP_H
#define _LINUX_FIRMWARE_MAP_H
#include <linux/types.h>

int firmware_map_add_early(u64 start, u64 end, const char *type);

#endif
