#!/usr/bin/python3
"""Compare our kernel's boot log with Linux's, fact by fact.

    compare.py LINUX_LOG OUR_LOG [--phase e820|numa|zones|zoneinfo|all]

Both logs are parsed by linuxlog.py. Prints an aligned table of every fact that differs and
exits 1, or prints `oracle: N facts equal` and exits 0. Exits 2 on bad usage or when the
Linux log holds no fact of the phase (a log that did not boot).

Facts per phase:
  e820      BIOS-e820 map entries, e820 update/remove lines, last_pfn lines
  numa      SRAT memory lines, NUMA merge lines, No NUMA / Faking lines
  zones     Zone ranges, Movable zone start, Early memory node ranges, Initmem lines, and the
            pages of unavailable ranges in all zones together: 6.1 prints them zone by zone ("On
            node N, zone Z: K pages in unavailable ranges"), 4.19 as one total ("Zeroed struct
            page in unavailable ranges: K pages"), counting the same pfns. Likewise a node
            without memory: 6.1's "Initmem setup node N as memoryless" is 4.19's [mem 0x0-0x0].
            A Movable start at or past its node's end is 4.19's alone (movable_past_end).
  zoneinfo  per node and zone of /proc/zoneinfo: spanned, present, and start_pfn where Linux
            prints it (populated zones)
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import linuxlog  # noqa: E402

PHASES = ("e820", "numa", "zones", "zoneinfo")


def _mem(r):
    return linuxlog.fmt_range(r)


def _indexed(name, items, render):
    return [(f"{name}[{i}]", render(x)) for i, x in enumerate(items)]


def _counted(name, items, keyf, render):
    """Facts keyed by keyf(item) plus an occurrence number, so an extra line shifts nothing else."""
    seen, out = {}, []
    for x in items:
        k = keyf(x)
        n = seen.get(k, 0)
        seen[k] = n + 1
        out.append((f"{name} {k}" + (f" #{n + 1}" if n else ""), render(x)))
    return out


def facts(f, phase):
    """[(fact name, value string)] of one phase, from linuxlog.parse() output."""
    out = []
    if phase == "e820":
        out += _indexed("e820", f["e820"], lambda e: f"{_mem(e)} {e['type']}")
        out += _indexed("e820 change", f["e820_updates"],
                        lambda u: f"{u['op']} [mem {u['start']:#010x}-{u['end']:#010x}] {u['old'] or ''}"
                                  + (f" ==> {u['new']}" if u["new"] else ""))
        out += _indexed("last_pfn", f["last_pfn"], lambda p: f"{p['last_pfn']:#x} max_arch_pfn = {p['max_arch_pfn']:#x}")
    elif phase == "numa":
        out += _indexed("SRAT mem", f["srat_mem"],
                        lambda s: f"Node {s['node']} PXM {s['pxm']} [mem {s['start']:#010x}-{s['end']:#010x}]"
                                  + "".join(" " + x for x in s["flags"]))
        out += _counted("NUMA merge node", f["numa_merges"], lambda m: m["node"],
                        lambda m: f"{_mem(m['a'])} + {_mem(m['b'])} -> {_mem(m['merged'])}")
        if f["no_numa"]:
            out.append(("no NUMA", f["no_numa"]))
        if f["fake_node"]:
            out.append(("Faking a node", _mem(f["fake_node"])))
        out += _counted("Faking node", f["fake_nodes"], lambda m: m["node"], lambda m: f"{_mem(m)} ({m['mb']}MB)")
    elif phase == "zones":
        out += _counted("zone range", f["zone_ranges"], lambda z: z["zone"], _mem)
        out += _counted("movable zone start node", f["movable_zone_start"], lambda m: m["node"],
                        lambda m: f"{m['start']:#018x}")
        out += _indexed("early node range", f["early_node_ranges"], lambda r: f"node {r['node']:3d}: {_mem(r)}")
        out += _counted("Initmem node", f["initmem"], lambda i: i["node"],
                        lambda i: "as memoryless" if i["memoryless"] or i["start"] == i["end"] == 0 else _mem(i))
        unavailable = sum(u["pages"] for u in f["unavailable"]) if f["unavailable"] else f.get("zeroed_unavailable")
        if unavailable:
            out.append(("unavailable pages, all zones", f"{unavailable} pages"))
    elif phase == "zoneinfo":
        for z in f["zoneinfo"] or []:
            key = f"zoneinfo node {z['node']} {z['zone']}"
            out.append((key + " spanned", str(z.get("spanned"))))
            out.append((key + " present", str(z.get("present"))))
    return out


def start_pfns(f):
    return {f"zoneinfo node {z['node']} {z['zone']} start_pfn": str(z["start_pfn"])
            for z in f["zoneinfo"] or [] if z.get("start_pfn") is not None}


def movable_past_end(f):
    """Nodes whose printed ZONE_MOVABLE start is at or past their memory's end. 4.19 keeps such a
    start (and gives the node an empty Movable zone with present pages, from an unsigned wrap);
    later kernels, 6.1 among them, drop it. Facts of these nodes' Movable zone are 4.19's alone."""
    ends = {}
    for r in f["early_node_ranges"]:
        ends[r["node"]] = max(ends.get(r["node"], 0), r["end"] + 1)
    return {m["node"] for m in f["movable_zone_start"] if m["start"] >= ends.get(m["node"], 0)}


def _not_of_nodes(fs, nodes):
    pats = [f"movable zone start node {n}" for n in nodes] + [f"zoneinfo node {n} Movable " for n in nodes]
    return [(k, v) for k, v in fs if not any(k == p or k.startswith(p) for p in pats)]


def compare(linux, ours, phases):
    """(number equal, [(fact, linux value, our value)]) over the phases."""
    equal, diffs = 0, []
    kept = movable_past_end(linux) | movable_past_end(ours)
    for phase in phases:
        lf, of = _not_of_nodes(facts(linux, phase), kept), _not_of_nodes(facts(ours, phase), kept)
        if phase == "zoneinfo":
            ls, os_ = dict(_not_of_nodes(start_pfns(linux).items(), kept)), start_pfns(ours)
            lf += sorted(ls.items())
            of += [(k, os_.get(k, "(not printed)")) for k in sorted(ls)]  # only where Linux prints it
        ld, od = dict(lf), dict(of)
        keys = [k for k, _ in lf] + [k for k, _ in of if k not in ld]
        for k in dict.fromkeys(keys):
            a, b = ld.get(k, "(missing)"), od.get(k, "(missing)")
            if a == b:
                equal += 1
            else:
                diffs.append((k, a, b))
    return equal, diffs


def report(diffs):
    """Two aligned lines per differing fact: Linux's value, then ours."""
    w = max(len(d[0]) for d in diffs)
    lines = []
    for k, a, b in diffs:
        lines.append(f"{k:<{w}}  linux: {a}")
        lines.append(f"{'':<{w}}  ours:  {b}")
    return "\n".join(lines)


def main(argv):
    ap = argparse.ArgumentParser(description="Compare our boot log with Linux's.")
    ap.add_argument("linux_log")
    ap.add_argument("our_log")
    ap.add_argument("--phase", choices=PHASES + ("all",), default="all")
    a = ap.parse_args(argv[1:])
    phases = PHASES if a.phase == "all" else (a.phase,)
    try:
        with open(a.linux_log, errors="replace") as fl:
            linux = linuxlog.parse(fl.read())
        with open(a.our_log, errors="replace") as fo:
            ours = linuxlog.parse(fo.read())
    except OSError as e:
        print(f"oracle: {e}", file=sys.stderr)
        return 2
    for phase in phases:
        if not facts(linux, phase):
            print(f"oracle: the Linux log {a.linux_log} has no {phase} facts", file=sys.stderr)
            return 2
    equal, diffs = compare(linux, ours, phases)
    if diffs:
        print(report(diffs))
        print(f"oracle: {len(diffs)} facts differ, {equal} equal")
        return 1
    print(f"oracle: {equal} facts equal")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
