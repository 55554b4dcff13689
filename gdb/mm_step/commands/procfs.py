"""What the /proc files (zoneinfo, buddyinfo, pagetypeinfo) show at a stop."""


def proc_nodes(snap, state):
    """The nodes a /proc file shows (node_states[@state]) that are past free_area_init_core, and a
    line naming those that are not yet ("" when none)."""
    nids = snap.node_states().get(state, set())
    nodes = [n for n in snap.nodes() if n.nid in nids]
    done = snap.nodes_past("free_area_init_core")
    todo = [n.nid for n in nodes if n.nid not in done]
    note = (f"(not initialised yet, so not shown: node {', '.join(map(str, todo))}; "
            f"mm-goto free_area_init_core:{todo[0]})\n") if todo else ""
    if state != "N_ONLINE":
        later = [n.nid for n in snap.nodes() if n.nid not in nids and n.node_present_pages]
        if later:
            note += (f"(node {', '.join(map(str, later))} has memory but is not in node_states[{state}] yet: "
                     "free_area_init_nodes sets it after the node's free_area_init_node)\n")
    return [n for n in nodes if n.nid in done], note
