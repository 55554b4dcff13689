"""The replay against the real Linux 4.19.222 (../shared/linux-4.19) on the same QEMU machines: the
boot log from the first BIOS-e820 line to Memory:, line by line, and the structures at every
checkpoint, read under GDB from both kernels (scripts/oracle/linux419.py).

A ratchet while the replay converges: the differences that remain on each machine are recorded in
tests/oracle/linux419/ID.log.diff and ID.structs.diff, and a machine fails when its difference is
not exactly the recorded one -- a new difference, and also a fixed one whose record is now stale.
Re-record both with `scripts/oracle/diff419 --update` (one machine: `--machine ID`); without
--update, diff419 and structs419 show every difference. The first tests need no QEMU."""
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts", "oracle"))
import linux419  # noqa: E402

needs_reference = pytest.mark.skipif(bool(linux419.missing()), reason=linux419.missing() or "")


def test_normalize_keeps_all_but_what_may_differ():
    n = linux419.normalize
    assert n("[    0.000000] memblock_reserve: [0x0000000000099000-0x000000000009efff] reserve_real_mode+0x7f/0x93") \
        == "memblock_reserve: [0x0000000000099000-0x000000000009efff] reserve_real_mode+off/size"
    assert n("[    0.000000] x memblock_virt_alloc.constprop.0+0x13/0x15") == "x memblock_virt_alloc.constprop.0+off/size"
    assert n("[    0.000000] Memory: 6109448K/6290936K available (8204K kernel code, 701K rwdata, 1268K rodata, "
             "1044K init, 2288K bss, 181488K reserved, 0K cma-reserved)") \
        == ("Memory: 6109448K/6290936K available (NK kernel code, NK rwdata, NK rodata, NK init, NK bss, "
            "181488K reserved, 0K cma-reserved)")
    assert n("[    0.000000] NODE_DATA(0) allocated [mem 0xbffdb000-0xbffdffff]") == "NODE_DATA(0) allocated [mem 0xbffdb000-0xbffdffff]"


def test_window_from_e820_to_memory():
    log = "\n".join(["[    0.000000] Command line: x", "[    0.000000] BIOS-e820: [mem 0x0-0x9fbff] usable",
                     "[    0.000000] tsc: Detected 2299.993 MHz processor", "mm-step: checkpoint 1/10 e820__memblock_setup",
                     "[    0.000000] Memory: 1K/2K available (1K kernel code, 1K rwdata, 1K rodata, 1K init, 1K bss, "
                     "1K reserved, 0K cma-reserved)", "[    0.000000] SLUB: HWalign=64"])
    w = linux419.window(log)
    assert w[0] == "BIOS-e820: [mem 0x0-0x9fbff] usable" and len(w) == 2 and w[1].startswith("Memory: 1K/2K")
    with pytest.raises(linux419.ReferenceError):
        linux419.window("[    0.000000] BIOS-e820: x\n")


def test_record_has_no_line_numbers():
    d = linux419.unified(["a", "b", "c"], ["a", "x", "c"], context=0, numbers=False)
    assert d == ["--- linux-4.19", "+++ replay", "@@", "-b", "+x"]
    assert linux419.unified(["a"], ["a"]) == []


def test_dump_cache_key_covers_what_the_dumper_reads_through():
    """A cached Linux dump is stale when the dumper or the plugin layers it reads with change."""
    files = {os.path.relpath(f, ROOT) for f in linux419.dumper_files()}
    for f in ("scripts/oracle/gdbdump.py", "gdb/mm_step/snapshot.py", "gdb/mm_step/guest/dwarf.py",
              "gdb/mm_step/guest/memory.py", "gdb/mm_step/readers/sparse.py", "gdb/mm_step/readers/linux.py",
              "gdb/mm_step/freelist.py", "gdb/mm_step/linux/phases.py", "gdb/mm_step/linux/linux-4.19.json",
              "kernel/include/mm_step/checkpoints.def", "kernel/include/linux/mmzone.h"):
        assert f in files, f


@needs_reference
def test_vmlinux_matches_bzimage():
    assert linux419.file_build_id(linux419.vmlinux()) == linux419.bzimage_build_id(linux419.BZIMAGE)


@needs_reference
@pytest.mark.parametrize("ident", linux419.MACHINE_IDS)
def test_log_difference_is_the_recorded_one(ident):
    actual, _ = linux419.log_difference(ident)
    check_ratchet(ident, "log", actual, "diff419")


@needs_reference
@pytest.mark.parametrize("ident", linux419.MACHINE_IDS)
def test_structure_difference_is_the_recorded_one(ident):
    check_ratchet(ident, "structs", linux419.struct_difference(ident), "structs419")


def check_ratchet(ident, kind, actual, command):
    recorded = linux419.read_record(linux419.record_path(ident, kind)) or []
    if actual == recorded:
        return
    body = (lambda lines: [l for l in lines if l[:1] in "+-" and l[:3] not in ("---", "+++")]) if kind == "log" \
        else (lambda lines: lines)
    new = [l for l in body(actual) if l not in body(recorded)]
    fixed = [l for l in body(recorded) if l not in body(actual)]
    pytest.fail(f"{ident}: the replay's {kind} differ from Linux 4.19's otherwise than recorded in "
                f"{os.path.relpath(linux419.record_path(ident, kind), ROOT)} ({len(new)} new differing lines, "
                f"{len(fixed)} no longer differing); see scripts/oracle/{command} --machine {ident}, "
                f"re-record with scripts/oracle/diff419 --update --machine {ident}\n"
                + "\n".join(["new:"] + new[:20] + ["fixed:"] + fixed[:20]))


@needs_reference
def test_phase_table_resolves_in_the_debug_info():
    """Every checkpoint has a stop in 4.19; the inlined phases stop inside their caller, outside
    their own body; the others on the function's entry (where the return breakpoint is set)."""
    import json
    import subprocess
    script = ("import json, sys, gdb; sys.path.insert(0, %r); import phases\n"
              "out = []\n"
              "for p in phases.resolve(phases.table()):\n"
              "    chain = phases._inlined_chain(p['address'], p.get('caller') or '')\n"
              "    entry = phases.function_range(p['function'])\n"
              "    out.append([p['checkpoint'], p['end'], p['address'], gdb.block_for_pc(p['address']).function.name\n"
              "                if gdb.block_for_pc(p['address']).function else None, chain, entry and entry[0]])\n"
              "print('JSON' + json.dumps(out))\n") % os.path.join(ROOT, "gdb", "mm_step", "linux")
    r = subprocess.run(["gdb", "-batch", "-nx", linux419.vmlinux(), "-ex", "python\n" + script + "end"],
                       capture_output=True, text=True, timeout=120)
    rows = json.loads(next(l[4:] for l in r.stdout.splitlines() if l.startswith("JSON")))
    assert [row[0] for row in rows] == [c for c in checkpoint_names()]
    for name, end, addr, _, chain, entry in rows:
        if end == "inlined":
            assert entry is None and name not in chain, name
        else:
            assert addr == entry, name
    inlined = {row[0]: row for row in rows if row[1] == "inlined"}
    assert set(inlined) == {"calculate_node_totalpages", "free_area_init_core"}


def checkpoint_names():
    import re
    with open(os.path.join(ROOT, "kernel", "include", "mm_step", "checkpoints.def")) as f:
        return re.findall(r"^CHECKPOINT\((\w+),", f.read(), re.M)


def test_skips_without_reference():
    import subprocess
    env = dict(os.environ, MM_STEP_LINUX419="/nonexistent/linux-4.19")
    r = subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {os.path.join(ROOT, 'scripts', 'oracle')!r}); "
                        "import linux419; print(linux419.missing())"], env=env, capture_output=True, text=True)
    assert r.stdout.strip().startswith("no Linux 4.19 reference:") and "bzImage is absent" in r.stdout
    r = subprocess.run([os.path.join(ROOT, "scripts", "oracle", "diff419")], env=env, capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr.startswith("diff419: no Linux 4.19 reference") and len(r.stderr.splitlines()) == 1


@needs_reference
def test_a_damaged_cached_vmlinux_is_unpacked_again(tmp_path, monkeypatch):
    """The cache's vmlinux is not the bzImage's (another file put there): unpacked again from
    vmlinux.xz, not blamed on the reference."""
    import shutil
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    damaged = os.path.join(linux419.cache_dir("vmlinux", linux419.sha256_file(linux419.BZIMAGE)[:16]), "vmlinux")
    shutil.copyfile(os.path.join(ROOT, "build", "kernel.elf"), damaged)
    assert linux419.vmlinux() == damaged
    assert linux419.file_build_id(damaged) == linux419.bzimage_build_id(linux419.BZIMAGE)
