/* Page frame numbers, as include/linux/pfn.h (PFN_UP/PFN_DOWN/PFN_PHYS also in asm/page.h). */
#ifndef _LINUX_PFN_H
#define _LINUX_PFN_H
#include <asm/page.h>
#endif
