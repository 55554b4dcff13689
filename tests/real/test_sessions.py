"""Real Linux 4.19 (../shared/linux-4.19) and Debian's 6.1 under scripts/mm-gdb --kernel: every
command at every stop on a one-node and a two-node machine (the same driver as the replay's
tests/gdb), 6.1's own phases (memmap_init, page_alloc_init_late) and navigation across them, mm
check before and after 6.1 initialises its struct pages, mm compare both ways, and the bad inputs
of --kernel (one line, nothing left running)."""
import json
import os
import re
import signal
import subprocess
import tempfile

import pytest

import linux419
import linux61
from mm_step import checkpoints
from mm_step.linux import phases

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MM_GDB = os.path.join(ROOT, "scripts", "mm-gdb")
DRIVER = os.path.join(ROOT, "tests", "gdb", "stops_driver.py")
needs_reference = pytest.mark.skipif(bool(linux419.missing()), reason=linux419.missing() or "")
# The failures a command may have at a stop: "not yet" (the structure exists from a later checkpoint),
# and an example's node that this machine does not have
NOT_YET = re.compile(r" at checkpoint \w+ \(\d+/\d+\); (you are at|the machine is before)|^no node \d+ \(nodes: ")
NODES = {"one-node": 1, "two-node": 2}


def running_with(marker):
    """Processes whose command line holds @marker."""
    out = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if marker.encode() in f.read():
                    out.append(int(pid))
        except OSError:
            pass
    return out


def mm_gdb(*args, env=None, timeout=600):
    """scripts/mm-gdb's status, stdout and stderr; afterwards neither it, its GDB nor its QEMU
    (found by the session's own serial log file) is left running."""
    serial = tempfile.mktemp(prefix="mm-real-serial-")
    p = subprocess.Popen([MM_GDB, "--serial", serial, *args], cwd=ROOT, env=dict(os.environ, **(env or {})), stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    with pytest.raises(ProcessLookupError):      # nothing of the session is left running
        os.killpg(p.pid, 0)
    assert running_with(serial) == []
    if os.path.exists(serial):
        os.unlink(serial)
    return p.returncode, out, err


WALKS = [("linux-4.19", "one-node"), ("linux-4.19", "two-node"), ("linux-6.1", "one-node"), ("linux-6.1", "two-node")]
# the stops after the per-node ones, in boot order: 6.1 initialises the struct pages after all nodes
# and defers most of them to page_alloc_init_late
LATE = {"linux-4.19": ["free_all_bootmem"], "linux-6.1": ["memmap_init", "free_all_bootmem", "page_alloc_init_late"]}


@pytest.fixture(scope="module", params=WALKS, ids=[f"{k}-{m}" for k, m in WALKS])
def walk(request, tmp_path_factory):
    kernel, machine = request.param
    why = linux419.missing() if kernel == "linux-4.19" else linux61.missing()
    if why:
        pytest.skip(why)
    out = tmp_path_factory.mktemp(machine) / "stops.json"
    code, stdout, stderr = mm_gdb("--kernel", kernel, "--topology", machine, "-batch",
                                  "-ex", f"source {DRIVER}", env={"MM_STOPS_OUT": str(out)})
    assert out.exists(), f"the driver wrote nothing:\n{stdout[-2000:]}\n{stderr[-2000:]}"
    assert "Traceback" not in stderr and "Python Exception" not in stderr, stderr[-3000:]
    return kernel, machine, stdout, json.loads(out.read_text())


def test_banner_says_the_command_line(walk):
    kernel, _, stdout, _ = walk
    if kernel == "linux-4.19":
        assert stdout.splitlines()[0] == f"mm-gdb: linux-4.19 ({linux419.BZIMAGE}), command line: {linux419.BASE_CMDLINE}"
    else:
        assert re.fullmatch(r"mm-gdb: linux-6.1 \(\S+/build/linux/vmlinuz\), command line: "
                            + re.escape(linux419.BASE_CMDLINE + " no5lvl"), stdout.splitlines()[0])


def test_stops_are_the_phases_in_boot_order(walk):
    """After mm-restart: 6 single stops, the 3 per-node ones for each node in turn, then 4.19's
    free_all_bootmem, or 6.1's memmap_init, memblock_free_all and page_alloc_init_late; the end."""
    kernel, machine, _, res = walk
    n = NODES[machine]
    table = [name for name, _, _ in res["table"]]
    assert [name for name in table if name in checkpoints.NAMES] == checkpoints.NAMES
    names = [(table[i], nid) for _, i, nid, ended in (s["where"] for s in res["stops"][:-1])]
    single = [cp.name for cp in checkpoints.TABLE if not cp.per_node]
    per_node = [cp.name for cp in checkpoints.TABLE if cp.per_node]
    assert names == ([(c, -1) for c in single[:-1]] + [(c, nid) for nid in range(n) for c in per_node]
                     + [(c, -1) for c in LATE[kernel]])
    if kernel == "linux-6.1":
        labels = dict((name, label) for name, label, _ in res["table"])
        assert [labels[c] for c in ("sparse_memory_present_with_active_regions", "free_area_init_nodes",
                                    "free_all_bootmem")] == ["memblocks_present", "free_area_init", "memblock_free_all"]
    assert [s["where"][0] for s in res["stops"]] == list(range(1, len(names) + 1)) + [len(names)]
    assert res["stops"][-1]["where"][3] and res["nav"][0]["ok"]       # the end; mm-restart went to stop 1


def test_every_command_at_every_stop(walk):
    """Every command's example and per-node form runs at each stop (mm check included: it passes),
    or says "not yet" in one line; at the last phase all of them run."""
    _, _, _, res = walk
    for stop in res["stops"]:
        for r in stop["runs"]:
            assert r["ok"] or (NOT_YET.search(r["out"]) and "\n" not in r["out"].strip()), (stop["where"], r)
            if stop["where"][1] == len(res["table"]) - 1:
                assert r["ok"] or r["out"].startswith("no node "), (stop["where"], r)
    for r in res["bad"]:
        assert not r["ok"] and "\n" not in r["out"].strip() and "internal error" not in r["out"], r


def test_check_waits_for_the_struct_pages_of_61(walk):
    """6.1's mm check: from a node's free_area_init_core to memmap_init its struct pages are "not
    yet"; from memmap_init to page_alloc_init_late the pfns from each node's first_deferred_pfn are
    said to be deferred and not checked, the others are; after page_alloc_init_late all are."""
    kernel, machine, _, res = walk
    if kernel != "linux-6.1":
        pytest.skip("4.19 initialises each node's struct pages in free_area_init_core, none deferred")
    table = [name for name, _, _ in res["table"]]
    passed, deferred_seen = set(), 0
    for stop in res["stops"]:
        count, idx, nid, ended = stop["where"]
        if not ended:
            passed.add((table[idx], nid))
        check = next(r for r in stop["runs"] if r["cmd"] == "mm check")
        assert check["ok"], (stop["where"], check)
        out = check["out"]
        cored = sorted(n for name, n in passed if name == "free_area_init_core")
        waiting = re.findall(r"^--   node (\d+): struct pages: not yet: their fields are initialised by memmap_init, "
                             r"for all nodes at once \(mm-goto memmap_init\)$", out, re.M)
        flags = re.findall(r"^OK   node (\d+): struct page flags decode to node \d+ and their zone: .*$", out, re.M)
        deferred = re.findall(r"; (\d+) pages from pfn (0x[0-9a-f]+) \(first_deferred_pfn\) not checked: deferred, "
                              r"initialised by page_alloc_init_late \(mm-goto page_alloc_init_late\)$", out, re.M)
        if ended or ("page_alloc_init_late", -1) in passed:
            assert not waiting and len(flags) == NODES[machine] and not deferred and "--  " not in out, out
        elif ("memmap_init", -1) in passed:
            assert not waiting and len(flags) == NODES[machine] and deferred, out
            deferred_seen += 1
        else:
            assert [int(n) for n in waiting] == cored and not flags, (stop["where"], out)
    assert deferred_seen == 2           # at memmap_init and memblock_free_all


def test_zones_and_pages_at_the_last_checkpoint(walk):
    """Each node's zones add up to its pg_data_t, DMA spans pfns 1-0xfff as Linux printed it, and
    mm page decodes a page (page->flags' layout checked against a page of known node and zone)."""
    _, machine, _, res = walk
    last = next(s for s in res["stops"] if s["where"][1] == len(res["table"]) - 1)
    zones = next(r["out"] for r in last["runs"] if r["cmd"] == "mm zones")
    checks = [l for l in zones.splitlines() if l.startswith("node ")]
    assert len(checks) == NODES[machine] and all("(ok)" in l for l in checks), zones
    assert re.search(r"^\s+0\s+0\s+DMA\s+0x1\s+0x1000\s+4095\s", zones, re.M), zones
    pages = [r for r in last["runs"] if r["cmd"].startswith("mm page ")]
    assert pages and all(r["ok"] for r in pages), pages


@pytest.mark.parametrize("kernel,other", [("linux-4.19", "replay"), ("replay", "linux-4.19"), ("replay", "linux-6.1"),
                                          ("linux-6.1", "replay")])
def test_compare_both_ways(kernel, other):
    """At free_area_init_nodes both kernels have the same zone limits on the same machine (4.19's
    and 6.1's too: free_area_init_nodes became free_area_init, the limits did not change)."""
    why = linux419.missing() if "linux-4.19" in (kernel, other) else linux61.missing()
    if why:
        pytest.skip(why)
    code, out, err = mm_gdb("--kernel", kernel, "--topology", "two-node", "-batch", "-ex", "mm-goto free_area_init_nodes",
                            "-ex", f"mm compare {other} arch_zone_highest_possible_pfn", "-ex", f"mm compare {other} max_pfn")
    assert code == 0, err
    heads = [l for l in out.splitlines() if l.startswith("free_area_init_nodes: ")]
    assert heads == [f"free_area_init_nodes: {kernel} beside {other}, 5 fields matching "
                     "'arch_zone_highest_possible_pfn', 0 differ",
                     f"free_area_init_nodes: {kernel} beside {other}, 1 fields matching 'max_pfn', 0 differ"], out
    assert re.search(r"^  arch_zone_highest_possible_pfn\[1\]\s+0x100000\s+0x100000$", out, re.M), out


@needs_reference
def test_compare_defaults_and_bad_arguments():
    """From linux-4.19, mm compare means the replay; every misuse is one line."""
    code, out, err = mm_gdb("--kernel", "linux-4.19", "--topology", "one-node", "-batch", "-ex", "mm compare",
                            "-ex", "mm-goto zone_sizes_init", "-ex", "mm compare nr_online_nodes",
                            "-ex", "mm compare linux-4.19", "-ex", "mm compare replay a b")
    assert [l for l in err.splitlines() if l.strip()] == [
        "the structures to compare exist at checkpoint e820__memblock_setup (1/10); the machine is before "
        "the first checkpoint: mm-goto e820__memblock_setup",
        "this session runs linux-4.19: mm compare replay or linux-6.1",
        "unexpected argument 'b'; usage: mm compare [replay|linux-4.19|linux-6.1] [FILTER]"], err
    assert "zone_sizes_init: linux-4.19 beside replay, 1 fields matching 'nr_online_nodes', " in out, out


@pytest.mark.parametrize("args,env,message", [
    (["--kernel", "linux-9.9"], {},
     "mm-gdb: unknown kernel 'linux-9.9' (replay, linux-4.19, linux-6.1 or the path of a vmlinux)"),
    (["--kernel", "linux-4.19"], {"MM_STEP_LINUX419": "/nonexistent"},
     f"mm-gdb: no Linux 4.19 reference: {os.path.relpath('/nonexistent/bzImage', ROOT)} is absent"),
    (["--kernel", "build/kernel.elf", "--bzimage", "/nonexistent"], {},
     "mm-gdb: --kernel build/kernel.elf needs --bzimage IMAGE, the kernel it was built with"),
    (["--bzimage", "x"], {}, "mm-gdb: --bzimage goes with --kernel VMLINUX"),
])
def test_bad_input_is_one_line(args, env, message):
    code, out, err = mm_gdb(*args, "-batch", env=env, timeout=60)
    assert code != 0 and err.strip() == message and out == ""


@needs_reference
def test_vmlinux_not_matching_the_image():
    code, out, err = mm_gdb("--kernel", "build/kernel.elf", "--bzimage", linux419.BZIMAGE, "-batch", timeout=60)
    assert code != 0 and re.fullmatch(r"mm-gdb: build/kernel.elf is not the vmlinux of \S+ \(build id \S+ vs \S+\)",
                                      err.strip()), err


@pytest.mark.parametrize("kernel,other", [("replay", "linux-6.1"), ("linux-6.1", "replay")])
def test_compare_with_61_marks_the_expected_differences(kernel, other):
    """Beside 6.1 only the structures 4.19 and 6.1 share are compared: on two-node none differs
    unexplained ('!'), the expected ones are marked '~' with one line per reason from
    scripts/oracle/expected61.json, and a filter also lists what is not compared ('.')."""
    why = linux61.missing()
    if why:
        pytest.skip(why)
    import match61
    code, out, err = mm_gdb("--kernel", kernel, "--topology", "two-node", "-batch", "-ex", "mm-goto free_all_bootmem",
                            "-ex", f"mm compare {other}", "-ex", f"mm compare {other} mem_section[1].")
    assert code == 0 and "Traceback" not in err, err
    heads = [l for l in out.splitlines() if l.startswith("free_all_bootmem: ")]
    assert re.fullmatch(rf"free_all_bootmem: {kernel} beside {other}, \d+ fields, 0 differ, 1923 as expected \(~\), "
                        r"\d+ not compared \(\.\) \(array elements folded: .*\)", heads[0]), heads
    assert re.fullmatch(rf"free_all_bootmem: {kernel} beside {other}, \d+ fields matching 'mem_section\[1\]\.', 0 differ, "
                        r"\d+ not compared \(\.\)", heads[1]), heads
    reasons = [f"~ {e['title']} ({e['linux']})" for e in match61.data()["expected"] if "two-node" in e["machines"]]
    assert sorted(l for l in out.splitlines() if l in reasons) == sorted(reasons), out     # each once
    marked = {l.split()[1] for l in out.splitlines() if l.startswith("~ ") and l not in reasons}
    assert {"dma_reserve", "nr_all_pages", "nr_kernel_pages"} <= marked, out
    assert not [l for l in out.splitlines() if l.startswith("! ")], out
    assert re.search(r"^  mem_section\[1\]\.nid|^  mem_section\[1\]\.mem_map\s+0xffffea0000000000\s+0xffffea0000000000$",
                     out, re.M), out
    assert re.search(r"^\. mem_section\[1\]\.(usage|usemap)\s", out, re.M), out


# ---- the downloads and the cache unavailable: real conditions, one line each, nothing left running ----

def needs_61_image():
    """The 6.1 image is fetched by make test's earlier tests (scripts/oracle/fetch-linux); without
    it these would test apt's network instead of the cache."""
    if not os.path.isfile(linux61.VMLINUZ):
        pytest.skip(f"{os.path.relpath(linux61.VMLINUZ, ROOT)} is absent (scripts/oracle/fetch-linux)")


@pytest.fixture
def readonly_dir(tmp_path):
    mnt = tmp_path / "ro"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a read-only tmpfs (not root?)")
    yield str(mnt)
    subprocess.run(["umount", "-l", str(mnt)])


@pytest.mark.parametrize("kernel", ["linux-4.19", "linux-6.1"])
def test_unwritable_cache_is_one_line(kernel, readonly_dir):
    """XDG_CACHE_HOME on a read-only file system: no vmlinux can be kept, said in one line."""
    if kernel == "linux-4.19" and linux419.missing():
        pytest.skip(linux419.missing())
    if kernel == "linux-6.1":
        needs_61_image()
    code, out, err = mm_gdb("--kernel", kernel, "--topology", "one-node", "-batch", env={"XDG_CACHE_HOME": readonly_dir},
                            timeout=120)
    assert code != 0 and out == "" and re.fullmatch(
        rf"mm-gdb: cache folder {re.escape(readonly_dir)}/mm-step/{kernel}\S*: Read-only file system "
        r"\(set XDG_CACHE_HOME to a writable folder\)", err.strip()), err


def test_apt_that_cannot_fetch_is_one_line(tmp_path):
    """An empty cache and an apt that knows no package (no package lists, as before a first
    apt-get update): the -dbg package cannot be downloaded. mm-gdb and mm compare say so in one
    line and leave nothing in the cache."""
    needs_61_image()
    apt = tmp_path / "apt"
    for sub in ("lists/partial", "parts", "cache/archives/partial"):
        (apt / sub).mkdir(parents=True)
    (apt / "sources.list").write_text("")
    (apt / "apt.conf").write_text(f'Dir::State::lists "{apt}/lists"; Dir::Etc::sourceparts "{apt}/parts";\n'
                                  f'Dir::Etc::sourcelist "{apt}/sources.list"; Dir::Cache "{apt}/cache";\n')
    env = {"APT_CONFIG": str(apt / "apt.conf"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    code, out, err = mm_gdb("--kernel", "linux-6.1", "--topology", "one-node", "-batch", env=env, timeout=120)
    why = r"apt-get download linux-image-\S+-dbg failed: E: [^\n]+"
    assert code != 0 and out == "" and re.fullmatch("mm-gdb: " + why, err.strip()), err
    code, out, err = mm_gdb("--topology", "one-node", "-batch", "-ex", "mm-goto e820__memblock_setup",
                            "-ex", "mm compare linux-6.1", env=env, timeout=120)
    assert re.fullmatch("mm compare: " + why, "\n".join(l for l in err.splitlines() if l.strip())), err
    assert [f for _, _, files in os.walk(tmp_path / "cache") for f in files] == []


def test_cached_61_vmlinux_not_matching_the_image(tmp_path):
    """A vmlinux in the cache that is not the image's (another build): refused in one line that
    says what to do, not loaded."""
    needs_61_image()
    image, release = linux61.bzimage()
    cache = tmp_path / "mm-step" / "linux-6.1"
    cache.mkdir(parents=True)
    vmlinux = cache / f"vmlinux-{release}"
    vmlinux.write_bytes(open(os.path.join(ROOT, "build", "kernel.elf"), "rb").read())
    code, out, err = mm_gdb("--kernel", "linux-6.1", "--topology", "one-node", "-batch",
                            env={"XDG_CACHE_HOME": str(tmp_path)}, timeout=120)
    assert code != 0 and out == "" and re.fullmatch(
        rf"mm-gdb: {re.escape(str(vmlinux))} does not match {re.escape(image)} \(build id \w+ vs \w+\): "
        r"remove it to download it again", err.strip()), err


@needs_reference
def test_own_vmlinux_with_unwritable_cache_runs_without_index(readonly_dir):
    """Your own vmlinux needs no download: with no writable cache the session still starts, GDB
    without its index cache, and says so in one line."""
    vmlinux = linux419.vmlinux()          # the reference's, as if it were your own build
    code, out, err = mm_gdb("--kernel", vmlinux, "--bzimage", linux419.BZIMAGE, "--topology", "one-node", "-batch",
                            env={"XDG_CACHE_HOME": readonly_dir}, timeout=300)
    assert code == 0 and out.startswith(f"mm-gdb: {vmlinux} ({linux419.BZIMAGE}), command line: "), out
    assert err.strip() == (f"mm-gdb: cache folder {readonly_dir}/mm-step/gdb-index: Read-only file system (set "
                           "XDG_CACHE_HOME to a writable folder); GDB reads the debug info without its index cache"), err


@needs_reference
def test_own_vmlinux_navigates_like_the_named_kernel():
    """Your own vmlinux: its version comes from linux_banner in the ELF file (guest memory does not
    hold it before QEMU loads the kernel), so mm-goto stops as with --kernel linux-4.19."""
    code, out, err = mm_gdb("--kernel", linux419.vmlinux(), "--bzimage", linux419.BZIMAGE, "--topology", "one-node",
                            "-batch", "-ex", "mm-goto numa_init", "-ex", "mm numa", timeout=300)
    assert code == 0 and "internal error" not in out + err and "linux_banner" not in out + err, out + err
    assert "checkpoint 2/10 numa_init" in out and "numa_meminfo" in out, out


def test_extra_phases_stay_out_of_the_dumps():
    """The oracle dumper (gdbdump.py: phases.Runner(version)) stops at the replay's checkpoints only;
    a session (Runner(version, extra=True)) at 6.1's own phases too, each after its checkpoint."""
    for version in ("4.19", "6.1"):
        assert [p["checkpoint"] for p in phases.table(version)] == checkpoints.NAMES
    extra = [(phases.name(p), p["follows"]) for p in phases.table("6.1", extra=True) if "phase" in p]
    assert extra == [("memmap_init", "free_area_init_node"), ("page_alloc_init_late", "free_all_bootmem")]
    assert [phases.name(p) for p in phases.table("4.19", extra=True)] == checkpoints.NAMES


def test_navigation_across_the_phases_of_61():
    """mm-goto, mm-back, mm-step and mm-restart across memmap_init and page_alloc_init_late, by
    6.1's names and by number, each landing where its banner says."""
    why = linux61.missing()
    if why:
        pytest.skip(why)
    code, out, err = mm_gdb("--kernel", "linux-6.1", "--topology", "one-node", "-batch",
                            *[a for c in ("mm-goto page_alloc_init_late", "mm-back", "mm-back", "mm-step 2", "mm-step",
                                          "mm-goto memblock_free_all", "mm-restart", "mm-goto 10", "mm compare",
                                          "mm-goto last", "mm-phases") for a in ("-ex", c)])
    assert "Traceback" not in err and [l for l in err.splitlines() if l.strip()] == [
        "memmap_init is a phase only Linux 6.1 has: nothing to compare with (mm-goto a checkpoint both have)"], err
    heads = [l for l in out.splitlines() if l.startswith(("checkpoint ", "the end", "before the first"))]
    assert heads == ["checkpoint 12/12 page_alloc_init_late (6.1 only)  [stop 12]",
                     "checkpoint 11/12 memblock_free_all (4.19 free_all_bootmem)  [stop 11]",
                     "checkpoint 10/12 memmap_init (6.1 only)  [stop 10]",
                     "checkpoint 12/12 page_alloc_init_late (6.1 only)  [stop 12]",
                     "the end: the kernel has finished after 12 stops (done); the state is still here to inspect; "
                     "mm-back or mm-restart to go again",
                     "checkpoint 11/12 memblock_free_all (4.19 free_all_bootmem)  [stop 11]",
                     "checkpoint 1/12 e820__memblock_setup  [stop 1]",
                     "checkpoint 10/12 memmap_init (6.1 only)  [stop 10]",
                     "checkpoint 12/12 page_alloc_init_late (6.1 only)  [stop 12]"], out
    assert re.search(r"^=> 12\. page_alloc_init_late \(6\.1 only\)\s+current\s+mm/page_alloc\.c$", out, re.M), out
    assert re.search(r"^   10\. memmap_init \(6\.1 only\)\s+passed\s+mm/page_alloc\.c$", out, re.M), out


SAME_SCRIPT = """python
from mm_step.guest import memory
direct = list(memory._direct)
print("DIRECT", direct[0](int(gdb.parse_and_eval("(unsigned long)&node_data")), 8) is not None)
for command in %r:
    memory.invalidate()
    files = gdb.execute(command, to_string=True)
    memory._direct[:] = []
    memory.invalidate()
    stub = gdb.execute(command, to_string=True)
    memory._direct[:] = direct
    print("SAME" if files == stub else "DIFFERENT", command)
end
"""


@pytest.mark.parametrize("kernel", ["linux-4.19", "linux-6.1"])
def test_reads_from_the_ram_files_equal_the_gdbstubs(kernel, tmp_path):
    """Guest memory read from QEMU's RAM files (through the page tables) is what the gdbstub reads:
    the commands' outputs are the same both ways, at the last phase of a two-node machine."""
    why = linux419.missing() if kernel == "linux-4.19" else linux61.missing()
    if why:
        pytest.skip(why)
    commands = ["mm zoneinfo", "mm numa", "mm pgdat 1", "mm buddyinfo", "mm pagetypeinfo", "mm page 0x1000",
                "mm sections", "mm memblock reserved", "mm map", "mm check"]
    script = tmp_path / "same.gdb"
    script.write_text(SAME_SCRIPT % commands)
    code, out, err = mm_gdb("--kernel", kernel, "--topology", "two-node", "-batch", "-ex", "mm-goto last",
                            "-x", str(script))
    assert [l for l in out.splitlines() if l.startswith(("DIRECT", "SAME", "DIFFERENT"))] == \
        ["DIRECT True"] + [f"SAME {c}" for c in commands], \
        out[-3000:] + err[-2000:]
