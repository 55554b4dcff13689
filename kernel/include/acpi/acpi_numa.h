/* Proximity domains, as include/acpi/acpi_numa.h: the firmware's names for NUMA nodes. */
#ifndef __ACPI_NUMA_H
#define __ACPI_NUMA_H

#define MAX_PXM_DOMAINS 256	/* domains above 255 are not mapped to nodes */
#define PXM_INVAL (-1)

int pxm_to_node(int pxm);
int node_to_pxm(int node);
int acpi_map_pxm_to_node(int pxm);
extern unsigned char acpi_srat_revision;

#endif
