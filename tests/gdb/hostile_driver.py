# Sourced by GDB in tests/gdb/test_hostile.py: the plugin's inputs as a hostile or clumsy user
# gives them (before the first checkpoint, odd arguments, corrupted guest memory, garbage for the
# pretty-printers, navigation past either end, a killed target), each timed, its output (or error
# text) appended as a JSON line to $MM_HOSTILE_OUT as soon as it is known (so an input that
# brings GDB down still leaves the answers before it). $MM_HOSTILE_DIR is a scratch folder for files.
import json
import os
import signal
import time

import gdb

D = os.environ["MM_HOSTILE_DIR"]
HANG = 60           # seconds after which a command counts as a hang (and is interrupted)
READS = ["mm e820", "mm memblock", "mm numa", "mm sections", "mm pgdat", "mm zones", "mm zoneinfo", "mm buddyinfo",
         "mm pagetypeinfo", "mm page 0x1000", "mm map", f"mm map --svg {D}/c.svg", "mm check", f"mm export {D}/c.json"]
Z1 = "node_data[0]->node_zones[1]"

RESET = ["mm-phases", "mm e820", "mm memblock", "mm memblock reserved", "mm numa", "mm map", f"mm export {D}/r.json",
         "mm check", "mm zones", "mm page 1", "mm-back", "mm diff", "p *(struct pglist_data *)&memblock"]
ARGS = ["mm page -1", "mm page 0x", "mm page 1e3", "mm page 0x-5", "mm page 99999999999999999999999",
        "mm page 0xffffffffffffffff", "mm page 0x7ffffffff", "mm page ''", "mm page 1 2", "mm page 0X1000",
        "mm zones -1", "mm zones 0x0", "mm zones 99999999999999999999", "mm zones node0", "mm zones 1",
        "mm pgdat -1", "mm zoneinfo 5", "mm buddyinfo x", "mm pagetypeinfo x",
        "mm memblock MEMORY", "mm memblock memory memory", "mm memblock ''",
        "mm vmemmap -1", "mm vmemmap 0xffffffffffffffff", "mm vmemmap 0xffff800000000000", "mm vmemmap 1 2",
        "mm log -1", "mm log 0x10", "mm log 99999999999999999999", "mm log ''",
        "mm explain nonsense", "mm explain ''", "mm explain zones zones",
        "mm sections -1", "mm numa x", "mm e820 x", "mm check x", "mm map x", "mm map --svg", "mm map --svg a b",
        "mm map --png x", "mm map --svg ''", "mm export", "mm export ''", "mm export a b",
        f"mm export {D}/nodir/x.json", "mm export /proc/mm-step.json", f"mm export {D}",
        f"mm export \"{D}/a b.json\"", f"mm export '{D}/c d.json'", f"mm export {D}/e\\ f.json",
        f"mm map --svg \"{D}/m n.svg\"", f"mm map --svg {D}/sub", f"mm export {D}/sub/", "mm export /etc/passwd/x.json",
        "mm map --svg /sys/mm.svg", f"mm export \"{D}/unterminated.json", f"mm export {D}/ok.json", "mm page -0",
        "mm sections -1", "mm sections 0x-1", "mm vmemmap 0x1", "mm diff a b c",
        "mm-goto ''", "mm-goto 0", "mm-goto -1", "mm-goto 99", "mm-goto 0x1", "mm-goto 99999999999999999999",
        "mm-goto free_area_init_core:99", "mm-goto free_area_init_core:-1", "mm-goto free_area_init_core:",
        "mm-goto :", "mm-goto last:1", "mm-goto 1.5", "mm-goto E820__MEMBLOCK_SETUP",
        "mm-step -1", "mm-step 0", "mm-step x", "mm-step 99999999999999999999", "mm-back 1", "mm-restart now",
        "mm page 1_000", "mm page \u0661\u0662", "mm page +5", "mm page 0x1g", "mm page 0b101", "mm page 010",
        "mm zones \uff10", "mm log 1_0", "mm-step 1_0", "mm sections 1_0",
        "mm diff 1 99", "mm diff 0 1", "mm diff -1", "mm diff 2 1", "mm diff last 1", "mm diff 1 1",
        "mm-goto sparse_init:0", "mm-goto   sparse_init  ", "mm-goto sparse_init:1:2", "mm-goto last",
        "mm-phases x", "set mm color maybe", "set mm debug 2", "mm nosuch"]
# (what, value) or a list of them: set, run the reads, put the old values back
CORRUPT = [[(f"mem_section[{r}]", "(void *)_text") for r in range(1, 33)], ("mem_section[1]", "(void *)_text"),
    (f"{Z1}.spanned_pages", "0xffffffffffff"), (f"{Z1}.zone_start_pfn", "0xffffffffffff"),
    (f"{Z1}.free_area[0].nr_free", "0xffffffffffffffff"), (f"{Z1}.free_area[10].free_list[1].next", "0x1234"),
    (f"((struct list_head *){Z1}.free_area[10].free_list[1].next)->next", f"{Z1}.free_area[10].free_list[1].next"),
    (f"{Z1}.name", "0x1234"), (f"{Z1}.name", "(char *)&memblock"),
    ("memblock.memory.cnt", "1000"), ("memblock.memory.cnt", "0xffffffffffffffff"),
    ("memblock.reserved.max", "0"), [("memblock.memory.max", "0x7fffffff"), ("memblock.memory.cnt", "0x7fffffff")], ("memblock.memory.regions", "0x1000"),
    ("e820_table->nr_entries", "0xffffffff"), ("e820_table", "0"), ("e820_table", "0x1234"),
    ("numa_meminfo.nr_blks", "-1"), ("numa_meminfo.nr_blks", "100000"),
    ("numa_distance_cnt", "0x7fffffff"), ("numa_distance", "0x1234"),
    [("numa_distance", "(unsigned char *)&memblock"), ("numa_distance_cnt", "0x7fffffff")],
    [("numa_distance", "(unsigned char *)&memblock"), ("numa_distance_cnt", "-2")],
    ("node_data[0]", "0x1234"), ("node_data[1]", "node_data[0]"),
    ("mem_section", "0xdead000"), ("mem_section[0]", "0x1234"), ("mem_section[0][0].section_mem_map", "-1"),
    ("*(unsigned long *)(0xffffea0000000000 + 0x1000 * sizeof(struct page))", "-1"),
    ("mm_checkpoint_current", "9999"), ("mm_checkpoint_passes[0]", "0"),
]
PRINTS = ["p *(struct pglist_data *)&memblock", "p *(struct zone *)&memblock", "p *(struct page *)&memblock",
          "p *(struct memblock_type *)&e820_table", "p *(struct numa_meminfo *)&memblock",
          "p *(struct mem_section *)&memblock", "p *(struct pglist_data *)0", "p *(struct zone *)0x1234",
          "p *(struct memblock_region *)0", "p *(struct free_area *)&memblock", "p *(struct memblock_type *)&memblock",
          "p *(struct page *)0", "p *node_data[0]", "p node_data[0]->node_zones[1]"]
KILLED = ["mm-goto last", f"mm export {D}/k.json", "mm zones", "mm e820", "mm-goto 1", "mm-back", "mm-step", "mm-restart", "mm diff", "mm map",
          "mm check", "mm log 1", "mm explain zones", "p memblock.memory", "mm page 1"]


class Hang(Exception):
    pass


def alarm(*_):
    raise Hang()


signal.signal(signal.SIGALRM, alarm)


def run(cmd, phase):
    t = time.monotonic()
    signal.alarm(HANG)
    try:
        out, ok = gdb.execute(cmd, to_string=True), True
    except gdb.error as e:
        out, ok = str(e), False
    except Hang:
        out, ok = "HANG", False
    finally:
        signal.alarm(0)
    r = {"phase": phase, "cmd": cmd, "ok": ok, "out": out, "secs": round(time.monotonic() - t, 2)}
    with open(os.environ["MM_HOSTILE_OUT"], "a") as f:
        f.write(json.dumps(r) + "\n")
    return r


os.makedirs(f"{D}/sub", exist_ok=True)
res = [run(c, "reset") for c in RESET]
gdb.execute("mm-goto last", to_string=True)
res += [run(c, "args") for c in ARGS]
gdb.execute("mm-goto last", to_string=True)
for sets in CORRUPT:
    sets = sets if isinstance(sets, list) else [sets]
    olds = [int(gdb.parse_and_eval(what)) for what, _ in sets]
    for what, val in sets:
        gdb.execute(f"set var {what} = {val}")
    label = "; ".join(f"{w} = {v}" for w, v in sets) if len(sets) < 3 else f"{sets[0][0]} .. {sets[-1][0]} = {sets[0][1]}"
    res += [run(c, "corrupt " + label) for c in READS + PRINTS[:1] + ["p memblock.memory"]]
    for (what, _), old in zip(sets, olds):
        gdb.execute(f"set var {what} = {old:#x}")
res += [run(c, "print") for c in PRINTS]
gdb.execute("set print elements unlimited")
res += [run(c, "print elements unlimited") for c in ("p memblock.memory", "p *(struct memblock_type *)&memblock",
                                                      "p *node_data[0]")]
gdb.execute("set print elements 200")
res += [run(c, "ends") for c in ("mm-goto 1", "mm-back", "mm-goto last", "mm-step", "mm-step", "mm-step 1000",
                                 "mm zones", "mm diff", "mm-goto 99", "mm-restart", "mm-back", "mm diff")]
try:
    gdb.execute("kill")
except gdb.error:       # the target is gone already (what an earlier input did is in the answers)
    pass
res += [run(c, "killed") for c in KILLED]
with open(os.environ["MM_HOSTILE_OUT"], "a") as f:
    f.write(json.dumps({"done": len(res)}) + "\n")
