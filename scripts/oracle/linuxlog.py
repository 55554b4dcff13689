"""Parse a Linux (or mm-step) serial boot log into plain Python data.

    import linuxlog
    facts = linuxlog.parse(open("build/linux/logs/....log").read())
    facts["zone_ranges"], facts["zoneinfo"], ...

Pure functions, standard library only. Addresses and page counts are ints; every range is
`{"start": first byte, "end": last byte}` (inclusive, as Linux prints them). Lines may carry a
`[    0.000000] ` printk timestamp (stripped) or none. Lines not recognised are ignored, so a
log with only some of the facts parses to a dict with the other lists empty / values None.

Where each fact comes from (Linux 6.1, the oracle Debian 12 boots; "4.19:" notes what the
kernel we replay prints instead, read from the 4.19 source):

e820 (arch/x86/kernel/e820.c)
  e820_header        e820__memory_setup():  pr_info("BIOS-provided physical RAM map:\\n")
                     4.19: the same string (the "e820: " prefix is 4.13 and older).
  e820, e820_tables  e820__print_table(who): pr_info("%s: [mem %#018Lx-%#018Lx] ", who, start, end)
                     + e820_print_type(): "usable" | "reserved" | "ACPI data" | "ACPI NVS" |
                     "unusable" | "persistent (type %u)" | "type %u" (pr_cont). `who` is
                     "BIOS-e820" for the firmware map ("e820" key); other tables ("modified",
                     "user", "reserve setup_data", "extended") land in e820_tables[who].
                     4.19: identical format.
  e820_updates       __e820__range_update(): printk(KERN_DEBUG "e820: update [mem %#010Lx-%#010Lx] ")
                     + type + " ==> " + type;  e820__range_remove():
                     printk(KERN_DEBUG "e820: remove [mem %#010Lx-%#010Lx] ") + type if check_type.
                     4.19: identical. (KERN_DEBUG: needs loglevel=8 / ignore_loglevel.)
  last_pfn           e820_end_pfn(): pr_info("last_pfn = %#lx max_arch_pfn = %#lx\\n").
                     Printed twice: end of RAM (max_pfn), then end of RAM below 4 GiB
                     (max_low_pfn). List of both, in order. 4.19: identical.

NUMA (drivers/acpi/numa.c, arch/x86/mm/srat.c, arch/x86/mm/numa.c, arch/x86/mm/numa_emulation.c)
  srat_cpus          arch/x86/mm/srat.c acpi_numa_processor_affinity_init():
                     pr_info("SRAT: PXM %u -> APIC 0x%02x -> Node %u\\n")  (x2APIC: "APIC 0x%04x")
  srat_mem           drivers/acpi/numa.c acpi_numa_memory_affinity_init() (pr_fmt "ACPI: "):
                     pr_info("SRAT: Node %u PXM %u [mem %#010Lx-%#010Lx]%s%s\\n", ..., " hotplug",
                     " non-volatile")  -> "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]".
                     4.19: same text.
  numa_merges        arch/x86/mm/numa.c numa_cleanup_meminfo():
                     pr_info("NUMA: Node %d [mem %#010Lx-%#010Lx] + [mem %#010Lx-%#010Lx] -> [mem %#010Lx-%#010Lx]\\n")
                     4.19: same text.
  no_numa            arch/x86/mm/numa.c dummy_numa_init(): printk(KERN_INFO "%s\\n",
                     numa_off ? "NUMA turned off" : "No NUMA configuration found")
  fake_node          dummy_numa_init(): printk(KERN_INFO "Faking a node at [mem %#018Lx-%#018Lx]\\n",
                     0, PFN_PHYS(max_pfn) - 1)
  fake_nodes         numa_emulation.c emu_setup_memblk():
                     pr_info("Faking node %d at [mem %#018Lx-%#018Lx] (%LuMB)\\n")  (numa=fake=; the
                     Debian cloud kernel has CONFIG_NUMA_EMU off)
  node_data          arch/x86/mm/numa.c alloc_node_data():
                     printk(KERN_INFO "NODE_DATA(%d) allocated [mem %#010Lx-%#010Lx]\\n") and, when the
                     memory came from another node, printk(KERN_INFO "    NODE_DATA(%d) on node %d\\n").
                     4.19: same; 4.19 also calls it for memoryless nodes (init_memory_less_node()).

memblock (mm/memblock.c, memblock=debug)
  memblock_dumps     __memblock_dump_all(): pr_info("MEMBLOCK configuration:\\n");
                     pr_info(" memory size = %pa reserved size = %pa\\n"); memblock_dump():
                     pr_info(" %s.cnt  = 0x%lx\\n"); pr_info(" %s[%#x]\\t[%pa-%pa], %pa bytes%s flags: %#x\\n")
                     with nid_buf " on node %d" once nodes are set.  4.19: the same lines.
  memblock_ops       memblock_add/memblock_reserve/memblock_phys_free/...: memblock_dbg(
                     "%s: [%pa-%pa] %pS\\n", __func__, ...) (6.1 renamed memblock_free ->
                     memblock_phys_free; 4.19 prints "memblock_reserve: [0x...-0x...] caller+0x/0x").

Zones (mm/page_alloc.c)
  zone_ranges        free_area_init(): pr_info("Zone ranges:\\n"); per zone except Movable
                     pr_info("  %-8s ", zone_names[i]) + pr_cont("empty\\n") or
                     pr_cont("[mem %#018Lx-%#018Lx]\\n"). 6.1 lists "Device" (CONFIG_ZONE_DEVICE)
                     as empty. 4.19: free_area_init_nodes(), same format.
  movable_zone_start free_area_init(): pr_info("Movable zone start for each node\\n");
                     pr_info("  Node %d: %#018Lx\\n") per node with a movable zone. 4.19: same.
  early_node_ranges  free_area_init(): pr_info("Early memory node ranges\\n");
                     pr_info("  node %3d: [mem %#018Lx-%#018Lx]\\n"). 4.19: same.
  memoryless_init    free_area_init(): pr_info("Initializing node %d as memoryless\\n", nid)
                     (6.1 only: offline nodes; 4.19 has no such line).
  initmem            free_area_init_node(): pr_info("Initmem setup node %d [mem %#018Lx-%#018Lx]\\n")
                     or pr_info("Initmem setup node %d as memoryless\\n"). 4.19 always prints the
                     [mem ...] form; a memoryless node (init_memory_less_node(), later, from
                     init_cpu_to_node()) gets [mem 0x0000000000000000-0x0000000000000000].
  unavailable        init_unavailable_range() via memmap_init(): pr_info("On node %d, zone %s:
                     %lld pages in unavailable ranges") (no "\\n": the next printk ends it).
                     6.1 only; 4.19 prints instead zero_resv_unavail():
                     pr_info("Zeroed struct page in unavailable ranges: %lld pages") -> "zeroed_unavailable".
  totalpages_419     4.19 only, calculate_node_totalpages(): printk(KERN_DEBUG "On node %d totalpages: %lu\\n")
  zone_init_419      4.19 only, free_area_init_core(): printk(KERN_DEBUG "  %s zone: %lu pages used for memmap\\n"),
                     "  %s zone: %lu pages reserved\\n" (dma_reserve), "  %s zone: %lu pages, LIFO batch:%u\\n".
  zonelists          build_all_zonelists(): pr_info("Built %u zonelists, mobility grouping %s.  Total pages: %ld\\n")
                     (two spaces before "Total"). 4.19: "Built %i zonelists, ..." same text.
  fallback_order     build_zonelists(): pr_info("Fallback order for Node %d: ", local_node) + "%d " per node
                     (6.1 only, NUMA).
  memory             mem_init_print_info(): pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata,
                     %luK rodata, %luK init, %luK bss, %luK reserved, %luK cma-reserved%s%s)\\n").
                     4.19: same plus ", %luK highmem" only on HIGHMEM kernels.

Marker sections (printed by our /init, or by mm-step itself): "==== BEGIN <name> ====" ..
"==== END <name> ====" -> sections[name] (timestamped kernel lines inside are dropped).
  zoneinfo           mm/vmstat.c zoneinfo_show_print(): "Node %d, zone %8s", "  pages free     %lu",
                     "        boost    %lu" (5.0+), "        min      %lu", low, high, spanned, present,
                     managed, "        cma      %lu" (5.8+), "        protection: (%ld, %ld, ...)", then for
                     populated zones the vm stats, pagesets, "  node_unreclaimable:  %u",
                     "  start_pfn:           %lu". 4.19: the same without boost and cma.
  buddyinfo          mm/vmstat.c frag_show_print(): "Node %d, zone %8s " + "%6lu " per order.
  pagetypeinfo       mm/vmstat.c pagetypeinfo_show(), per node with memory: "Page block order: %d",
                     "Pages per block:  %lu", pagetypeinfo_showfree_print(): "Node %4d, zone %8s, type %12s "
                     + "%6lu " per order; pagetypeinfo_showblockcount_print(): "Node %d, zone %8s " + "%12lu "
                     per migrate type, after a "Number of blocks type " header naming the types.
"""
import re

TS = re.compile(r"^\[\s*\d+\.\d+\] ?")
HEX = r"0x[0-9a-fA-F]+"
MEM = rf"\[mem ({HEX})-({HEX})\]"


def _h(s):
    return int(s, 16)


def _rng(a, b):
    return {"start": _h(a), "end": _h(b)}


def strip_timestamps(text):
    """Lines of the log without printk timestamps and carriage returns."""
    return [TS.sub("", l.rstrip("\r")) for l in text.splitlines()]


def split_sections(text):
    """(kernel lines, {name: [lines]}) from the ==== BEGIN/END name ==== markers."""
    kernel, sections, cur = [], {}, None
    for raw in text.splitlines():
        raw = raw.rstrip("\r")
        m = re.match(r"^==== (BEGIN|END) (.+?) ====$", raw.strip())
        if m:
            if m.group(1) == "BEGIN":
                cur = m.group(2)
                sections[cur] = []
            else:
                cur = None
            continue
        if cur is not None and not TS.match(raw):
            sections[cur].append(raw)
        else:
            kernel.append(TS.sub("", raw))
    return kernel, sections


# ---------------------------------------------------------------- boot messages

def _e820(lines, f):
    for l in lines:
        if l.strip() in ("BIOS-provided physical RAM map:", "e820: BIOS-provided physical RAM map:"):
            f["e820_header"] = l.strip()
            continue
        m = re.match(rf"^(?:e820: )?([A-Za-z0-9 _-]+?): {MEM} (.+)$", l)
        if m and not m.group(1).startswith(("e820", "ACPI", "NUMA", "RAMDISK")):
            who = m.group(1)
            e = dict(_rng(m.group(2), m.group(3)), type=m.group(4).strip())
            f["e820_tables"].setdefault(who, []).append(e)
            continue
        m = re.match(rf"^e820: update {MEM} (.+?) ==> (.+)$", l)
        if m:
            f["e820_updates"].append(dict(op="update", **_rng(m.group(1), m.group(2)),
                                          old=m.group(3).strip(), new=m.group(4).strip()))
            continue
        m = re.match(rf"^e820: remove {MEM}(?:\s+(.*))?$", l)
        if m:
            old = (m.group(3) or "").strip() or None
            f["e820_updates"].append(dict(op="remove", **_rng(m.group(1), m.group(2)), old=old, new=None))
            continue
        m = re.match(rf"^last_pfn = ({HEX}) max_arch_pfn = ({HEX})$", l)
        if m:
            f["last_pfn"].append({"last_pfn": _h(m.group(1)), "max_arch_pfn": _h(m.group(2))})
    f["e820"] = f["e820_tables"].get("BIOS-e820", [])


def _numa(lines, f):
    for l in lines:
        m = re.match(rf"^SRAT: PXM (\d+) -> APIC ({HEX}) -> Node (\d+)$", l)
        if m:
            f["srat_cpus"].append({"pxm": int(m.group(1)), "apic": _h(m.group(2)), "node": int(m.group(3))})
            continue
        m = re.match(rf"^(?:ACPI: )?SRAT: Node (\d+) PXM (\d+) {MEM}(.*)$", l)
        if m:
            f["srat_mem"].append(dict(node=int(m.group(1)), pxm=int(m.group(2)), **_rng(m.group(3), m.group(4)),
                                      flags=m.group(5).split()))
            continue
        m = re.match(rf"^NUMA: Node (\d+) {MEM} \+ {MEM} -> {MEM}$", l)
        if m:
            g = m.groups()
            f["numa_merges"].append({"node": int(g[0]), "a": _rng(g[1], g[2]), "b": _rng(g[3], g[4]),
                                     "merged": _rng(g[5], g[6])})
            continue
        if l.strip() in ("No NUMA configuration found", "NUMA turned off"):
            f["no_numa"] = l.strip()
            continue
        m = re.match(rf"^Faking a node at {MEM}$", l)
        if m:
            f["fake_node"] = _rng(m.group(1), m.group(2))
            continue
        m = re.match(rf"^Faking node (\d+) at {MEM} \((\d+)MB\)$", l)
        if m:
            f["fake_nodes"].append(dict(node=int(m.group(1)), **_rng(m.group(2), m.group(3)), mb=int(m.group(4))))
            continue
        m = re.match(rf"^NODE_DATA\((\d+)\) allocated {MEM}$", l)
        if m:
            f["node_data"].append(dict(node=int(m.group(1)), **_rng(m.group(2), m.group(3)), on_node=None))
            continue
        m = re.match(r"^\s+NODE_DATA\((\d+)\) on node (\d+)$", l)
        if m and f["node_data"] and f["node_data"][-1]["node"] == int(m.group(1)):
            f["node_data"][-1]["on_node"] = int(m.group(2))


def _memblock(lines, f):
    cur, region = None, None
    for l in lines:
        if l.strip() == "MEMBLOCK configuration:":
            cur = {"memory_size": None, "reserved_size": None, "memory": [], "reserved": []}
            f["memblock_dumps"].append(cur)
            continue
        if cur is not None:
            m = re.match(rf"^ memory size = ({HEX}) reserved size = ({HEX})$", l)
            if m:
                cur["memory_size"], cur["reserved_size"] = _h(m.group(1)), _h(m.group(2))
                continue
            m = re.match(rf"^ (\w+)\.cnt\s+= ({HEX})$", l)
            if m:
                region = m.group(1)
                cur.setdefault(region, [])
                cur[region + "_cnt"] = _h(m.group(2))
                continue
            m = re.match(rf"^ (\w+)\[({HEX})\]\s+\[({HEX})-({HEX})\], ({HEX}) bytes(?: on node (\d+))? flags: ({HEX})$", l)
            if m:
                g = m.groups()
                cur.setdefault(g[0], []).append({"idx": _h(g[1]), "start": _h(g[2]), "end": _h(g[3]),
                                                 "size": _h(g[4]), "node": int(g[5]) if g[5] else None,
                                                 "flags": _h(g[6])})
                continue
            cur = None
        m = re.match(rf"^(memblock_\w+): \[({HEX})-({HEX})\] (\S+)$", l)
        if m:
            f["memblock_ops"].append({"op": m.group(1), "start": _h(m.group(2)), "end": _h(m.group(3)),
                                      "caller": m.group(4)})


def _zones(lines, f):
    block = None
    for l in lines:
        s = l.strip()
        if s == "Zone ranges:":
            block = "zones"
            continue
        if s == "Movable zone start for each node":
            block = "movable"
            continue
        if s == "Early memory node ranges":
            block = "early"
            continue
        if block == "zones":
            m = re.match(rf"^  (\w+)\s+(?:{MEM}|(empty))$", l)
            if m:
                r = _rng(m.group(2), m.group(3)) if m.group(2) else {"start": None, "end": None}
                f["zone_ranges"].append(dict(zone=m.group(1), **r, empty=bool(m.group(4))))
                continue
        if block == "movable":
            m = re.match(rf"^  Node (\d+): ({HEX})$", l)
            if m:
                f["movable_zone_start"].append({"node": int(m.group(1)), "start": _h(m.group(2))})
                continue
        if block == "early":
            m = re.match(rf"^  node\s+(\d+): {MEM}$", l)
            if m:
                f["early_node_ranges"].append(dict(node=int(m.group(1)), **_rng(m.group(2), m.group(3))))
                continue
        block = None
        m = re.match(r"^Initializing node (\d+) as memoryless$", s)
        if m:
            f["memoryless_init"].append(int(m.group(1)))
            continue
        m = re.match(rf"^Initmem setup node (\d+) (?:{MEM}|(as memoryless))$", s)
        if m:
            r = _rng(m.group(2), m.group(3)) if m.group(2) else {"start": None, "end": None}
            f["initmem"].append(dict(node=int(m.group(1)), **r, memoryless=bool(m.group(4))))
            continue
        m = re.match(r"^On node (\d+), zone (\w+): (\d+) pages in unavailable ranges", s)
        if m:
            f["unavailable"].append({"node": int(m.group(1)), "zone": m.group(2), "pages": int(m.group(3))})
            continue
        m = re.match(r"^Zeroed struct page in unavailable ranges: (\d+) pages", s)
        if m:
            f["zeroed_unavailable"] = int(m.group(1))
            continue
        m = re.match(r"^On node (\d+) totalpages: (\d+)$", s)
        if m:
            f["totalpages_419"].append({"node": int(m.group(1)), "pages": int(m.group(2))})
            continue
        m = re.match(r"^(\w+) zone: (\d+) pages(?: (used for memmap|reserved)|, LIFO batch:(\d+))$", s)
        if m:
            what = {"used for memmap": "memmap", "reserved": "reserved"}.get(m.group(3), "pages")
            node = f["totalpages_419"][-1]["node"] if f["totalpages_419"] else None
            e = {"node": node, "zone": m.group(1), "what": what, "pages": int(m.group(2))}
            if m.group(4):
                e["batch"] = int(m.group(4))
            f["zone_init_419"].append(e)
            continue
        m = re.match(r"^Fallback order for Node (\d+): ([\d ]*)$", s)
        if m:
            f["fallback_order"][int(m.group(1))] = [int(x) for x in m.group(2).split()]
            continue
        m = re.match(r"^Built (\d+) zonelists, mobility grouping (on|off)\.\s+Total pages: (\d+)$", s)
        if m:
            f["zonelists"] = {"zonelists": int(m.group(1)), "mobility": m.group(2), "total_pages": int(m.group(3))}
            continue
        m = re.match(r"^Memory: (\d+)K/(\d+)K available \((.*)\)$", s)
        if m:
            mem = {"available_k": int(m.group(1)), "total_k": int(m.group(2))}
            for k, name in re.findall(r"(\d+)K ([\w-]+(?: [\w-]+)?)", m.group(3)):
                mem[name.replace(" ", "_").replace("-", "_") + "_k"] = int(k)
            f["memory"] = mem


def parse_boot(lines):
    """Facts from the kernel messages (timestamps already stripped)."""
    f = {
        "e820_header": None, "e820": [], "e820_tables": {}, "e820_updates": [], "last_pfn": [],
        "srat_cpus": [], "srat_mem": [], "numa_merges": [], "no_numa": None, "fake_node": None,
        "fake_nodes": [], "node_data": [], "memblock_dumps": [], "memblock_ops": [],
        "zone_ranges": [], "movable_zone_start": [], "early_node_ranges": [], "memoryless_init": [],
        "initmem": [], "unavailable": [], "zeroed_unavailable": None, "totalpages_419": [],
        "zone_init_419": [], "fallback_order": {}, "zonelists": None, "memory": None,
    }
    _e820(lines, f)
    _numa(lines, f)
    _memblock(lines, f)
    _zones(lines, f)
    return f


# ---------------------------------------------------------------- /proc files

def parse_zoneinfo(lines):
    """/proc/zoneinfo -> [{node, zone, free, min, low, high, spanned, present, managed,
    protection, start_pfn, node_unreclaimable, boost?, cma?, stats{...}}] in file order."""
    zones, z, where = [], None, None
    for l in lines:
        m = re.match(r"^Node (\d+), zone\s+(\w+)\s*$", l)
        if m:
            z = {"node": int(m.group(1)), "zone": m.group(2), "start_pfn": None, "stats": {}, "node_stats": {}}
            zones.append(z)
            where = "zone"
            continue
        if z is None:
            continue
        s = l.strip()
        if s == "per-node stats":
            where = "node"
            continue
        if s == "pagesets":
            where = "pagesets"
            continue
        m = re.match(r"^pages free\s+(\d+)$", s)
        if m:
            z["free"] = int(m.group(1))
            where = "zone"
            continue
        m = re.match(r"^protection: \(([-\d, ]*)\)$", s)
        if m:
            z["protection"] = [int(x) for x in m.group(1).split(",") if x.strip()]
            continue
        m = re.match(r"^(node_unreclaimable|start_pfn):\s+(\d+)$", s)
        if m:
            z[m.group(1)] = int(m.group(2))
            continue
        m = re.match(r"^(\w+)\s+(-?\d+)$", s)
        if m and where != "pagesets":
            key, val = m.group(1), int(m.group(2))
            if where == "node":
                z["node_stats"][key] = val
            elif key in ("boost", "min", "low", "high", "spanned", "present", "managed", "cma") \
                    and l.startswith("        ") and not l.startswith("         "):
                z[key] = val
            else:
                z["stats"][key] = val
    return zones


def parse_buddyinfo(lines):
    """/proc/buddyinfo -> [{node, zone, free: [count per order]}]."""
    out = []
    for l in lines:
        m = re.match(r"^Node (\d+), zone\s+(\w+)((?:\s+\d+)+)\s*$", l)
        if m:
            out.append({"node": int(m.group(1)), "zone": m.group(2), "free": [int(x) for x in m.group(3).split()]})
    return out


def parse_pagetypeinfo(lines):
    """/proc/pagetypeinfo -> {page_block_order, pages_per_block, free: [{node, zone, type, free[]}],
    blocks: [{node, zone, counts{type: n}}]}."""
    out = {"page_block_order": None, "pages_per_block": None, "free": [], "blocks": []}
    types = []
    for l in lines:
        m = re.match(r"^Page block order: (\d+)$", l.strip())
        if m:
            out["page_block_order"] = int(m.group(1))
            continue
        m = re.match(r"^Pages per block:\s+(\d+)$", l.strip())
        if m:
            out["pages_per_block"] = int(m.group(1))
            continue
        m = re.match(r"^Node\s+(\d+), zone\s+(\w+), type\s+(\w+)((?:\s+\d+)+)\s*$", l)
        if m:
            out["free"].append({"node": int(m.group(1)), "zone": m.group(2), "type": m.group(3),
                                "free": [int(x) for x in m.group(4).split()]})
            continue
        m = re.match(r"^Number of blocks type\s+(.*)$", l)
        if m:
            types = m.group(1).split()
            continue
        m = re.match(r"^Node (\d+), zone\s+(\w+)((?:\s+\d+)+)\s*$", l)
        if m and types:
            counts = [int(x) for x in m.group(3).split()]
            out["blocks"].append({"node": int(m.group(1)), "zone": m.group(2),
                                  "counts": dict(zip(types, counts))})
    return out


def parse(text):
    """Every fact of a serial log: parse_boot() keys plus sections, zoneinfo, buddyinfo,
    pagetypeinfo (None when the log has no such section)."""
    kernel, sections = split_sections(text)
    f = parse_boot(kernel)
    f["sections"] = sections
    zi = sections.get("/proc/zoneinfo")
    f["zoneinfo"] = parse_zoneinfo(zi) if zi is not None else None
    bi = sections.get("/proc/buddyinfo")
    f["buddyinfo"] = parse_buddyinfo(bi) if bi is not None else None
    pt = sections.get("/proc/pagetypeinfo")
    f["pagetypeinfo"] = parse_pagetypeinfo(pt) if pt is not None else None
    return f


# ---------------------------------------------------------------- summaries

def fmt_range(r):
    if r.get("start") is None:
        return "empty"
    return f"[mem {r['start']:#018x}-{r['end']:#018x}]"


def facts_summary(f):
    """The facts recorded in tests/oracle/data/NAME.facts.json (JSON-friendly)."""
    zi = f.get("zoneinfo") or []
    return {
        "e820": f["e820"],
        "e820_updates": f["e820_updates"],
        "last_pfn": f["last_pfn"],
        "srat_cpus": f["srat_cpus"],
        "srat_mem": f["srat_mem"],
        "numa_merges": f["numa_merges"],
        "no_numa": f["no_numa"],
        "fake_node": f["fake_node"],
        "node_data": f["node_data"],
        "zone_ranges": f["zone_ranges"],
        "movable_zone_start": f["movable_zone_start"],
        "early_node_ranges": f["early_node_ranges"],
        "memoryless_init": f["memoryless_init"],
        "initmem": f["initmem"],
        "unavailable": f["unavailable"],
        "zonelists": f["zonelists"],
        "memory": f["memory"],
        "zoneinfo": [{k: z.get(k) for k in ("node", "zone", "spanned", "present", "managed", "start_pfn",
                                            "free", "min", "low", "high", "protection")} for z in zi],
        "buddyinfo": f.get("buddyinfo"),
    }


def main(argv):
    """linuxlog.py LOG [--all]: the facts of LOG as JSON (facts_summary(); --all: everything)."""
    import json
    import sys
    if len(argv) < 2 or argv[1].startswith("-"):
        print("usage: linuxlog.py LOG [--all]", file=sys.stderr)
        return 2
    with open(argv[1], errors="replace") as f:
        facts = parse(f.read())
    if "--all" in argv[2:]:
        facts.pop("sections")
        out = facts
    else:
        out = facts_summary(facts)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
