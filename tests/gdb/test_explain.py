"""mm explain's numbers against the kernel's own log, on several machines: per zone the memmap
pages, dma_reserve, present pages and LIFO batch free_area_init_core printed; the holes it lists
against the kernel's present pages; NODE_DATA where alloc_node_data said it
put it; a pfn's section, root and struct page from the kernel's own mem_section and vmemmap.
The expected values come from the log, never from this file."""
import os
import re
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MACHINES = [("two-node", ""), ("q35-odd", ""), ("four-node-16g", ""), ("two-node", "movablecore=1G")]
STAMP = re.compile(r"^\[\s*\d+\.\d+\] ")


def session(topology, cmdline, *commands):
    if not os.path.exists(os.path.join(ROOT, "build", "kernel.elf")):
        pytest.fail("build/kernel.elf missing: make")
    cmd = [os.path.join(ROOT, "scripts", "mm-gdb"), "--topology", topology, "--cmdline", cmdline, "-batch",
           "-ex", "mm-goto last"]
    for c in commands:
        cmd += ["-ex", f"echo @@@ {c}\\n", "-ex", c]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=170)
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr, r.stderr[-2000:]
    parts = r.stdout.split("@@@ ")[1:]
    return {p.split("\n", 1)[0]: p.split("\n", 1)[1] for p in parts}


def log_zones(log):
    """{(nid, zone): {"memmap", "reserved", "present", "batch"}} from free_area_init_core's lines."""
    out, nid = {}, None
    for line in log.splitlines():
        line = STAMP.sub("", line)
        m = re.match(r"On node (\d+) totalpages", line)
        if m:
            nid = int(m.group(1))
        m = re.match(r"  (\w+) zone: (\d+) (pages used for memmap|pages reserved|pages, LIFO batch:(\d+))$", line)
        if m and nid is not None:
            z = out.setdefault((nid, m.group(1)), {})
            key = {"pages used for memmap": "memmap", "pages reserved": "reserved"}.get(m.group(3), "present")
            z[key] = int(m.group(2))
            if m.group(4) is not None:
                z["batch"] = int(m.group(4))
    return out


def explained_zones(text):
    out, key = {}, None
    for line in text.splitlines():
        m = re.match(r"  node (\d+) (\w+): pfns", line)
        if m:
            key = (int(m.group(1)), m.group(2))
            out[key] = {}
        elif key:
            for name, pat in (("present", r"present (\d+) pages"), ("memmap", r"memmap (\d+) pages"),
                              ("batch", r"LIFO batch (\d+)"), ("reserved", r"- dma_reserve (\d+)")):
                m = re.search(pat, line)
                if m:
                    out[key][name] = int(m.group(1))
    return out


@pytest.mark.parametrize("topology,cmdline", MACHINES, ids=[f"{t}{'+' + c if c else ''}" for t, c in MACHINES])
def test_explain_matches_the_kernels_log(topology, cmdline):
    out = session(topology, cmdline, "mm explain zones", "mm explain node_data", "mm log", "mm explain pfn 0x8001",
                  "mm sections 1")
    log = out["mm log"]
    printed = log_zones(log)
    explained = explained_zones(out["mm explain zones"])
    assert printed and set(printed) <= set(explained), (sorted(printed), sorted(explained))
    for key, want in printed.items():
        got = explained[key]
        for name in want:                                   # a zone without memmap pages prints no such line
            assert got.get(name) == want[name], (key, name, got, want)
    # the holes listed are what calculate_node_totalpages left out: they add up to the kernel's own
    # spanned - present (a difference would be noted "(the kernel has N)")
    assert "(the kernel has" not in out["mm explain zones"]
    for nid, lo, hi in re.findall(r"NODE_DATA\((\d+)\) allocated \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]", log):
        assert f"NODE_DATA({nid}) at phys [{lo}-{hi}]" in out["mm explain node_data"]
    pfn = out["mm explain pfn 0x8001"]
    assert "section 1 = pfn >> PFN_SECTION_SHIFT" in pfn and "mem_section[0][1]" in pfn
    mem_map = re.search(r"^\s*1\s+0/1\s+\S+\s+\S+\s+(0x[0-9a-f]+)", out["mm sections 1"], re.M).group(1)
    size = int(re.search(r"sizeof\(struct page\) (\d+)", pfn).group(1))
    assert f"struct page at {int(mem_map, 16) + size:#x}" in pfn, (mem_map, pfn)
