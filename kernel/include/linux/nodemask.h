/*
 * nodemask_t: a bitmap with one bit per NUMA node, as include/linux/nodemask.h. The boot code
 * keeps three: numa_nodes_parsed (nodes the firmware named), node_possible_map (nodes that can
 * ever exist) and node_online_map (nodes with a pg_data_t).
 */
#ifndef _LINUX_NODEMASK_H
#define _LINUX_NODEMASK_H
#include <linux/kernel.h>
#include <linux/bitops.h>
#include <linux/numa.h>

typedef struct {
	unsigned long bits[BITS_TO_LONGS(MAX_NUMNODES)];
} nodemask_t;

#define NODE_MASK_NONE ((nodemask_t){ { 0 } })

#define node_set(node, dst) __set_bit((node), (dst).bits)
#define node_clear(node, dst) __clear_bit((node), (dst).bits)
#define node_isset(node, mask) test_bit((node), (mask).bits)
#define nodes_clear(dst) __nodes_clear(&(dst))
#define nodes_empty(src) (__nodes_weight(&(src)) == 0)
#define nodes_weight(src) __nodes_weight(&(src))
#define first_node(src) __next_node(-1, &(src))
#define next_node(n, src) __next_node((n), &(src))
#define first_unset_node(mask) __first_unset_node(&(mask))

static inline void __nodes_clear(nodemask_t *dst)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(dst->bits); i++)
		dst->bits[i] = 0;
}

static inline int __nodes_weight(const nodemask_t *src)
{
	int w = 0;

	/* (no __builtin_popcount: it needs libgcc, which the kernel does not link) */
	for (int n = 0; n < MAX_NUMNODES; n++)
		w += test_bit(n, src->bits);
	return w;
}

/* The next set node after n, or MAX_NUMNODES. */
static inline int __next_node(int n, const nodemask_t *src)
{
	for (n++; n < MAX_NUMNODES; n++)
		if (test_bit(n, src->bits))
			return n;
	return MAX_NUMNODES;
}

/* The next node of the mask after n, wrapping around to the first. */
#define next_node_in(n, src) __next_node_in((n), &(src))
static inline int __next_node_in(int n, const nodemask_t *src)
{
	int ret = __next_node(n, src);

	return ret == MAX_NUMNODES ? __next_node(-1, src) : ret;
}

static inline int __first_unset_node(const nodemask_t *mask)
{
	int n;

	for (n = 0; n < MAX_NUMNODES; n++)
		if (!test_bit(n, mask->bits))
			break;
	return n;
}

#define for_each_node_mask(node, mask)					\
	for ((node) = first_node(mask); (node) < MAX_NUMNODES;		\
	     (node) = next_node((node), (mask)))

/*
 * Which nodes are possible, online, have memory, have CPUs: one mask per state (node_states[],
 * defined in mm/page_alloc.c in Linux).
 */
enum node_states {
	N_POSSIBLE,		/* The node could become online at some point */
	N_ONLINE,		/* The node is online */
	N_NORMAL_MEMORY,	/* The node has regular memory */
	N_HIGH_MEMORY = N_NORMAL_MEMORY,	/* (no HIGHMEM on x86_64) */
	N_MEMORY,		/* The node has memory (regular, high, movable) */
	N_CPU,			/* The node has one or more cpus */
	NR_NODE_STATES
};

extern nodemask_t node_states[NR_NODE_STATES];

#define node_possible_map node_states[N_POSSIBLE]
#define node_online_map node_states[N_ONLINE]

static inline int node_state(int node, enum node_states state)
{
	return node_isset(node, node_states[state]);
}

static inline void node_set_state(int node, enum node_states state)
{
	node_set(node, node_states[state]);
}

static inline void node_clear_state(int node, enum node_states state)
{
	node_clear(node, node_states[state]);
}

#define for_each_node_state(node, state) for_each_node_mask((node), node_states[state])
#define num_node_state(state) nodes_weight(node_states[state])
#define node_online(node) node_isset((node), node_online_map)
#define node_possible(node) node_isset((node), node_possible_map)
/* MAX_NUMNODES > 1: a variable kept equal to the weight of node_online_map (mm/page_alloc.c) */
extern int nr_online_nodes;

static inline void node_set_online(int nid)
{
	node_set_state(nid, N_ONLINE);
	nr_online_nodes = num_node_state(N_ONLINE);
}

static inline void node_set_offline(int nid)
{
	node_clear_state(nid, N_ONLINE);
	nr_online_nodes = num_node_state(N_ONLINE);
}
#define for_each_node(node) for_each_node_mask((node), node_possible_map)
#define for_each_online_node(node) for_each_node_mask((node), node_online_map)
#define num_online_nodes() num_node_state(N_ONLINE)

#endif
