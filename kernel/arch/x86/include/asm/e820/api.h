/* The e820 interface, as arch/x86/include/asm/e820/api.h in Linux 4.19. */
#ifndef _ASM_E820_API_H
#define _ASM_E820_API_H
#include <asm/e820/types.h>

extern struct e820_table *e820_table;
extern struct e820_table *e820_table_kexec;
extern struct e820_table *e820_table_firmware;

bool e820__mapped_any(u64 start, u64 end, enum e820_type type);
bool e820__mapped_all(u64 start, u64 end, enum e820_type type);
int e820__get_entry_type(u64 start, u64 end);

void e820__range_add(u64 start, u64 size, enum e820_type type);
u64 e820__range_update(u64 start, u64 size, enum e820_type old_type, enum e820_type new_type);
u64 e820__range_remove(u64 start, u64 size, enum e820_type old_type, bool check_type);

void e820__print_table(char *who);
int e820__update_table(struct e820_table *table);
void e820__update_table_print(void);

unsigned long e820__end_of_ram_pfn(void);
unsigned long e820__end_of_low_ram_pfn(void);

u64 e820__memblock_alloc_reserved(u64 size, u64 align);
void e820__memblock_setup(void);

void e820__finish_early_params(void);
char *e820__memory_setup_default(void);
void e820__memory_setup(void);
void e820__reserve_resources(void);
void e820__register_nosave_regions(unsigned long limit_pfn);
void e820__setup_pci_gap(void);

#endif
