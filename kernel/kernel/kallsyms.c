/*
 * kallsyms: function names for %pS/%pF, so that memblock=debug lines name their caller as Linux's
 * do ("memblock_reserve: [...] setup_arch+0x2c/0x1a0"). The table (sorted addresses and names of
 * text symbols) is generated from a first link by scripts/kallsyms.py and linked in a second pass;
 * the references are weak, so the first link and the host tests, which have no table, see none.
 */
#include <linux/kernel.h>

extern const unsigned long kallsyms_num_syms __attribute__((weak));
extern const unsigned long kallsyms_text_end __attribute__((weak));
extern const unsigned long kallsyms_addresses[] __attribute__((weak));
extern const unsigned int kallsyms_name_offsets[] __attribute__((weak));
extern const char kallsyms_names[] __attribute__((weak));

/* The name of the function holding addr, with addr's offset in it and its size; NULL if none. */
const char *kallsyms_lookup(unsigned long addr, unsigned long *size, unsigned long *offset)
{
	unsigned long lo = 0, hi, end;

	if (!&kallsyms_num_syms)
		return NULL;
	hi = kallsyms_num_syms;
	if (!hi || addr < kallsyms_addresses[0] || addr >= kallsyms_text_end)
		return NULL;
	while (hi - lo > 1) {	/* the last symbol at or below addr */
		unsigned long mid = (lo + hi) / 2;

		if (kallsyms_addresses[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	end = lo + 1 < kallsyms_num_syms ? kallsyms_addresses[lo + 1] : kallsyms_text_end;
	*size = end - kallsyms_addresses[lo];
	*offset = addr - kallsyms_addresses[lo];
	return kallsyms_names + kallsyms_name_offsets[lo];
}
