/*
 * The firmware's memory map (the "E820 table"), as arch/x86/kernel/e820.c in Linux 4.19.
 *
 * Three tables: e820_table_firmware is the map as the firmware gave it; e820_table_kexec the
 * same with the kernel's few changes, for a kexec'd kernel; e820_table the working copy that
 * the kernel sanitises, trims and (mem=, memmap=) edits before handing the RAM to memblock.
 * After e820__memblock_setup it has no further say in memory management.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <linux/bootmem.h>
#include <linux/firmware-map.h>
#include <linux/ioport.h>
#include <linux/suspend.h>
#include <asm/bootparam.h>
#include <asm/e820/api.h>
#include <asm/page.h>
#include <asm/setup.h>

static struct e820_table e820_table_init;
static struct e820_table e820_table_kexec_init;
static struct e820_table e820_table_firmware_init;

struct e820_table *e820_table = &e820_table_init;
struct e820_table *e820_table_kexec = &e820_table_kexec_init;
struct e820_table *e820_table_firmware = &e820_table_firmware_init;

/* Whether any part of [start, end) has this type (any type when type is 0). */
bool e820__mapped_any(u64 start, u64 end, enum e820_type type)
{
	int i;

	for (i = 0; i < e820_table->nr_entries; i++) {
		struct e820_entry *entry = &e820_table->entries[i];

		if (type && entry->type != type)
			continue;
		if (entry->addr >= end || entry->addr + entry->size <= start)
			continue;
		return 1;
	}
	return 0;
}

/*
 * The entry that completes the coverage of [start, end) by entries of type, or NULL.
 * Only correct on a sorted, non-overlapping table.
 */
static struct e820_entry *__e820__mapped_all(u64 start, u64 end, enum e820_type type)
{
	int i;

	for (i = 0; i < e820_table->nr_entries; i++) {
		struct e820_entry *entry = &e820_table->entries[i];

		if (type && entry->type != type)
			continue;
		/* Is the region (part) in overlap with the current region? */
		if (entry->addr >= end || entry->addr + entry->size <= start)
			continue;
		/* covered from start up to this entry's end: move start there */
		if (entry->addr <= start)
			start = entry->addr + entry->size;
		if (start >= end)
			return entry;
	}
	return NULL;
}

bool e820__mapped_all(u64 start, u64 end, enum e820_type type)
{
	return __e820__mapped_all(start, end, type);
}

int e820__get_entry_type(u64 start, u64 end)
{
	struct e820_entry *entry = __e820__mapped_all(start, end, 0);

	return entry ? entry->type : -EINVAL;
}

/* Append an entry, unsorted; e820__update_table puts the table in order later. */
static void __e820__range_add(struct e820_table *table, u64 start, u64 size, enum e820_type type)
{
	int x = table->nr_entries;

	if (x >= ARRAY_SIZE(table->entries)) {
		pr_err("too many entries; ignoring [mem %#010llx-%#010llx]\n", start, start + size - 1);
		return;
	}

	table->entries[x].addr = start;
	table->entries[x].size = size;
	table->entries[x].type = type;
	table->nr_entries++;
}

void e820__range_add(u64 start, u64 size, enum e820_type type)
{
	__e820__range_add(e820_table, start, size, type);
}

static void e820_print_type(enum e820_type type)
{
	switch (type) {
	case E820_TYPE_RAM:		/* Fall through: */
	case E820_TYPE_RESERVED_KERN:	pr_cont("usable");			break;
	case E820_TYPE_RESERVED:	pr_cont("reserved");			break;
	case E820_TYPE_ACPI:		pr_cont("ACPI data");			break;
	case E820_TYPE_NVS:		pr_cont("ACPI NVS");			break;
	case E820_TYPE_UNUSABLE:	pr_cont("unusable");			break;
	case E820_TYPE_PMEM:		/* Fall through: */
	case E820_TYPE_PRAM:		pr_cont("persistent (type %u)", type);	break;
	default:			pr_cont("type %u", type);		break;
	}
}

void e820__print_table(char *who)
{
	int i;

	for (i = 0; i < e820_table->nr_entries; i++) {
		pr_info("%s: [mem %#018Lx-%#018Lx] ", who, e820_table->entries[i].addr,
			e820_table->entries[i].addr + e820_table->entries[i].size - 1);
		e820_print_type(e820_table->entries[i].type);
		pr_cont("\n");
	}
}

/*
 * Sanitise a table: sort it, resolve overlaps in favour of the highest-numbered type, merge
 * neighbours of the same type, drop empty entries. Each entry gives two "change points" (its
 * start and its end); sweeping them in address order while keeping the list of entries that
 * cover the current address yields the type of every stretch of memory. A new entry starts
 * wherever that type changes (PRAM entries are never merged).
 *
 * Returns 0, or -1 (table untouched) with fewer than 2 entries or an entry that wraps.
 */
struct change_member {
	struct e820_entry *entry;	/* the original entry */
	unsigned long long addr;	/* the address of this change point */
};

static struct change_member change_point_list[2 * E820_MAX_ENTRIES];
static struct change_member *change_point[2 * E820_MAX_ENTRIES];
static struct e820_entry *overlap_list[E820_MAX_ENTRIES];
static struct e820_entry new_entries[E820_MAX_ENTRIES];

/* By address; at the same address, a start before an end (so touching entries overlap by 0). */
static int cpcompare(const struct change_member *ap, const struct change_member *bp)
{
	if (ap->addr != bp->addr)
		return ap->addr > bp->addr ? 1 : -1;

	return (ap->addr != ap->entry->addr) - (bp->addr != bp->entry->addr);
}

/* Linux calls lib/sort.c (a heap sort) here; any order that cpcompare accepts gives the same table. */
static void sort_change_points(struct change_member **cp, u32 n)
{
	u32 i, j;

	for (i = 1; i < n; i++) {
		struct change_member *c = cp[i];

		for (j = i; j > 0 && cpcompare(cp[j - 1], c) > 0; j--)
			cp[j] = cp[j - 1];
		cp[j] = c;
	}
}

int e820__update_table(struct e820_table *table)
{
	struct e820_entry *entries = table->entries;
	u32 max_nr_entries = ARRAY_SIZE(table->entries);
	enum e820_type current_type, last_type;
	unsigned long long last_addr;
	u32 new_nr_entries, overlap_entries;
	u32 i, chg_idx, chg_nr;

	/* If there's only one memory region, don't bother: */
	if (table->nr_entries < 2)
		return -1;

	BUG_ON(table->nr_entries > max_nr_entries);

	/* Bail out if we find any unreasonable addresses in the map: */
	for (i = 0; i < table->nr_entries; i++) {
		if (entries[i].addr + entries[i].size < entries[i].addr)
			return -1;
	}

	for (i = 0; i < 2 * table->nr_entries; i++)
		change_point[i] = &change_point_list[i];

	/* Record all known change-points (starting and ending addresses), omitting empty entries: */
	chg_idx = 0;
	for (i = 0; i < table->nr_entries; i++) {
		if (entries[i].size != 0) {
			change_point[chg_idx]->addr = entries[i].addr;
			change_point[chg_idx++]->entry = &entries[i];
			change_point[chg_idx]->addr = entries[i].addr + entries[i].size;
			change_point[chg_idx++]->entry = &entries[i];
		}
	}
	chg_nr = chg_idx;

	sort_change_points(change_point, chg_nr);

	overlap_entries = 0;	/* Number of entries in the overlap table */
	new_nr_entries = 0;	/* Index for creating new map entries */
	last_type = 0;		/* Start with undefined memory type */
	last_addr = 0;		/* Start with 0 as last starting address */

	for (chg_idx = 0; chg_idx < chg_nr; chg_idx++) {
		/* Keep track of all overlapping entries */
		if (change_point[chg_idx]->addr == change_point[chg_idx]->entry->addr) {
			/* Add map entry to overlap list (> 1 entry implies an overlap) */
			overlap_list[overlap_entries++] = change_point[chg_idx]->entry;
		} else {
			/* Remove entry from list (order independent, so swap with last): */
			for (i = 0; i < overlap_entries; i++) {
				if (overlap_list[i] == change_point[chg_idx]->entry)
					overlap_list[i] = overlap_list[overlap_entries - 1];
			}
			overlap_entries--;
		}
		/* The type here: the largest value takes precedence (1 = usable, 2, 3, 4, ... not) */
		current_type = 0;
		for (i = 0; i < overlap_entries; i++) {
			if (overlap_list[i]->type > current_type)
				current_type = overlap_list[i]->type;
		}

		/* Continue building up new map based on this information: */
		if (current_type != last_type || current_type == E820_TYPE_PRAM) {
			if (last_type != 0) {
				new_entries[new_nr_entries].size = change_point[chg_idx]->addr - last_addr;
				/* Move forward only if the new size was non-zero: */
				if (new_entries[new_nr_entries].size != 0)
					/* No more space left for new entries? */
					if (++new_nr_entries >= max_nr_entries)
						break;
			}
			if (current_type != 0) {
				new_entries[new_nr_entries].addr = change_point[chg_idx]->addr;
				new_entries[new_nr_entries].type = current_type;
				last_addr = change_point[chg_idx]->addr;
			}
			last_type = current_type;
		}
	}

	/* Copy the new entries into the original location: */
	memcpy(entries, new_entries, new_nr_entries * sizeof(*entries));
	table->nr_entries = new_nr_entries;

	return 0;
}

/* Copy the boot entries; a wrapping entry aborts (the entries before it stay). */
static int __append_e820_table(struct boot_e820_entry *entries, u32 nr_entries)
{
	struct boot_e820_entry *entry = entries;

	while (nr_entries) {
		u64 start = entry->addr;
		u64 size = entry->size;
		u64 end = start + size - 1;
		u32 type = entry->type;

		/* Ignore the entry on 64-bit overflow: */
		if (start > end && likely(size))
			return -1;

		e820__range_add(start, size, type);

		entry++;
		nr_entries--;
	}
	return 0;
}

/* A map of fewer than 2 entries is not believed: the caller fakes one instead. */
static int append_e820_table(struct boot_e820_entry *entries, u32 nr_entries)
{
	/* Only one memory region (or negative)? Ignore it */
	if (nr_entries < 2)
		return -1;

	return __append_e820_table(entries, nr_entries);
}

/*
 * Change the type of [start, start+size) from old_type to new_type in table. Entries of
 * old_type inside are retyped; one that contains the range is split in three; one that
 * overlaps an edge gives up the overlap, added as a new entry. Returns the bytes changed.
 */
static u64 __e820__range_update(struct e820_table *table, u64 start, u64 size,
				enum e820_type old_type, enum e820_type new_type)
{
	u64 end;
	unsigned int i;
	u64 real_updated_size = 0;

	BUG_ON(old_type == new_type);

	if (size > (ULLONG_MAX - start))
		size = ULLONG_MAX - start;

	end = start + size;
	printk(KERN_DEBUG "e820: update [mem %#010Lx-%#010Lx] ", start, end - 1);
	e820_print_type(old_type);
	pr_cont(" ==> ");
	e820_print_type(new_type);
	pr_cont("\n");

	for (i = 0; i < table->nr_entries; i++) {
		struct e820_entry *entry = &table->entries[i];
		u64 final_start, final_end;
		u64 entry_end;

		if (entry->type != old_type)
			continue;

		entry_end = entry->addr + entry->size;

		/* Completely covered by new range? */
		if (entry->addr >= start && entry_end <= end) {
			entry->type = new_type;
			real_updated_size += entry->size;
			continue;
		}

		/* New range is completely covered? */
		if (entry->addr < start && entry_end > end) {
			__e820__range_add(table, start, size, new_type);
			__e820__range_add(table, end, entry_end - end, entry->type);
			entry->size = start - entry->addr;
			real_updated_size += size;
			continue;
		}

		/* Partially covered: */
		final_start = max(start, entry->addr);
		final_end = min(end, entry_end);
		if (final_start >= final_end)
			continue;

		__e820__range_add(table, final_start, final_end - final_start, new_type);

		real_updated_size += final_end - final_start;

		/* Left range could be head or tail, so need to update its size first: */
		entry->size -= final_end - final_start;
		if (entry->addr < final_start)
			continue;

		entry->addr = final_end;
	}
	return real_updated_size;
}

u64 e820__range_update(u64 start, u64 size, enum e820_type old_type, enum e820_type new_type)
{
	return __e820__range_update(e820_table, start, size, old_type, new_type);
}

static u64 e820__range_update_kexec(u64 start, u64 size, enum e820_type old_type,
				    enum e820_type new_type)
{
	return __e820__range_update(e820_table_kexec, start, size, old_type, new_type);
}

/* Remove [start, start+size) from e820_table (only entries of old_type if check_type). */
u64 e820__range_remove(u64 start, u64 size, enum e820_type old_type, bool check_type)
{
	int i;
	u64 end;
	u64 real_removed_size = 0;

	if (size > (ULLONG_MAX - start))
		size = ULLONG_MAX - start;

	end = start + size;
	printk(KERN_DEBUG "e820: remove [mem %#010Lx-%#010Lx] ", start, end - 1);
	if (check_type)
		e820_print_type(old_type);
	pr_cont("\n");

	for (i = 0; i < e820_table->nr_entries; i++) {
		struct e820_entry *entry = &e820_table->entries[i];
		u64 final_start, final_end;
		u64 entry_end;

		if (check_type && entry->type != old_type)
			continue;

		entry_end = entry->addr + entry->size;

		/* Completely covered? (left as an empty entry; e820__update_table drops it) */
		if (entry->addr >= start && entry_end <= end) {
			real_removed_size += entry->size;
			memset(entry, 0, sizeof(*entry));
			continue;
		}

		/* Is the new range completely covered? */
		if (entry->addr < start && entry_end > end) {
			e820__range_add(end, entry_end - end, entry->type);
			entry->size = start - entry->addr;
			real_removed_size += size;
			continue;
		}

		/* Partially covered: */
		final_start = max(start, entry->addr);
		final_end = min(end, entry_end);
		if (final_start >= final_end)
			continue;

		real_removed_size += final_end - final_start;

		/* Left range could be head or tail, so need to update the size first: */
		entry->size -= final_end - final_start;
		if (entry->addr < final_start)
			continue;

		entry->addr = final_end;
	}
	return real_removed_size;
}

void e820__update_table_print(void)
{
	if (e820__update_table(e820_table))
		return;

	pr_info("modified physical RAM map:\n");
	e820__print_table("modified");
}

/* Allocate for the kernel and mark it reserved in the kexec table (the MP table copy, in Linux). */
u64 e820__memblock_alloc_reserved(u64 size, u64 align)
{
	u64 addr;

	addr = __memblock_alloc_base(size, align, MEMBLOCK_ALLOC_ACCESSIBLE);
	if (addr) {
		e820__range_update_kexec(addr, size, E820_TYPE_RAM, E820_TYPE_RESERVED);
		pr_info("update e820_table_kexec for e820__memblock_alloc_reserved()\n");
		e820__update_table(e820_table_kexec);
	}
	return addr;
}

/* 2^46 bytes of physical address space (MAXMEM, 4-level paging) */
#define MAX_ARCH_PFN (MAXMEM >> PAGE_SHIFT)

/* The highest end pfn (rounded down) of the entries of type below limit_pfn. */
static unsigned long e820_end_pfn(unsigned long limit_pfn, enum e820_type type)
{
	int i;
	unsigned long last_pfn = 0;
	unsigned long max_arch_pfn = MAX_ARCH_PFN;

	for (i = 0; i < e820_table->nr_entries; i++) {
		struct e820_entry *entry = &e820_table->entries[i];
		unsigned long start_pfn;
		unsigned long end_pfn;

		if (entry->type != type)
			continue;

		start_pfn = entry->addr >> PAGE_SHIFT;
		end_pfn = (entry->addr + entry->size) >> PAGE_SHIFT;

		if (start_pfn >= limit_pfn)
			continue;
		if (end_pfn > limit_pfn) {
			last_pfn = limit_pfn;
			break;
		}
		if (end_pfn > last_pfn)
			last_pfn = end_pfn;
	}

	if (last_pfn > max_arch_pfn)
		last_pfn = max_arch_pfn;

	pr_info("last_pfn = %#lx max_arch_pfn = %#lx\n", last_pfn, max_arch_pfn);
	return last_pfn;
}

unsigned long e820__end_of_ram_pfn(void)
{
	return e820_end_pfn(MAX_ARCH_PFN, E820_TYPE_RAM);
}

unsigned long e820__end_of_low_ram_pfn(void)
{
	return e820_end_pfn(1UL << (32 - PAGE_SHIFT), E820_TYPE_RAM);
}

static int userdef;

/*
 * mem=SIZE: forget all RAM above SIZE. ("mem=nopentium" is for 32-bit kernels.)
 * Static in Linux; the host tests call it (they have no early_param table to walk).
 */
int parse_memopt(char *p)
{
	u64 mem_size;

	if (!p)
		return -EINVAL;

	if (!strcmp(p, "nopentium")) {
		pr_warn("mem=nopentium ignored! (only supported on x86_32)\n");
		return -EINVAL;
	}

	userdef = 1;
	mem_size = memparse(p, &p);

	/* Don't remove all memory when getting "mem={invalid}" parameter: */
	if (mem_size == 0)
		return -EINVAL;

	e820__range_remove(mem_size, ULLONG_MAX - mem_size, E820_TYPE_RAM, 1);

	return 0;
}
early_param("mem", parse_memopt);

/* After parse_early_param: a map edited by mem= is sanitised and printed once more. */
void e820__finish_early_params(void)
{
	if (userdef) {
		if (e820__update_table(e820_table) < 0)
			panic("Invalid user supplied memory map");

		pr_info("user-defined physical RAM map:\n");
		e820__print_table("user");
	}
}

/*
 * x86_init.resources.memory_setup on a PC: the firmware's map from the zero page, or, when it
 * has fewer than 2 entries, a fake one of 0-640K and 1M up from the e801 or 88 memory size.
 * PVH boot fills neither of those sizes (nor does this replay's boot_params hold them): the
 * fake map then has 640K of RAM, as a Linux PVH boot with no memory map would.
 */
char *e820__memory_setup_default(void)
{
	char *who = "BIOS-e820";

	if (append_e820_table(boot_params.e820_table, boot_params.e820_entries) < 0) {
		u64 mem_size = 0;	/* max(boot_params.alt_mem_k, screen_info.ext_mem_k) */

		who = "BIOS-e801";
		e820_table->nr_entries = 0;
		e820__range_add(0, LOWMEMSIZE(), E820_TYPE_RAM);
		e820__range_add(HIGH_MEMORY, mem_size << 10, E820_TYPE_RAM);
	}

	/* We just appended a lot of ranges, sanitize the table: */
	e820__update_table(e820_table);

	return who;
}

void e820__memory_setup(void)
{
	char *who;

	/* This is a firmware interface ABI - make sure we don't break it: */
	BUILD_BUG_ON(sizeof(struct boot_e820_entry) != 20);

	who = e820__memory_setup_default();

	memcpy(e820_table_kexec, e820_table, sizeof(*e820_table_kexec));
	memcpy(e820_table_firmware, e820_table, sizeof(*e820_table_firmware));

	pr_info("BIOS-provided physical RAM map:\n");
	e820__print_table(who);
}

/*
 * Hand the RAM to memblock: every usable entry goes into memblock.memory, then partial pages
 * are trimmed off. (v4.19 also put the non-RAM entries and the holes into memblock.reserved;
 * that was reverted within weeks -- 4.19.y, 4.20 and later, and 6.1 do not -- and so do we not.)
 */
void e820__memblock_setup(void)
{
	int i;
	u64 end;

	/*
	 * EFI may pass more than the 128 regions of the static arrays. Resizing allocates from
	 * memblock, safe now that the early reservations are known.
	 */
	memblock_allow_resize();

	for (i = 0; i < e820_table->nr_entries; i++) {
		struct e820_entry *entry = &e820_table->entries[i];

		end = entry->addr + entry->size;
		if (end != (resource_size_t)end)
			continue;

		if (entry->type != E820_TYPE_RAM && entry->type != E820_TYPE_RESERVED_KERN)
			continue;

		memblock_add(entry->addr, entry->size);
	}

	/* Throw away partial pages: */
	memblock_trim_memory(PAGE_SIZE);

	memblock_dump_all();
}

/*
 * After paging_init: the e820 map becomes iomem resources and the firmware map of
 * /sys/firmware/memmap (both allocated from boot memory), and the holes become nosave regions.
 */
static const char *e820_type_to_string(struct e820_entry *entry)
{
	switch (entry->type) {
	case E820_TYPE_RESERVED_KERN:	/* Fall-through: */
	case E820_TYPE_RAM:		return "System RAM";
	case E820_TYPE_ACPI:		return "ACPI Tables";
	case E820_TYPE_NVS:		return "ACPI Non-volatile Storage";
	case E820_TYPE_UNUSABLE:	return "Unusable memory";
	case E820_TYPE_PRAM:		return "Persistent Memory (legacy)";
	case E820_TYPE_PMEM:		return "Persistent Memory";
	case E820_TYPE_RESERVED:	return "Reserved";
	default:			return "Unknown E820 type";
	}
}

static struct resource *e820_res;

/* The resources go into the iomem tree in Linux; here only their memory and contents exist. */
void e820__reserve_resources(void)
{
	struct resource *res;
	int i;

	res = alloc_bootmem(sizeof(*res) * e820_table->nr_entries);
	e820_res = res;

	for (i = 0; i < e820_table->nr_entries; i++, res++) {
		struct e820_entry *entry = e820_table->entries + i;

		res->start = entry->addr;
		res->end = entry->addr + entry->size - 1;
		res->name = e820_type_to_string(entry);
	}

	/* Expose the bootloader-provided memory layout to the sysfs. */
	for (i = 0; i < e820_table_firmware->nr_entries; i++) {
		struct e820_entry *entry = e820_table_firmware->entries + i;

		firmware_map_add_early(entry->addr, entry->addr + entry->size, e820_type_to_string(entry));
	}
}

/* Holes and non-RAM below limit_pfn are not saved by hibernation. */
void e820__register_nosave_regions(unsigned long limit_pfn)
{
	unsigned long pfn = 0;
	int i;

	for (i = 0; i < e820_table->nr_entries; i++) {
		struct e820_entry *entry = &e820_table->entries[i];

		if (pfn < PFN_UP(entry->addr))
			register_nosave_region(pfn, PFN_UP(entry->addr));

		pfn = PFN_DOWN(entry->addr + entry->size);

		if (entry->type != E820_TYPE_RAM && entry->type != E820_TYPE_RESERVED_KERN)
			register_nosave_region(PFN_UP(entry->addr), pfn);

		if (pfn >= limit_pfn)
			break;
	}
}

#define MAX_GAP_END 0x100000000ULL

/* The largest gap below 4 GiB, at least gapsize, searching from the top. */
static int e820_search_gap(unsigned long *gapstart, unsigned long *gapsize)
{
	unsigned long long last = MAX_GAP_END;
	int i = e820_table->nr_entries;
	int found = 0;

	while (--i >= 0) {
		unsigned long long start = e820_table->entries[i].addr;
		unsigned long long end = start + e820_table->entries[i].size;

		if (last > end && last - end >= *gapsize) {
			*gapsize = last - end;
			*gapstart = end;
			found = 1;
		}
		if (start < last)
			last = start;
	}
	return found;
}

/* Where PCI devices' 32-bit BARs may go: the largest gap in the map below 4 GiB. */
void e820__setup_pci_gap(void)
{
	unsigned long gapstart, gapsize = 0x400000;

	if (!e820_search_gap(&gapstart, &gapsize)) {
		gapstart = (max_pfn << PAGE_SHIFT) + 1024 * 1024;
		pr_err("Cannot find an available gap in the 32-bit address range\n");
		pr_err("PCI devices with unassigned 32-bit BARs may not work!\n");
	}

	pr_info("[mem %#010lx-%#010lx] available for PCI devices\n", gapstart, gapstart + gapsize - 1);
}
