/*
 * The boot-time allocator interface of Linux 4.19 with CONFIG_NO_BOOTMEM: the memblock_virt_alloc
 * family (mm/memblock.c), which returns direct-map addresses of memblock allocations.
 * (4.20 renamed it memblock_alloc* and removed this header.)
 */
#ifndef _LINUX_BOOTMEM_H
#define _LINUX_BOOTMEM_H
#include <linux/memblock.h>

/* The highest page frame numbers (mm/nobootmem.c in 4.19), set by setup_arch and the NUMA code. */
extern unsigned long max_low_pfn;
extern unsigned long min_low_pfn;
extern unsigned long max_pfn;
extern unsigned long long max_possible_pfn;	/* including hot-pluggable memory (SRAT) */

/* We are using top down, so it is safe to use 0 here (NO_BOOTMEM). */
#define BOOTMEM_LOW_LIMIT 0
#define BOOTMEM_ALLOC_ACCESSIBLE 0
#define BOOTMEM_ALLOC_ANYWHERE (~(phys_addr_t)0)

void *memblock_virt_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align,
				      phys_addr_t min_addr, phys_addr_t max_addr, int nid);
void *memblock_virt_alloc_try_nid_nopanic(phys_addr_t size, phys_addr_t align,
					  phys_addr_t min_addr, phys_addr_t max_addr, int nid);
void *memblock_virt_alloc_try_nid(phys_addr_t size, phys_addr_t align,
				  phys_addr_t min_addr, phys_addr_t max_addr, int nid);

static inline void *memblock_virt_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_virt_alloc_try_nid(size, align, BOOTMEM_LOW_LIMIT,
					   BOOTMEM_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

static inline void *memblock_virt_alloc_raw(phys_addr_t size, phys_addr_t align)
{
	return memblock_virt_alloc_try_nid_raw(size, align, BOOTMEM_LOW_LIMIT,
					       BOOTMEM_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

static inline void *memblock_virt_alloc_nopanic(phys_addr_t size, phys_addr_t align)
{
	return memblock_virt_alloc_try_nid_nopanic(size, align, BOOTMEM_LOW_LIMIT,
						   BOOTMEM_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

static inline void *memblock_virt_alloc_low(phys_addr_t size, phys_addr_t align)
{
	return memblock_virt_alloc_try_nid(size, align, BOOTMEM_LOW_LIMIT,
					   ARCH_LOW_ADDRESS_LIMIT, NUMA_NO_NODE);
}

static inline void *memblock_virt_alloc_low_nopanic(phys_addr_t size, phys_addr_t align)
{
	return memblock_virt_alloc_try_nid_nopanic(size, align, BOOTMEM_LOW_LIMIT,
						   ARCH_LOW_ADDRESS_LIMIT, NUMA_NO_NODE);
}

static inline void *memblock_virt_alloc_from_nopanic(phys_addr_t size, phys_addr_t align,
						     phys_addr_t min_addr)
{
	return memblock_virt_alloc_try_nid_nopanic(size, align, min_addr,
						   BOOTMEM_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

static inline void *memblock_virt_alloc_node(phys_addr_t size, int nid)
{
	return memblock_virt_alloc_try_nid(size, 0, BOOTMEM_LOW_LIMIT,
					   BOOTMEM_ALLOC_ACCESSIBLE, nid);
}

static inline void *memblock_virt_alloc_node_nopanic(phys_addr_t size, int nid)
{
	return memblock_virt_alloc_try_nid_nopanic(size, 0, BOOTMEM_LOW_LIMIT,
						   BOOTMEM_ALLOC_ACCESSIBLE, nid);
}

/* mm/nobootmem.c: the bootmem allocator's interface, served by memblock (CONFIG_NO_BOOTMEM). */
struct pglist_data;
void *__alloc_bootmem(unsigned long size, unsigned long align, unsigned long goal);
void *__alloc_bootmem_nopanic(unsigned long size, unsigned long align, unsigned long goal);
void *__alloc_bootmem_node_nopanic(struct pglist_data *pgdat, unsigned long size, unsigned long align,
				   unsigned long goal);
void free_bootmem(unsigned long addr, unsigned long size);
#define alloc_bootmem(x) __alloc_bootmem(x, SMP_CACHE_BYTES, BOOTMEM_LOW_LIMIT)
#define alloc_bootmem_pages(x) __alloc_bootmem(x, PAGE_SIZE, BOOTMEM_LOW_LIMIT)

static inline void memblock_free_early(phys_addr_t base, phys_addr_t size)
{
	__memblock_free_early(base, size);
}

static inline void memblock_free_early_nid(phys_addr_t base, phys_addr_t size, int nid)
{
	__memblock_free_early(base, size);
}

#endif
