/*
 * SPARSEMEM (mm/sparse.c, Linux 4.19): physical memory is cut into 128 MiB sections. Each
 * present section gets a struct mem_section holding its usemap (pageblock migratetypes) and,
 * encoded, the address of its struct pages in the vmemmap.
 *
 *   memory_present()  marks sections that hold memory, remembering their node in the
 *                     section_mem_map bits (the "early nid");
 *   sparse_init()     gives each run of same-node sections a usemap block and a struct page
 *                     buffer, maps the struct pages (sparse_mem_map_populate) and encodes them.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/bootmem.h>
#include <asm/dma.h>

/* SPARSEMEM_EXTREME: NR_SECTION_ROOTS pointers to pages of SECTIONS_PER_ROOT mem_sections. */
struct mem_section **mem_section;
int __highest_present_section_nr;

static inline int sparse_early_nid(struct mem_section *section)
{
	return (section->section_mem_map >> SECTION_NID_SHIFT);
}

static noinline __noclone struct mem_section *sparse_index_alloc(int nid)
{
	unsigned long array_size = SECTIONS_PER_ROOT * sizeof(struct mem_section);

	return memblock_virt_alloc_node(array_size, nid);
}

/* Allocate the root (one page of mem_sections) that section_nr lives in, on its node. */
static int sparse_index_init(unsigned long section_nr, int nid)
{
	unsigned long root = SECTION_NR_TO_ROOT(section_nr);
	struct mem_section *section;

	if (mem_section[root])
		return -EEXIST;
	section = sparse_index_alloc(nid);
	if (!section)
		return -ENOMEM;
	mem_section[root] = section;
	return 0;
}

/* The section number of ms: find its root, then its index in the root. */
int __section_nr(struct mem_section *ms)
{
	unsigned long root_nr;
	struct mem_section *root = NULL;

	for (root_nr = 0; root_nr < NR_SECTION_ROOTS; root_nr++) {
		root = __nr_to_section(root_nr * SECTIONS_PER_ROOT);
		if (!root)
			continue;
		if ((ms >= root) && (ms < (root + SECTIONS_PER_ROOT)))
			break;
	}
	BUG_ON(!root);
	return (root_nr * SECTIONS_PER_ROOT) + (ms - root);
}

/* During early boot, before section_mem_map is used for an actual mem_map, it holds the nid. */
static inline unsigned long sparse_encode_early_nid(int nid)
{
	return (nid << SECTION_NID_SHIFT);
}

/* Clamp a pfn range to what SPARSEMEM can describe (2^46 bytes). */
static void mminit_validate_memmodel_limits(unsigned long *start_pfn, unsigned long *end_pfn)
{
	unsigned long max_sparsemem_pfn = 1UL << (MAX_PHYSMEM_BITS - PAGE_SHIFT);

	if (*start_pfn > max_sparsemem_pfn) {
		WARN_ON_ONCE(1);
		*start_pfn = max_sparsemem_pfn;
		*end_pfn = max_sparsemem_pfn;
	} else if (*end_pfn > max_sparsemem_pfn) {
		WARN_ON_ONCE(1);
		*end_pfn = max_sparsemem_pfn;
	}
}

static void section_mark_present(struct mem_section *ms)
{
	int section_nr = __section_nr(ms);

	if (section_nr > __highest_present_section_nr)
		__highest_present_section_nr = section_nr;
	ms->section_mem_map |= SECTION_MARKED_PRESENT;
}

static inline int next_present_section_nr(int section_nr)
{
	do {
		section_nr++;
		if (present_section_nr(section_nr))
			return section_nr;
	} while ((section_nr <= __highest_present_section_nr));
	return -1;
}
#define for_each_present_section_nr(start, section_nr)		\
	for (section_nr = next_present_section_nr(start - 1);	\
	     (((long)(section_nr) >= 0) &&			\
	      (section_nr <= __highest_present_section_nr));	\
	     section_nr = next_present_section_nr(section_nr))

static inline unsigned long first_present_section_nr(void)
{
	return next_present_section_nr(-1);
}

/* Record a memory present range: every section it touches becomes present, on node nid. */
void memory_present(int nid, unsigned long start, unsigned long end)
{
	unsigned long pfn;

	if (unlikely(!mem_section)) {
		unsigned long size, align;

		size = sizeof(struct mem_section *) * NR_SECTION_ROOTS;
		align = 1 << (INTERNODE_CACHE_SHIFT);
		mem_section = memblock_virt_alloc(size, align);
	}

	start &= PAGE_SECTION_MASK;
	mminit_validate_memmodel_limits(&start, &end);
	for (pfn = start; pfn < end; pfn += PAGES_PER_SECTION) {
		unsigned long section = pfn_to_section_nr(pfn);
		struct mem_section *ms;

		sparse_index_init(section, nid);
		ms = __nr_to_section(section);
		if (!ms->section_mem_map) {	/* the first range to reach a section names its node */
			ms->section_mem_map = sparse_encode_early_nid(nid) | SECTION_IS_ONLINE;
			section_mark_present(ms);
		}
	}
}

/*
 * The mem_map pointer stored in a section is biased by the section's first pfn, so that
 * decoded + pfn is the struct page of any pfn in it. With VMEMMAP every section encodes vmemmap.
 */
unsigned long sparse_encode_mem_map(struct page *mem_map, unsigned long pnum)
{
	unsigned long coded_mem_map = (unsigned long)(mem_map - (section_nr_to_pfn(pnum)));

	BUILD_BUG_ON(SECTION_MAP_LAST_BIT > (1UL << PFN_SECTION_SHIFT));
	BUG_ON(coded_mem_map & ~SECTION_MAP_MASK);
	return coded_mem_map;
}

struct page *sparse_decode_mem_map(unsigned long coded_mem_map, unsigned long pnum)
{
	coded_mem_map &= SECTION_MAP_MASK;
	return ((struct page *)coded_mem_map) + section_nr_to_pfn(pnum);
}

static void sparse_init_one_section(struct mem_section *ms, unsigned long pnum,
				    struct page *mem_map, unsigned long *pageblock_bitmap)
{
	ms->section_mem_map &= ~SECTION_MAP_MASK;	/* drop the early nid, keep the flags */
	ms->section_mem_map |= sparse_encode_mem_map(mem_map, pnum) | SECTION_HAS_MEM_MAP;
	ms->pageblock_flags = pageblock_bitmap;
}

/* 64 pageblocks per section, 4 bits each: 32 bytes. */
unsigned long usemap_size(void)
{
	return BITS_TO_LONGS(SECTION_BLOCKFLAGS_BITS) * sizeof(unsigned long);
}

/*
 * CONFIG_MEMORY_HOTREMOVE: put the usemaps in the section that holds the node's pg_data_t, so
 * that no other section pins it (a section is removable only when nothing in it is in use).
 */
static unsigned long *sparse_early_usemaps_alloc_pgdat_section(struct pglist_data *pgdat,
							       unsigned long size)
{
	unsigned long goal, limit;
	unsigned long *p;
	int nid;

	goal = __pa(pgdat) & (PAGE_SECTION_MASK << PAGE_SHIFT);
	limit = goal + (1UL << PA_SECTION_SHIFT);
	nid = early_pfn_to_nid(goal >> PAGE_SHIFT);
again:
	p = memblock_virt_alloc_try_nid_nopanic(size, SMP_CACHE_BYTES, goal, limit, nid);
	if (!p && limit) {
		limit = 0;
		goto again;
	}
	return p;
}

static void check_usemap_section_nr(int nid, unsigned long *usemap)
{
	unsigned long usemap_snr, pgdat_snr;
	static unsigned long old_usemap_snr;
	static unsigned long old_pgdat_snr;
	struct pglist_data *pgdat = NODE_DATA(nid);
	int usemap_nid;

	/* First call */
	if (!old_usemap_snr) {
		old_usemap_snr = NR_MEM_SECTIONS;
		old_pgdat_snr = NR_MEM_SECTIONS;
	}

	usemap_snr = pfn_to_section_nr(__pa(usemap) >> PAGE_SHIFT);
	pgdat_snr = pfn_to_section_nr(__pa(pgdat) >> PAGE_SHIFT);
	if (usemap_snr == pgdat_snr)
		return;

	if (old_usemap_snr == usemap_snr && old_pgdat_snr == pgdat_snr)
		return;		/* skip redundant message */

	old_usemap_snr = usemap_snr;
	old_pgdat_snr = pgdat_snr;

	usemap_nid = sparse_early_nid(__nr_to_section(usemap_snr));
	if (usemap_nid != nid) {
		pr_info("node %d must be removed before remove section %ld\n", nid, usemap_snr);
		return;
	}
	pr_info("Section %ld and %ld (node %d) have a circular dependency on usemap and pgdat allocations\n",
		usemap_snr, pgdat_snr, nid);
}

/* VMEMMAP: a section's struct pages, rounded to whole 2 MiB PMD mappings. */
static unsigned long section_map_size(void)
{
	return ALIGN(sizeof(struct page) * PAGES_PER_SECTION, PMD_SIZE);
}

/* One node-local buffer for all struct pages of a run, carved by sparse_buffer_alloc(). */
static void *sparsemap_buf;
static void *sparsemap_buf_end;

static void sparse_buffer_init(unsigned long size, int nid)
{
	WARN_ON(sparsemap_buf);	/* forgot to call sparse_buffer_fini()? */
	sparsemap_buf = memblock_virt_alloc_try_nid_raw(size, PAGE_SIZE, __pa(MAX_DMA_ADDRESS),
							BOOTMEM_ALLOC_ACCESSIBLE, nid);
	sparsemap_buf_end = sparsemap_buf + size;
}

/* Give back the unused tail (4.19 aligns the buffer only to a page, so the head may be lost). */
static void sparse_buffer_fini(void)
{
	unsigned long size = sparsemap_buf_end - sparsemap_buf;

	if (sparsemap_buf && size > 0)
		memblock_free_early(__pa(sparsemap_buf), size);
	sparsemap_buf = NULL;
}

void *sparse_buffer_alloc(unsigned long size)
{
	void *ptr = NULL;

	if (sparsemap_buf) {
		ptr = (void *)ALIGN((unsigned long)sparsemap_buf, size);
		if (ptr + size > sparsemap_buf_end)
			ptr = NULL;
		else
			sparsemap_buf = ptr + size;
	}
	return ptr;
}

/* Sections [pnum_begin, pnum_end) are present on node nid: usemaps, memmaps, encodings. */
static void sparse_init_nid(int nid, unsigned long pnum_begin, unsigned long pnum_end,
			    unsigned long map_count)
{
	unsigned long pnum, usemap_longs, *usemap;
	struct page *map;

	usemap_longs = BITS_TO_LONGS(SECTION_BLOCKFLAGS_BITS);
	usemap = sparse_early_usemaps_alloc_pgdat_section(NODE_DATA(nid), usemap_size() * map_count);
	if (!usemap) {
		pr_err("%s: node[%d] usemap allocation failed", __func__, nid);
		goto failed;
	}
	sparse_buffer_init(map_count * section_map_size(), nid);
	for_each_present_section_nr(pnum_begin, pnum) {
		if (pnum >= pnum_end)
			break;

		map = sparse_mem_map_populate(pnum, nid);
		if (!map) {
			pr_err("%s: node[%d] memory map backing failed. Some memory will not be available.",
			       __func__, nid);
			pnum_begin = pnum;
			goto failed;
		}
		check_usemap_section_nr(nid, usemap);
		sparse_init_one_section(__nr_to_section(pnum), pnum, map, usemap);
		usemap += usemap_longs;
	}
	sparse_buffer_fini();
	return;
failed:
	/* We failed to allocate, mark all the following pnums as not present */
	for_each_present_section_nr(pnum_begin, pnum) {
		if (pnum >= pnum_end)
			break;
		__nr_to_section(pnum)->section_mem_map = 0;
	}
}

/* Allocate the usemap and memmap of every present section, one run of same-node sections at a time. */
void sparse_init(void)
{
	unsigned long pnum_begin = first_present_section_nr();
	int nid_begin = sparse_early_nid(__nr_to_section(pnum_begin));
	unsigned long pnum_end, map_count = 1;

	BUILD_BUG_ON(sizeof(struct mem_section) & (sizeof(struct mem_section) - 1));	/* a power of 2 */
	for_each_present_section_nr(pnum_begin + 1, pnum_end) {
		int nid = sparse_early_nid(__nr_to_section(pnum_end));

		if (nid == nid_begin) {
			map_count++;
			continue;
		}
		/* Init node with sections in range [pnum_begin, pnum_end) */
		sparse_init_nid(nid_begin, pnum_begin, pnum_end, map_count);
		nid_begin = nid;
		pnum_begin = pnum_end;
		map_count = 1;
	}
	/* cover the last node (pnum_end is -1 here: no end) */
	sparse_init_nid(nid_begin, pnum_begin, pnum_end, map_count);
}
