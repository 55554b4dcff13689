#ifndef _ASM_X86_PROCESSOR_H
#define _ASM_X86_PROCESSOR_H

/* The EDX (or EAX) word of CPUID leaf op (asm/processor.h). */
static inline unsigned int cpuid_edx(unsigned int op)
{
	unsigned int eax = op, ebx, ecx = 0, edx;

	__asm__("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	return edx;
}

static inline unsigned int cpuid_eax(unsigned int op)
{
	unsigned int eax = op, ebx, ecx = 0, edx;

	__asm__("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	return eax;
}

#define X86_FEATURE_MTRR_BIT 12		/* in cpuid_edx(1) */
#define X86_FEATURE_PAT_BIT 16
#define X86_FEATURE_NX_BIT 20		/* in cpuid_edx(0x80000001) */
#define X86_FEATURE_GBPAGES_BIT 26

#endif
