"""Real Linux 4.19 (../shared/linux-4.19) under scripts/mm-gdb --kernel linux-4.19: every command at
every stop on a one-node and a two-node machine (the same driver as the replay's tests/gdb), mm
compare both ways, and the bad inputs of --kernel (one line, nothing left running)."""
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


WALKS = [("linux-4.19", "one-node"), ("linux-4.19", "two-node"), ("linux-6.1", "two-node")]


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


def test_stops_are_the_checkpoints_per_node(walk):
    """After mm-restart: 6 single stops, the 3 per-node ones for each node in turn, free_all_bootmem, the end."""
    _, machine, _, res = walk
    n = NODES[machine]
    names = [(checkpoints.TABLE[i].name, nid) for _, i, nid, ended in (s["where"] for s in res["stops"][:-1])]
    single = [cp.name for cp in checkpoints.TABLE if not cp.per_node]
    per_node = [cp.name for cp in checkpoints.TABLE if cp.per_node]
    assert names == ([(c, -1) for c in single[:-1]] + [(c, nid) for nid in range(n) for c in per_node]
                     + [(single[-1], -1)])
    assert [s["where"][0] for s in res["stops"]] == list(range(1, len(names) + 1)) + [len(names)]
    assert res["stops"][-1]["where"][3] and res["nav"][0]["ok"]       # the end; mm-restart went to stop 1


def test_every_command_at_every_stop(walk):
    """Every command's example and per-node form runs at each stop, or says "not yet" in one line;
    at the last checkpoint all of them run. 6.1's mm check fails page->flags from free_area_init_core
    on (a node has passed it), as it must: 6.1 initialises struct pages after all nodes (memmap_init) and defers most of them
    to page_alloc_init_late (DEFERRED_STRUCT_PAGE_INIT)."""
    kernel, _, _, res = walk
    core, cored = checkpoints.by_name("free_area_init_core").index, False
    for stop in res["stops"]:
        cored = cored or stop["where"][1] == core
        for r in stop["runs"]:
            if kernel == "linux-6.1" and r["cmd"] == "mm check" and cored:
                assert r["out"].endswith("invariants failed") or r["out"].endswith("invariant failed"), r
                continue
            assert r["ok"] or (NOT_YET.search(r["out"]) and "\n" not in r["out"].strip()), (stop["where"], r)
            if stop["where"][1] == checkpoints.COUNT - 1:
                assert r["ok"] or r["out"].startswith("no node "), (stop["where"], r)
    for r in res["bad"]:
        assert not r["ok"] and "\n" not in r["out"].strip() and "internal error" not in r["out"], r


def test_zones_and_pages_at_the_last_checkpoint(walk):
    """Each node's zones add up to its pg_data_t, DMA spans pfns 1-0xfff as Linux printed it, and
    mm page decodes a page (page->flags' layout checked against a page of known node and zone)."""
    _, machine, _, res = walk
    last = next(s for s in res["stops"] if s["where"][1] == checkpoints.COUNT - 1)
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
