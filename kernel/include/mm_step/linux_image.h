/*
 * The one place that says which build of Linux 4.19 the replay follows: Linux 4.19.222 as
 * built in ../shared/linux-4.19 (config-4.19.222-oracle; nokaslr). Its memory footprint is
 * what the replay reproduces, so that every later allocation lands where Linux's does: the
 * kernel image reserved at 16 MiB up to __bss_stop, then the brk area after it. The replay's
 * own code and data are far smaller and live inside that footprint (vmlinux.lds.S checks).
 *
 * Every number is a symbol of that build's vmlinux (nm vmlinux), as a physical address
 * (symbol - __START_KERNEL_map); tests/test_linux_image.py compares them with the reference
 * vmlinux. Used by the linker script and by C, so plain constants only.
 */
#ifndef _MM_STEP_LINUX_IMAGE_H
#define _MM_STEP_LINUX_IMAGE_H

#define LINUX_IMAGE_TEXT	0x1000000	/* _text: CONFIG_PHYSICAL_START */
#define LINUX_IMAGE_BSS_STOP	0x2000000	/* __bss_stop: the end of the image proper */
#define LINUX_IMAGE_BRK_BASE	0x2000000	/* __brk_base */
#define LINUX_IMAGE_BRK_LIMIT	0x202c000	/* __brk_limit, = _end */

/* real_mode_blob_end - real_mode_blob: the trampoline's size, rounded up to 6 pages */
#define LINUX_REAL_MODE_BLOB_SIZE 0x5244

#endif
