#!/usr/bin/env python3
"""Check a lesson exercise's answer.

    python3 lessons/check.py --list                 the exercises
    python3 lessons/check.py 03-sections 48         right (exit 0) or not yet (exit 1)
    python3 lessons/check.py --reveal 03-sections   the answer and where it comes from

Predict, then verify (a machine you have not seen; one boot of the replay grades a sheet):

    python3 lessons/check.py sheet 03 --seed 7 [--out FILE]     lesson 03's questions (or all, capstone; --lang zh)
    python3 lessons/check.py grade FILE                         boot that machine, grade, explain
    python3 lessons/check.py key 03|all|capstone --seed 7       the answer key, from the running kernel

Labs (lessons/labs/README.md):

    python3 lessons/check.py lab NAME --answer FILE     grade a planted-bug diagnosis (--reveal: the key)
    python3 lessons/check.py implement NAME             run the unit tests on your build/lab-NAME
    python3 lessons/check.py model NAME                 an open exercise's model answer, with today's numbers

The answers are not written down anywhere: each is computed from what real Linux printed on the
same QEMU machine (tests/oracle/data/NAME.facts.json, measured by scripts/oracle) or from the
checkpoint table, so they stay right when the machines change. Numbers may be decimal or 0x hex.
"""
import json
import os
import subprocess
import sys

LESSONS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(LESSONS)
sys.path[:0] = [os.path.join(REPO, "gdb"), LESSONS]
from mm_step import checkpoints  # noqa: E402

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


# name: (lesson, question, answer function, how it is computed)
EXERCISES = {
    "00-stops": ("00", "On two-node, how many times does mm-step stop between the first and the last checkpoint "
                 "(both included)?",
                 lambda: sum(2 if cp.per_node else 1 for cp in checkpoints.TABLE),
                 "one stop per checkpoint, two for each per-node checkpoint (2 nodes)"),
    "01-memory-pages": ("01", "On one-node, how many pages does memblock.memory hold after e820__memblock_setup?",
                        lambda: pages(facts("one-node")["early_node_ranges"]),
                        "the sum of the 'Early memory node ranges', in 4 KiB pages"),
    "01-last-pfn": ("01", "On two-node, what is max_pfn (the first 'last_pfn = ...' line)?",
                    lambda: facts("two-node")["last_pfn"][0]["last_pfn"],
                    "one past the last usable page of the e820 map"),
    "02-node1-start": ("02", "On q35-odd, at which physical address does node 1's memory start?",
                       lambda: min(r["start"] for r in facts("q35-odd")["early_node_ranges"] if r["node"] == 1),
                       "the SRAT puts node 1 right after node 0's 1280 MiB; memblock regions get nid 1 from there"),
    "03-sections": ("03", "On two-node, how many memory sections are present?",
                    lambda: len(sections(facts("two-node")["early_node_ranges"])),
                    "every 128 MiB section that a memblock.memory range touches"),
    "03-first-node1-section": ("03", "On two-node, what is the number of node 1's first present section?",
                               lambda: min(sections([r for r in facts("two-node")["early_node_ranges"]
                                                     if r["node"] == 1])),
                               "0x100000000 >> 27"),
    "04-struct-page": ("04", "At which virtual address is the struct page of pfn 0x100000?",
                       lambda: VMEMMAP + 0x100000 * STRUCT_PAGE,
                       "vmemmap 0xffffea0000000000 + pfn * sizeof(struct page) (64)"),
    "05-max-dma32-pfn": ("05", "On two-node, what is max_zone_pfns[ZONE_DMA32]?",
                         lambda: (zone_range("two-node", "DMA32")["end"] + 1) >> PAGE_SHIFT,
                         "min(MAX_DMA32_PFN, max_low_pfn): the 4 GiB boundary"),
    "06-q35-dma32-end": ("06", "On q35-odd, what is the last byte of the DMA32 zone range?",
                         lambda: zone_range("q35-odd", "DMA32")["end"],
                         "(arch_zone_highest_possible_pfn[ZONE_DMA32] << PAGE_SHIFT) - 1, as free_area_init_nodes "
                         "prints it"),
    "07-dma-present": ("07", "On one-node, how many pages are present in zone DMA?",
                       lambda: zone("one-node", 0, "DMA")["present"],
                       "spanned 4095 (pfn 1..0xfff) minus the hole 0x9f..0xff"),
    "07-q35-absent": ("07", "On q35-odd, how many pages of node 1's DMA32 zone are absent (holes)?",
                      lambda: zone("q35-odd", 1, "DMA32")["spanned"] - zone("q35-odd", 1, "DMA32")["present"],
                      "spanned - present: the zone spans [0x50000, 0x100000) but RAM ends at 0x7ffdf; absent are "
                      "the 2-4 GiB PCI hole (0x80000-0xfffff, 524288 pages) and the 33 pages 0x7ffdf-0x7ffff that "
                      "SeaBIOS reserves in the e820 map on q35"),
    "08-memmap-pages": ("08", "On one-node, how many pages does free_area_init_core charge to the DMA32 memmap "
                        "('DMA32 zone: N pages used for memmap')?",
                        lambda: -(-zone("one-node", 0, "DMA32")["spanned"] * STRUCT_PAGE // 4096),
                        "calc_memmap_size: PAGE_ALIGN(spanned * sizeof(struct page)) >> PAGE_SHIFT (present instead when the holes exceed present/16; not so here)"),
    "09-unavailable": ("09", "On two-node, how many struct pages have no memory behind them (4.19: 'Zeroed struct "
                       "page in unavailable ranges: N pages'; 6.1: the sum of its 'pages in unavailable ranges' lines)?",
                       lambda: sum(u["pages"] for u in facts("two-node")["unavailable"]),
                       "pfn 0, the 640 KiB-1 MiB hole, and the tail of node 0's last section"),
    "10-section-of-pfn": ("10", "On one-node, in which section is pfn 0x7ffdf (the last usable page)?",
                          lambda: 0x7ffdf >> (SECTION_SHIFT - PAGE_SHIFT),
                          "pfn >> PFN_SECTION_SHIFT (15)"),
}


def same(given, right):
    try:
        return int(given.replace("_", ""), 0) == right
    except ValueError:
        return False


SUBCOMMANDS = ("sheet", "grade", "key", "lab", "implement", "model")


def course_main(argv):
    """The sheet / grade / key / lab / implement subcommands; None when argv is none of them."""
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
    ap.add_argument("--lang", choices=("en", "zh"), default="en", help="the sheet's language")
    args = ap.parse_args(argv[2:])
    if argv[1] == "sheet":
        if args.seed is None:
            ap.error("--seed N is needed")
        path = args.out or f"sheet-{args.what}-{args.seed}.txt"
        course.write_sheet(args.seed, args.what, path, args.lang)
        m = course.Machine.of(args.seed)
        print(f"{path}: {len(course.sheet_items(m, args.what))} questions about the machine\n  {m.opts}"
              + (f"\n  kernel command line: {m.cmdline}" if m.cmdline else ""))
        return 0
    if argv[1] in ("grade", "key"):
        if argv[1] == "grade":
            which, seed, answers = course.read_sheet(args.what)
        else:
            if args.seed is None:
                ap.error("--seed N is needed")
            which, seed, answers = args.what, args.seed, {}
        m = course.Machine.of(seed)
        course.sheet_items(m, which)                   # an unknown lesson fails before the boot
        print(f"booting the replay on: {m.opts} {m.cmdline}".rstrip(), flush=True)
        st = course.gather(m, course.pfns_needed(m, which))
        lang = course.sheet_language(args.what) if argv[1] == "grade" else args.lang
        results = course.grade(which, seed, answers, st, lang)
        if argv[1] == "key":
            for key, _, right, _, why, cmd in results:
                print(f"{key} = {right}\n    {why}\n    see: {cmd}")
            return 0
        text, score = course.report(results, lang)
        print(text)
        return 0 if score == len(results) else 1
    if argv[1] == "lab":
        if args.what not in course.DIAGNOSES:
            ap.error(f"no lab {args.what!r} (labs: {', '.join(course.DIAGNOSES)})")
        key = course.DIAGNOSES[args.what]
        if args.reveal:
            print(f"phase: {key['phase']}\nfunction: {key['functions'][0]}\nstructure: {key['structures'][0]}\n"
                  f"command: {key['commands'][0]}\n\n{key['why']}")
            return 0
        if not args.answer:
            ap.error("--answer FILE (lines phase:, function:, structure:, command:) or --reveal")
        results = course.grade_diagnosis(args.what, course.read_diagnosis(args.answer), args.lang)
        not_yet = {"en": "not yet -- ", "zh": "还不对——"}[args.lang]
        for field, ok, hint in results:
            print(f"  {'ok' if ok else 'XX'} {field}" + ("" if ok else f": {not_yet}{hint}"))
        score = sum(ok for _, ok, _ in results)
        print(f"score: {score}/{len(results)}" + (f"\n{key['why']}" if score == len(results) else ""))
        return 0 if score == len(results) else 1
    if argv[1] == "model":
        if args.what not in course.OPEN:
            ap.error(f"no open exercise {args.what!r} (open exercises: {', '.join(course.OPEN)})")
        text, command = course.model(args.what)
        print(text, flush=True)
        return subprocess.run(["bash", "-c", command], cwd=REPO).returncode
    ok, text = course.implement(args.what)
    print(text.strip())
    print("right: all the unit tests pass" if ok else "not yet")
    return 0 if ok else 1


def main(argv):
    status = course_main(argv)
    if status is not None:
        return status
    if len(argv) == 2 and argv[1] == "--list":
        for name, (lesson, q, *_rest) in EXERCISES.items():
            print(f"{name:24} {q}")
        return 0
    if len(argv) == 3 and argv[1] == "--reveal" and argv[2] in EXERCISES:
        _, q, answer, why = EXERCISES[argv[2]]
        a = answer()
        print(f"{q}\n  answer: {a} ({a:#x})\n  because: {why}")
        return 0
    if len(argv) != 3 or argv[1] not in EXERCISES:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    right = EXERCISES[argv[1]][2]()
    if same(argv[2], right):
        print("right")
        return 0
    print("not yet: try again, or --reveal")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
