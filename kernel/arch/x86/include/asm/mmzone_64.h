/* NODE_DATA on x86_64 NUMA: one pg_data_t per node, allocated by alloc_node_data(). */
#ifndef _ASM_X86_MMZONE_64_H
#define _ASM_X86_MMZONE_64_H

struct pglist_data;
extern struct pglist_data *node_data[];
#define NODE_DATA(nid) (node_data[nid])

#endif
