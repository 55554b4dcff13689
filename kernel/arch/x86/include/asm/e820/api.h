#ifndef _ASM_E820_API_H
#define _ASM_E820_API_H
#include <asm/e820/types.h>

extern struct e820_table *e820_table;
extern struct e820_table *e820_table_kexec;
extern struct e820_table *e820_table_firmware;

void e820__memory_setup(void);
void e820__finish_early_params(void);
unsigned long e820__end_of_ram_pfn(void);
unsigned long e820__end_of_low_ram_pfn(void);
void e820__memblock_setup(void);
void e820__range_add(u64 start, u64 size, enum e820_type type);
u64 e820__range_update(u64 start, u64 size, enum e820_type old_type, enum e820_type new_type);
u64 e820__range_remove(u64 start, u64 size, enum e820_type old_type, bool check_type);
int e820__update_table(struct e820_table *table);
void e820__print_table(const char *who);

#endif
