#!/usr/bin/python3
"""Check a lesson exercise's answer.

    python3 lessons/check.py --list                 the exercises
    python3 lessons/check.py 03-sections 48         right (exit 0) or not yet (exit 1)
    python3 lessons/check.py --reveal 03-sections   the answer and where it comes from

Predict, then verify (a machine you have not seen; one boot of the replay grades a sheet):

    python3 lessons/check.py sheet 03 --seed 7 [--out FILE]     lesson 03's questions (or all, capstone)
    python3 lessons/check.py grade FILE                         boot that machine, grade, explain
    python3 lessons/check.py key 03|all|capstone --seed 7       the answer key, from the running kernel

Labs (lessons/labs/README.md):

    python3 lessons/check.py lab NAME --answer FILE     grade a planted-bug diagnosis (--reveal: the key)
    python3 lessons/check.py implement NAME             run the unit tests on your build/lab-NAME
    python3 lessons/check.py model NAME                 an open exercise's model answer, with today's numbers

The answers are not written down anywhere: each is computed from what real Linux printed on the
same QEMU machine (tests/oracle/data/NAME.facts.json, measured by scripts/oracle) or from the
checkpoint table, so they stay right when the machines change. Numbers may be decimal or 0x hex.

Every command speaks English or Chinese: --lang en|zh (anywhere on the line), else the locale
(LANG=zh_CN.UTF-8 is Chinese); grade answers in the language of its sheet unless --lang is given.
The grades, keys and numbers are the same in both languages.
"""
import json
import os
import subprocess
import sys

LESSONS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(LESSONS)
sys.path[:0] = [os.path.join(REPO, "gdb"), LESSONS]
from mm_step import checkpoints  # noqa: E402
import i18n  # noqa: E402
from i18n import text  # noqa: E402

PAGE_SHIFT, SECTION_SHIFT, VMEMMAP, STRUCT_PAGE = 12, 27, 0xffffea0000000000, 64


def facts(topology):
    with open(os.path.join(REPO, "tests", "oracle", "data", f"{topology}.facts.json")) as f:
        return json.load(f)


def pages(ranges):
    return sum((r["end"] + 1 - r["start"]) >> PAGE_SHIFT for r in ranges)


def sections(ranges):
    found = set()
    for r in ranges:
        found |= set(range(r["start"] >> SECTION_SHIFT, (r["end"] >> SECTION_SHIFT) + 1))
    return found


def zone(topology, node, name):
    return next(z for z in facts(topology)["zoneinfo"] if z["node"] == node and z["zone"] == name)


def zone_range(topology, name):
    return next(z for z in facts(topology)["zone_ranges"] if z["zone"] == name)


# name: (lesson, question, answer function, how it is computed); question and explanation in both languages
EXERCISES = {
    "00-stops": ("00", text(en="On two-node, how many times does mm-step stop between the first and the last "
                               "checkpoint (both included)?",
                            zh="在 two-node 上，从第一个检查点到最后一个检查点（两端都算），mm-step 共停几次？"),
                 lambda: sum(2 if cp.per_node else 1 for cp in checkpoints.TABLE),
                 text(en="one stop per checkpoint, 2 for each per-node checkpoint (2 nodes)",
                      zh="每个检查点停一次，按节点执行的检查点停 2 次（2 个节点）")),
    "01-memory-pages": ("01", text(en="On one-node, how many pages does memblock.memory hold after "
                                      "e820__memblock_setup?",
                                   zh="在 one-node 上，e820__memblock_setup 之后 memblock.memory 有多少页？"),
                        lambda: pages(facts("one-node")["early_node_ranges"]),
                        text(en="the sum of the 'Early memory node ranges', in 4 KiB pages",
                             zh="'Early memory node ranges' 各行之和，以 4 KiB 的页计")),
    "01-last-pfn": ("01", text(en="On two-node, what is max_pfn (the first 'last_pfn = ...' line)?",
                               zh="在 two-node 上，max_pfn 是多少（第一行 'last_pfn = ...'）？"),
                    lambda: facts("two-node")["last_pfn"][0]["last_pfn"],
                    text(en="one past the last usable page of the e820 map",
                         zh="e820 内存表中最后一个可用页的下一个页帧号")),
    "02-node1-start": ("02", text(en="On q35-odd, at which physical address does node 1's memory start?",
                                  zh="在 q35-odd 上，节点 1 的内存从哪个物理地址开始？"),
                       lambda: min(r["start"] for r in facts("q35-odd")["early_node_ranges"] if r["node"] == 1),
                       text(en="the SRAT puts node 1 right after node 0's 1280 MiB; memblock regions get nid 1 from "
                               "there",
                            zh="SRAT 把节点 1 紧接在节点 0 的 1280 MiB 之后；从那里起的 memblock 区域得到节点号 1")),
    "03-sections": ("03", text(en="On two-node, how many memory sections are present?",
                               zh="在 two-node 上，有多少个 section 存在？"),
                    lambda: len(sections(facts("two-node")["early_node_ranges"])),
                    text(en="every 128 MiB section that a memblock.memory range touches",
                         zh="每个被 memblock.memory 范围触及的 128 MiB section")),
    "03-first-node1-section": ("03", text(en="On two-node, what is the number of node 1's first present section?",
                                          zh="在 two-node 上，节点 1 的第一个存在的 section 是几号？"),
                               lambda: min(sections([r for r in facts("two-node")["early_node_ranges"]
                                                     if r["node"] == 1])),
                               text(en="0x100000000 >> 27: node 1 starts at 4 GiB",
                                    zh="0x100000000 >> 27：节点 1 从 4 GiB 开始")),
    "04-struct-page": ("04", text(en="At which virtual address is the struct page of pfn 0x100000?",
                                  zh="pfn 0x100000 的 struct page 位于哪个虚拟地址？"),
                       lambda: VMEMMAP + 0x100000 * STRUCT_PAGE,
                       text(en="vmemmap 0xffffea0000000000 + pfn * sizeof(struct page) (64)",
                            zh="vmemmap 0xffffea0000000000 + pfn * sizeof(struct page)（64）")),
    "05-max-dma32-pfn": ("05", text(en="On two-node, what is max_zone_pfns[ZONE_DMA32]?",
                                    zh="在 two-node 上，max_zone_pfns[ZONE_DMA32] 是多少？"),
                         lambda: (zone_range("two-node", "DMA32")["end"] + 1) >> PAGE_SHIFT,
                         text(en="min(MAX_DMA32_PFN, max_low_pfn): the 4 GiB boundary",
                              zh="min(MAX_DMA32_PFN, max_low_pfn)：4 GiB 的边界")),
    "06-q35-dma32-end": ("06", text(en="On q35-odd, what is the last byte of the DMA32 zone range?",
                                    zh="在 q35-odd 上，DMA32 管理区范围的最后一个字节是什么？"),
                         lambda: zone_range("q35-odd", "DMA32")["end"],
                         text(en="(arch_zone_highest_possible_pfn[ZONE_DMA32] << PAGE_SHIFT) - 1: the last byte "
                                 "below 4 GiB, though the RAM below 4 GiB ends at 2 GiB on q35 (a zone range is a limit, not memory)",
                              zh="(arch_zone_highest_possible_pfn[ZONE_DMA32] << PAGE_SHIFT) - 1：4 GiB 以下的最后"
                                 "一个字节，尽管在 q35 上 4 GiB 以下的内存到 2 GiB 就结束了（管理区范围是界限，不是内存）")),
    "07-dma-present": ("07", text(en="On one-node, how many pages are present in zone DMA?",
                                  zh="在 one-node 上，DMA 管理区有多少页 present？"),
                       lambda: zone("one-node", 0, "DMA")["present"],
                       text(en="spanned 4095 (pfn 1..0xfff) minus the hole 0x9f..0xff",
                            zh="spanned 4095（pfn 1..0xfff）减去空洞 0x9f..0xff")),
    "07-q35-absent": ("07", text(en="On q35-odd, how many pages of node 1's DMA32 zone are absent (holes)?",
                                 zh="在 q35-odd 上，节点 1 的 DMA32 管理区有多少页 absent（空洞）？"),
                      lambda: zone("q35-odd", 1, "DMA32")["spanned"] - zone("q35-odd", 1, "DMA32")["present"],
                      text(en="spanned - present: the zone spans [0x50000, 0x100000) but RAM ends at 0x7ffdf; absent "
                              "are the 2-4 GiB PCI hole (0x80000-0xfffff, 524288 pages) and the 33 pages "
                              "0x7ffdf-0x7ffff that SeaBIOS reserves in the e820 map on q35",
                           zh="spanned - present：该管理区跨越 [0x50000, 0x100000)，但内存在 0x7ffdf 处结束；absent "
                              "的是 2-4 GiB 的 PCI 空洞（0x80000-0xfffff，524288 页）和 SeaBIOS 在 q35 上于 e820 "
                              "内存表中保留的 33 页 0x7ffdf-0x7ffff")),
    "08-memmap-pages": ("08", text(en="On one-node, how many pages does free_area_init_core charge to the DMA32 "
                                      "memmap ('DMA32 zone: N pages used for memmap')?",
                                   zh="在 one-node 上，free_area_init_core 给 DMA32 的 memmap 记了多少页"
                                      "（'DMA32 zone: N pages used for memmap'）？"),
                        lambda: -(-zone("one-node", 0, "DMA32")["spanned"] * STRUCT_PAGE // 4096),
                        text(en="calc_memmap_size: PAGE_ALIGN(spanned * sizeof(struct page)) >> PAGE_SHIFT (present "
                                "instead when the holes exceed present/16; not so here)",
                             zh="calc_memmap_size：PAGE_ALIGN(spanned * sizeof(struct page)) >> PAGE_SHIFT（空洞超过 "
                                "present/16 时改用 present；这里不是这样）")),
    "09-unavailable": ("09", text(en="On two-node, how many struct pages have no memory behind them (4.19: "
                                     "'Zeroed struct page in unavailable ranges: N pages'; 6.1: the sum of its "
                                     "'pages in unavailable ranges' lines)?",
                                  zh="在 two-node 上，有多少个 struct page 背后没有内存（4.19：'Zeroed struct page "
                                     "in unavailable ranges: N pages'；6.1：各行 'pages in unavailable ranges' 之和）？"),
                       lambda: sum(u["pages"] for u in facts("two-node")["unavailable"]),
                       text(en="pfn 0, the 640 KiB-1 MiB hole, and the tail of node 0's last section",
                            zh="pfn 0、640 KiB-1 MiB 的空洞，以及节点 0 最后一个 section 的尾部")),
    "10-section-of-pfn": ("10", text(en="On one-node, in which section is pfn 0x7ffdf (the last usable page)?",
                                     zh="在 one-node 上，pfn 0x7ffdf（最后一个可用页）在哪个 section 里？"),
                          lambda: 0x7ffdf >> (SECTION_SHIFT - PAGE_SHIFT),
                          text(en="pfn >> PFN_SECTION_SHIFT (15)", zh="pfn >> PFN_SECTION_SHIFT（15）")),
}

def same(given, right):
    try:
        return int(given.replace("_", ""), 0) == right
    except ValueError:
        return False


SUBCOMMANDS = ("sheet", "grade", "key", "lab", "implement", "model")
MSG = {
    "questions": text(en="{path}: {n} questions about the machine", zh="{path}：关于这台机器的 {n} 道题"),
    "booting": text(en="booting the replay on: {machine}", zh="在这台机器上启动回放内核：{machine}"),
    "hint": text(en="not yet -- {hint}", zh="还不对——{hint}"),
    "passed": text(en="right: all the unit tests pass", zh="正确：全部单元测试通过"),
    "not yet": text(en="not yet", zh="还不对"),
    "right": text(en="right", zh="正确"),
    "try again": text(en="not yet: try again, or --reveal", zh="还不对：再想想，或者用 --reveal 看答案"),
    "reveal": text(en="{q}\n  answer: {a} ({a:#x})\n  because: {why}", zh="{q}\n  答案：{a}（{a:#x}）\n  理由：{why}"),
    "need seed": text(en="--seed N is needed", zh="需要 --seed N"),
    "no lab": text(en="no lab {name!r} (labs: {names})", zh="没有实验 {name!r}（实验有：{names}）"),
    "need answer": text(en="--answer FILE (lines phase:, function:, structure:, command:) or --reveal",
                        zh="需要 --answer FILE（含 phase:、function:、structure:、command: 四行）或 --reveal"),
    "no open": text(en="no open exercise {name!r} (open exercises: {names})",
                    zh="没有开放练习 {name!r}（开放练习有：{names}）"),
}


def course_main(argv, lang):
    """The sheet / grade / key / lab / implement / model subcommands in language @lang (None: the
    sheet's for grade, else the locale's); None when argv is none of them."""
    import argparse
    import course
    if len(argv) < 2 or argv[1] not in SUBCOMMANDS:
        return None
    ap = argparse.ArgumentParser(prog="check.py " + argv[1])
    ap.add_argument("what", help="lesson (00-10), all or capstone; a sheet file; a lab name")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--out")
    ap.add_argument("--answer")
    ap.add_argument("--reveal", action="store_true")
    args = ap.parse_args(argv[2:])
    say = lang or i18n.default()           # the language of an error before the sheet is read
    if argv[1] == "sheet":
        if args.seed is None:
            ap.error(MSG["need seed"][say])
        lang = say
        path = args.out or f"sheet-{args.what}-{args.seed}.txt"
        course.write_sheet(args.seed, args.what, path, lang)
        m = course.Machine.of(args.seed)
        print(MSG["questions"][lang].format(path=path, n=len(course.sheet_items(m, args.what))) + f"\n  {m.opts}"
              + (f"\n  {course.SHEET['cmdline'][lang].format(cmdline=m.cmdline)}" if m.cmdline else ""))
        return 0
    if argv[1] in ("grade", "key"):
        if argv[1] == "grade":
            which, seed, answers, sheet_lang = course.read_sheet(args.what)
            lang = lang or sheet_lang
        else:
            if args.seed is None:
                ap.error(MSG["need seed"][say])
            which, seed, answers, lang = args.what, args.seed, {}, say
        m = course.Machine.of(seed)
        course.sheet_items(m, which, lang)             # an unknown lesson fails before the boot
        print(MSG["booting"][lang].format(machine=f"{m.opts} {m.cmdline}".rstrip()), flush=True)
        st = course.gather(m, course.pfns_needed(m, which))
        results = course.grade(which, seed, answers, st, lang)
        if argv[1] == "key":
            for key, _, right, _, why, cmd in results:
                print(f"{key} = {right}\n    {why}\n    {i18n.label('see', lang)}: {cmd}")
            return 0
        report, score = course.report(results, lang)
        print(report)
        return 0 if score == len(results) else 1
    lang = say
    if argv[1] == "lab":
        if args.what not in course.DIAGNOSES:
            ap.error(MSG["no lab"][lang].format(name=args.what, names=", ".join(course.DIAGNOSES)))
        key = course.DIAGNOSES[args.what]
        if args.reveal:
            print(f"phase: {key['phase']}\nfunction: {key['functions'][0]}\nstructure: {key['structures'][0]}\n"
                  f"command: {key['commands'][0]}\n\n{key['why'][lang]}")
            return 0
        if not args.answer:
            ap.error(MSG["need answer"][lang])
        results = course.grade_diagnosis(args.what, course.read_diagnosis(args.answer), lang)
        for field, ok, hint in results:
            print(f"  {'ok' if ok else 'XX'} {field}" + ("" if ok else ": " + MSG["hint"][lang].format(hint=hint)))
        score = sum(ok for _, ok, _ in results)
        print(f"{i18n.label('score', lang)}: {score}/{len(results)}"
              + (f"\n{key['why'][lang]}" if score == len(results) else ""))
        return 0 if score == len(results) else 1
    if argv[1] == "model":
        if args.what not in course.OPEN:
            ap.error(MSG["no open"][lang].format(name=args.what, names=", ".join(course.OPEN)))
        answer, command = course.model(args.what, lang)
        print(answer, flush=True)
        return subprocess.run(["bash", "-c", command], cwd=REPO).returncode
    ok, report = course.implement(args.what, lang)
    print(report.strip())
    print(MSG["passed" if ok else "not yet"][lang])
    return 0 if ok else 1


def main(argv):
    argv, lang = i18n.take_lang(argv)
    status = course_main(argv, lang)
    if status is not None:
        return status
    lang = lang or i18n.default()
    if len(argv) == 2 and argv[1] == "--list":
        for name, (lesson, q, *_rest) in EXERCISES.items():
            print(f"{name:24} {q[lang]}")
        return 0
    if len(argv) == 3 and argv[1] == "--reveal" and argv[2] in EXERCISES:
        _, q, answer, why = EXERCISES[argv[2]]
        print(MSG["reveal"][lang].format(q=q[lang], a=answer(), why=why[lang]))
        return 0
    if len(argv) != 3 or argv[1] not in EXERCISES:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    right = EXERCISES[argv[1]][2]()
    if same(argv[2], right):
        print(MSG["right"][lang])
        return 0
    print(MSG["try again"][lang])
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
