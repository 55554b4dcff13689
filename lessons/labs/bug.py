#!/usr/bin/python3
"""Planted-bug labs: build the replay kernel with one realistic mistake in it.

    python3 lessons/labs/bug.py --list [--lang en|zh]   the bugs (name, machine to use, the symptom to look for)
    python3 lessons/labs/bug.py build NAME      build/bug-NAME/build/kernel.elf (what `make BUG=NAME` runs)
    python3 lessons/labs/bug.py stub NAME [--fresh]   build/lab-NAME/: a tree where one function is a stub

Each bug is a small patch, lessons/labs/bugs/NAME.patch, with one line of context on each side,
applied to a copy of the tree in build/bug-NAME/ -- never to kernel/ itself, so the kernel sources
stay Linux-shaped, and the patch keeps applying while kernel/ changes around it. `make BUG=NAME`,
`make run BUG=NAME` and `make walkthrough BUG=NAME` use that kernel (through MM_STEP_KERNEL).
"""
import os
import shutil
import subprocess
import sys

LABS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(LABS))
sys.path.insert(0, os.path.dirname(LABS))
import i18n  # noqa: E402
from i18n import text  # noqa: E402
BUGS = os.path.join(LABS, "bugs")
STUBS = os.path.join(LABS, "implement")
# What a copy of the tree needs to build the kernel and the unit tests with the same Makefile.
TREE = ("Makefile", "kernel", "scripts/kallsyms.py", "tests/unit")


# name: the machine to boot it on, and what the student is told (the symptom, never the cause), in
# both languages (the tables of lessons/labs/README.md and README.zh.md quote these).
BRIEFS = {
    "memblock-nomerge": ("one-node", text(
        en="memblock ends up holding more regions than the firmware map and the early reservations explain",
        zh="memblock 里的区域比固件的 e820 内存表和早期预留能解释的多")),
    "section-mask": ("two-node", text(
        en="the memory model's bookkeeping is off after the struct pages are allocated",
        zh="分配完 struct page 之后，内存模型的账目不对")),
    "usemap-wrong-node": ("two-node", text(
        en="on a two-node machine, some of node 0's own metadata is not where NUMA wants it",
        zh="在双节点机器上，节点 0 自己的一些元数据不在 NUMA 希望的地方")),
    "dma32-max": ("two-node", text(
        en="the zone table looks wrong on a machine with memory above 4 GiB",
        zh="在 4 GiB 以上有内存的机器上，管理区表看起来不对")),
    "absent-off-by-one": ("one-node", text(
        en="a few pages of real RAM are missing from the zone counts",
        zh="管理区的计数里少了几页真实存在的内存")),
    "free-count-order": ("one-node", text(
        en="after free_all_bootmem, /proc/zoneinfo's free pages look too small",
        zh="free_all_bootmem 之后，/proc/zoneinfo 的空闲页数显得太小")),
}
MSG = {"moved": text(en="lab: {patch} no longer applies to kernel/ (the code it changes moved): ",
                     zh="lab：{patch} 已不能应用到 kernel/ 上（它修改的那段代码挪了位置）："),
       "no lab": text(en="lab: no such lab {name!r} (labs: {names})", zh="lab：没有实验 {name!r}（实验有：{names}）"),
       "failed": text(en="lab: building bug {name} failed:\n", zh="lab：构建带错误 {name} 的内核失败：\n")}
STUB_LINE = text(en="(python3 lessons/labs/bug.py stub {name}; see lessons/labs/README.md)",
                 zh="（python3 lessons/labs/bug.py stub {name}；见 lessons/labs/README.zh.md）")


# stub name: the unit test binary that judges it (tests/unit/NAME.c, built in the lab's tree).
STUB_TESTS = {"memblock_merge_regions": "test_memblock", "__absent_pages_in_range": "test_zones"}


def names(folder=BUGS):
    return sorted(f[:-len(".patch")] for f in os.listdir(folder) if f.endswith(".patch"))


def copy_tree(dest):
    """dest/ holds a fresh copy of the sources (build/ outputs there are kept, for make's timestamps)."""
    for part in TREE:
        target = os.path.join(dest, part)
        if os.path.isdir(target):
            shutil.rmtree(target)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        src = os.path.join(REPO, part)
        (shutil.copytree if os.path.isdir(src) else shutil.copy2)(src, target)


def apply(patch, dest):
    r = subprocess.run(["patch", "-p1", "--forward", "--no-backup-if-mismatch", "-r", "-", "-s", "-d", dest,
                        "-i", patch], capture_output=True, text=True)
    if r.returncode:
        sys.exit(MSG["moved"][i18n.default()].format(patch=os.path.basename(patch))
                 + (r.stdout + r.stderr).strip().splitlines()[0])


def prepare(name, folder, prefix):
    patch = os.path.join(folder, name + ".patch")
    if not os.path.exists(patch):
        sys.exit(MSG["no lab"][i18n.default()].format(name=name, names=", ".join(names(folder))))
    dest = os.path.join(REPO, "build", f"{prefix}-{name}")
    copy_tree(dest)
    apply(patch, dest)
    return dest


def build(name, targets=("all",)):
    """The bug's tree under build/bug-NAME, built; the path of its kernel.elf."""
    dest = prepare(name, BUGS, "bug")
    r = subprocess.run(["make", "-s", "-C", dest, "BUG=", *targets], capture_output=True, text=True)
    if r.returncode:
        sys.exit(MSG["failed"][i18n.default()].format(name=name) + (r.stdout + r.stderr)[-2000:])
    return os.path.join(dest, "build", "kernel.elf")



def stub(name, fresh=False):
    """build/lab-NAME/: the tree with NAME stubbed out, for the student to fill in. An existing one is
    the student's work: kept, unless @fresh."""
    dest = os.path.join(REPO, "build", f"lab-{name}")
    if fresh or not os.path.exists(os.path.join(dest, "kernel")):
        prepare(name, STUBS, "lab")
    return dest


def judge(name, dest=None):
    """(passed, failed, output) of the stub's unit tests, built from the lab tree @dest."""
    dest = dest or stub(name)
    test = STUB_TESTS[name]
    r = subprocess.run(["make", "-s", "-C", dest, "BUG=", f"build/unit/{test}"], capture_output=True, text=True)
    if r.returncode:
        return 0, 1, "the lab tree does not build:\n" + (r.stdout + r.stderr)[-3000:]
    r = subprocess.run([os.path.join(dest, "build", "unit", test)], capture_output=True, text=True, cwd=dest)
    lines = r.stdout.splitlines()
    passed = sum(l.startswith("ok - ") for l in lines)
    failed = sum(l.startswith("not ok - ") for l in lines) or (1 if r.returncode else 0)
    return passed, failed, r.stdout + r.stderr[-3000:]


def main(argv):
    argv, lang = i18n.take_lang(argv)
    lang = lang or i18n.default()
    if argv[1:] == ["--list"]:
        for n in names():
            topo, symptom = BRIEFS[n]
            print(f"bug  {n:18} TOPOLOGY={topo:9} {symptom[lang]}")
        for n in names(STUBS):
            print(f"stub {n:18} {STUB_LINE[lang].format(name=n)}")
        return 0
    if len(argv) == 3 and argv[1] == "build":
        print(build(argv[2]))
        return 0
    if len(argv) in (3, 4) and argv[1] == "stub" and argv[3:] in ([], ["--fresh"]):
        print(stub(argv[2], fresh=bool(argv[3:])))
        return 0
    print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
