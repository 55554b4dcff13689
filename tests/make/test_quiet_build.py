"""The build speaks as Linux's Kbuild: one "  TAG     file" line a step, the whole commands
with V=1, nothing with make -s, and a compiler error still shown (with its file and line)."""
import os
import re
import shutil
import subprocess

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STEP = re.compile(r"^  (CC|AS|LD|LDS|KSYM) {4,6}(\S+)$")


def make(*args, cwd=REPO):
    return subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "V")})


def test_quiet_kernel_build(tmp_path):
    r = make("-j2", f"BUILD={tmp_path}", f"{tmp_path}/kernel.elf")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    lines = r.stdout.splitlines()
    assert all(STEP.match(l) for l in lines), [l for l in lines if not STEP.match(l)]
    sources = subprocess.run("find kernel -name '*.c' -o -name '*.S'", shell=True, cwd=REPO,
                             capture_output=True, text=True).stdout.split()
    sources = [s for s in sources if not s.endswith(".lds.S")]     # the linker script: its own LDS step
    compiled = {STEP.match(l).group(2) for l in lines if l.startswith(("  CC", "  AS      kernel/"))}
    assert compiled == set(sources)
    assert f"  LDS     {tmp_path}/vmlinux.lds" in lines
    assert lines[-4:] == [f"  LD      {tmp_path}/kernel.pass1.elf", f"  KSYM    {tmp_path}/kallsyms.S",
                          f"  AS      {tmp_path}/kallsyms.S", f"  LD      {tmp_path}/kernel.elf"]
    obj = f"{tmp_path}/kernel/mm/sparse.c.o"
    full = make("-B", "V=1", f"BUILD={tmp_path}", obj)
    assert full.returncode == 0 and full.stdout.startswith("gcc -std=gnu11 ") and "-c kernel/mm/sparse.c" in full.stdout
    silent = make("-B", "-s", f"BUILD={tmp_path}", obj)
    assert silent.returncode == 0 and silent.stdout == silent.stderr == ""


def test_errors_stay_visible(tmp_path):
    for part in ("Makefile", "kernel", "scripts"):
        copy = shutil.copytree if os.path.isdir(os.path.join(REPO, part)) else shutil.copy
        copy(os.path.join(REPO, part), tmp_path / part)
    with open(tmp_path / "kernel" / "mm" / "sparse.c", "a") as f:
        f.write("int mm_step_broken = ;\n")
    for flags in ((), ("-s",)):
        r = make(*flags, "build/kernel/mm/sparse.c.o", cwd=tmp_path)
        assert r.returncode != 0
        assert re.search(r"^kernel/mm/sparse\.c:\d+:\d+: error: ", r.stderr, re.M), r.stderr
        assert ("  CC      kernel/mm/sparse.c" in r.stdout) == (not flags)
