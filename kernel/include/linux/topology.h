/* NUMA distances, as include/linux/topology.h: 10 means local; the SLIT scales the rest. */
#ifndef _LINUX_TOPOLOGY_H
#define _LINUX_TOPOLOGY_H
#include <asm/numa.h>

#define LOCAL_DISTANCE 10
#define REMOTE_DISTANCE 20
#define node_distance(from, to) __node_distance(from, to)

#endif
