/*
 * MTRRs and PAT at boot, as arch/x86/kernel/cpu/mtrr/{mtrr,generic,cleanup}.c and arch/x86/mm/pat.c
 * in Linux 4.19, for what setup_arch prints and checks between max_pfn and max_low_pfn: the
 * firmware's memory types (read, printed), the PAT Linux programs, and whether RAM not covered by
 * write-back MTRRs must be trimmed from e820 (never on QEMU's firmware: SeaBIOS makes write-back
 * the default type, qboot leaves the MTRRs blank). Linux's AMD TOP_MEM2 check is left out: it
 * needs an MSR QEMU's TCG does not model, and Linux then skips it too.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/setup.h>

#define MTRR_TYPE_UNCACHABLE 0
#define MTRR_TYPE_WRBACK 6
#define MTRR_NUM_FIXED_RANGES 88
#define MTRR_MAX_VAR_RANGES 256
#define MTRR_STATE_MTRR_FIXED_ENABLED 0x01
#define MTRR_STATE_MTRR_ENABLED 0x02

static struct mtrr_state_type {
	struct { u32 base_lo, base_hi, mask_lo, mask_hi; } var_ranges[MTRR_MAX_VAR_RANGES];
	u8 fixed_ranges[MTRR_NUM_FIXED_RANGES];
	u8 enabled;
	u8 have_fixed;
	u8 def_type;
} mtrr_state;
static unsigned int num_var_ranges;
static u64 size_or_mask;

static const char *mtrr_attrib_to_str(int x)
{
	static const char *const strings[] = { "uncachable", "write-combining", "?", "?", "write-through",
					       "write-protect", "write-back" };

	return x < (int)ARRAY_SIZE(strings) ? strings[x] : "?";
}

/* Runs of fixed ranges with one type are printed as one line. */
static unsigned int last_fixed_start, last_fixed_end;
static int last_fixed_type;

static void print_fixed_last(void)
{
	if (!last_fixed_end)
		return;
	pr_info("  %05X-%05X %s\n", last_fixed_start, last_fixed_end - 1, mtrr_attrib_to_str(last_fixed_type));
	last_fixed_end = 0;
}

static void print_fixed(unsigned int base, unsigned int step, const u8 *types)
{
	for (int i = 0; i < 8; ++i, ++types, base += step) {
		if (last_fixed_end == base && last_fixed_type == *types) {
			last_fixed_end = base + step;
			continue;
		}
		print_fixed_last();		/* new segment: a gap or another type */
		last_fixed_start = base;
		last_fixed_end = base + step;
		last_fixed_type = *types;
	}
}

static void print_mtrr_state(void)
{
	int high_width = (__builtin_ctzll(size_or_mask) - (32 - PAGE_SHIFT) + 3) / 4;

	pr_info("MTRR default type: %s\n", mtrr_attrib_to_str(mtrr_state.def_type));
	if (mtrr_state.have_fixed) {
		pr_info("MTRR fixed ranges %sabled:\n",
			(mtrr_state.enabled & MTRR_STATE_MTRR_ENABLED) &&
			(mtrr_state.enabled & MTRR_STATE_MTRR_FIXED_ENABLED) ? "en" : "dis");
		print_fixed(0x00000, 0x10000, mtrr_state.fixed_ranges + 0);
		for (int i = 0; i < 2; ++i)
			print_fixed(0x80000 + i * 0x20000, 0x04000, mtrr_state.fixed_ranges + (i + 1) * 8);
		for (int i = 0; i < 8; ++i)
			print_fixed(0xC0000 + i * 0x08000, 0x01000, mtrr_state.fixed_ranges + (i + 3) * 8);
		print_fixed_last();
	}
	pr_info("MTRR variable ranges %sabled:\n", mtrr_state.enabled & MTRR_STATE_MTRR_ENABLED ? "en" : "dis");
	for (unsigned int i = 0; i < num_var_ranges; ++i) {
		typeof(mtrr_state.var_ranges[0]) *r = &mtrr_state.var_ranges[i];

		if (r->mask_lo & (1 << 11))
			pr_info("  %u base %0*X%05X000 mask %0*X%05X000 %s\n", i, high_width, r->base_hi,
				r->base_lo >> 12, high_width, r->mask_hi, r->mask_lo >> 12,
				mtrr_attrib_to_str(r->base_lo & 0xff));
		else
			pr_info("  %u disabled\n", i);
	}
}

/* The firmware's MTRRs: variable ranges, fixed ranges (8 types per MSR), default type. */
static bool get_mtrr_state(void)
{
	u64 cap = rdmsrl(MSR_MTRRcap), def;

	mtrr_state.have_fixed = (cap >> 8) & 1;
	for (unsigned int i = 0; i < num_var_ranges; i++) {
		u64 base = rdmsrl(MTRRphysBase_MSR(i)), mask = rdmsrl(MTRRphysMask_MSR(i));

		mtrr_state.var_ranges[i].base_lo = base, mtrr_state.var_ranges[i].base_hi = base >> 32;
		mtrr_state.var_ranges[i].mask_lo = mask, mtrr_state.var_ranges[i].mask_hi = mask >> 32;
	}
	if (mtrr_state.have_fixed) {
		u64 fixed[11];

		fixed[0] = rdmsrl(MSR_MTRRfix64K_00000);
		for (int i = 0; i < 2; i++)
			fixed[1 + i] = rdmsrl(MSR_MTRRfix16K_80000 + i);
		for (int i = 0; i < 8; i++)
			fixed[3 + i] = rdmsrl(MSR_MTRRfix4K_C0000 + i);
		memcpy(mtrr_state.fixed_ranges, fixed, sizeof(fixed));
	}
	def = rdmsrl(MSR_MTRRdefType);
	mtrr_state.def_type = def & 0xff;
	mtrr_state.enabled = (def & 0xc00) >> 10;
	print_mtrr_state();
	return mtrr_state.enabled & MTRR_STATE_MTRR_ENABLED;
}

/* ---- PAT (arch/x86/mm/pat.c) ---- */
enum { PAT_UC = 0, PAT_WC = 1, PAT_WT = 4, PAT_WP = 5, PAT_WB = 6, PAT_UC_MINUS = 7 };
#define PAT(x, y) ((u64)PAT_##y << ((x) * 8))

static bool pat_disabled, init_cm_done;

static void pat_disable(const char *reason)
{
	if (pat_disabled)
		return;
	pat_disabled = true;
	pr_info("x86/PAT: %s\n", reason);
}

static void __init_cache_modes(u64 pat)
{
	char pat_msg[33];

	pat_msg[32] = 0;
	for (int i = 7; i >= 0; i--) {
		unsigned int v = (pat >> (i * 8)) & 7;

		memcpy(pat_msg + 4 * i, v == PAT_UC ? "UC  " : v == PAT_WC ? "WC  " : v == PAT_WT ? "WT  " :
		       v == PAT_WP ? "WP  " : v == PAT_UC_MINUS ? "UC- " : "WB  ", 4);
	}
	pr_info("x86/PAT: Configuration [0-7]: %s\n", pat_msg);
	init_cm_done = true;
}

/* Linux's PAT, with WT in slot 7 (the CPUs QEMU models have no PAT errata). */
static void pat_init(void)
{
	u64 pat = PAT(0, WB) | PAT(1, WC) | PAT(2, UC_MINUS) | PAT(3, UC) |
		  PAT(4, WB) | PAT(5, WP) | PAT(6, UC_MINUS) | PAT(7, WT);

	if (pat_disabled || !(cpuid_edx(1) & (1U << X86_FEATURE_PAT_BIT)))
		return;
	wrmsrl(MSR_IA32_CR_PAT, pat);
	__init_cache_modes(pat);
}

/* Without pat_init: the cache modes the PAT MSR holds (or the two cache bits give, with no PAT). */
void init_cache_modes(void)
{
	u64 pat = 0;

	if (init_cm_done)
		return;
	if (cpuid_edx(1) & (1U << X86_FEATURE_PAT_BIT))
		pat = rdmsrl(MSR_IA32_CR_PAT);
	if (!pat)
		pat = PAT(0, WB) | PAT(1, WT) | PAT(2, UC_MINUS) | PAT(3, UC) |
		      PAT(4, WB) | PAT(5, WT) | PAT(6, UC_MINUS) | PAT(7, UC);
	__init_cache_modes(pat);
}

/* ---- mtrr_bp_init (mtrr.c) ---- */
static bool mtrr_if;	/* the CPU has Intel-style (generic) MTRRs */

void mtrr_bp_init(void)
{
	bool enabled = false;

	if (cpuid_edx(1) & (1U << X86_FEATURE_MTRR_BIT)) {
		u32 phys_addr = 36;

		mtrr_if = true;
		if (cpuid_eax(0x80000000) >= 0x80000008)
			phys_addr = cpuid_eax(0x80000008) & 0xff;
		size_or_mask = ~((1ULL << (phys_addr - PAGE_SHIFT)) - 1);	/* SIZE_OR_MASK_BITS */
		num_var_ranges = rdmsrl(MSR_MTRRcap) & 0xff;
		enabled = get_mtrr_state();
		if (enabled)
			pat_init();
	}
	if (!enabled) {
		pr_info("Disabled\n");
		pat_disable("MTRRs disabled, skipping PAT initialization too.");
	}
}

/*
 * RAM that no write-back MTRR covers, when the default type is uncachable, is trimmed from
 * e820. Returns 1 if it was (then max_pfn is computed again).
 */
int mtrr_trim_uncached_memory(unsigned long end_pfn)
{
	unsigned long highest_pfn = 0;

	if (!mtrr_if || (rdmsrl(MSR_MTRRdefType) & 0xff) != MTRR_TYPE_UNCACHABLE)
		return 0;
	for (unsigned int i = 0; i < num_var_ranges; i++) {
		typeof(mtrr_state.var_ranges[0]) *r = &mtrr_state.var_ranges[i];
		u64 mask = (u64)r->mask_hi << 32 | r->mask_lo, base = (u64)r->base_hi << 32 | r->base_lo;

		if (!(mask & (1 << 11)) || (base & 0xff) != MTRR_TYPE_WRBACK)
			continue;
		highest_pfn = max(highest_pfn, (unsigned long)((base >> PAGE_SHIFT) +
				  ((~(mask >> PAGE_SHIFT) & ((1UL << (52 - PAGE_SHIFT)) - 1)) + 1)));
	}
	/* kvm/qemu doesn't have mtrr set right, don't trim them all: */
	if (!highest_pfn) {
		pr_info("CPU MTRRs all blank - virtualized system.\n");
		return 0;
	}
	if (highest_pfn < end_pfn)
		pr_warn("mm-step: MTRRs leave RAM above %#lx uncached; Linux would trim it, the replay does not\n",
			highest_pfn);
	return 0;
}
