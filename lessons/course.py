"""The course's graded work: predict-then-verify exercises per lesson, the capstone, the planted-bug
diagnoses and the implement-a-function labs (lessons/check.py is the command line).

Nothing here holds a right answer. An exercise names a question about a machine the student has not
seen (scripts/quiz's generator, from a seed) and how to read the answer from the running kernel; the
grader boots the replay on that machine once (scripts/mm-gdb, batch), exports its structures at three
checkpoints (`mm export`), reads its log (scripts/oracle/linuxlog.py) and the struct pages it needs,
and compares. The feedback explains the right answer with the numbers of that boot and names the
command that shows it, so it cannot go stale while the replay converges on Linux 4.19.

Every text here is in English and Chinese side by side (i18n.text); a language is "en" or "zh".
"""
import importlib.machinery
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import Callable

LESSONS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(LESSONS)
sys.path[:0] = [os.path.join(REPO, "scripts"), os.path.join(REPO, "scripts", "oracle"), os.path.join(LESSONS, "labs"),
                LESSONS]
_loader = importlib.machinery.SourceFileLoader("quiz", os.path.join(REPO, "scripts", "quiz"))
quiz = importlib.util.module_from_spec(importlib.util.spec_from_loader("quiz", _loader))
_loader.exec_module(quiz)
import bug  # noqa: E402
import linuxlog  # noqa: E402
import i18n  # noqa: E402
from i18n import label, text  # noqa: E402

PAGE_SHIFT = quiz.PAGE_SHIFT
PFN_SECTION_SHIFT = quiz.SECTION_SHIFT - PAGE_SHIFT
MAX_ORDER = 11
PAGE_TYPE_BASE, PG_BUDDY = 0xf0000000, 0x80
ZONES = quiz.ZONES
EXPORTS = ("e820__memblock_setup", "numa_init", "last")


# ---------------------------------------------------------------- the machine and its questions

@dataclass
class Machine:
    seed: int
    opts: str
    cmdline: str
    sizes: list          # MiB per -numa node, None without -numa

    @classmethod
    def of(cls, seed):
        return cls(seed, *quiz.machine(seed))

    def with_memory(self):
        """The nodes with memory; with mem= only node 0 is sure to keep some."""
        if "numa=off" in self.cmdline or self.sizes is None:
            return [0]
        if "mem=" in self.cmdline:
            return [0]
        return [i for i, s in enumerate(self.sizes) if s]

    def limit_pfn(self):
        """The end of RAM as the student can read it off the options (mem= or -m), in pages."""
        m = re.search(r"mem=(\d+)M", self.cmdline) or re.search(r"-m (\d+)M", self.opts)
        return int(m.group(1)) << (20 - PAGE_SHIFT)

    def params(self, salt):
        """The node, zone and pfns a sheet asks about: from the seed alone, the same every time."""
        rng = random.Random(self.seed * 104729 + salt)
        node = rng.choice(self.with_memory())
        zone = "DMA32" if node == 0 or self.sizes is None else rng.choice(["DMA32", "Normal"])
        # RAM for sure: below mem= / -m, and below 2 GiB, where q35's PCI hole can start
        limit = min(self.limit_pfn(), 0x80000)
        pfns = [p for p in (0x0, 0x9f, 0x100, 0x1000, 0x8000, 0x20000) if p < limit // 2]
        return node, zone, rng.choice(pfns), rng.randrange(0x100, limit) & ~0x3


# ---------------------------------------------------------------- what the kernel built

@dataclass
class State:
    """One boot of the replay on a machine: exports at e820__memblock_setup, numa_init and the last
    checkpoint, the parsed log, the checkpoint list and struct pages read with GDB."""
    exports: dict        # checkpoint -> mm export dict
    facts: dict          # linuxlog.parse of the serial log
    stops: int           # mm-step stops from the first checkpoint to the last
    page_size: int       # sizeof(struct page)
    pages: dict          # pfn -> {"struct": addr, "node", "zone", "reserved", "flags"}
    heads: dict          # pfn -> (page_type, private) of candidate buddy heads

    def last(self):
        return self.exports["last"]

    def node(self, nid):
        return next((n for n in self.last()["nodes"] if n["nid"] == nid), None)

    def zone(self, nid, name):
        n = self.node(nid)
        return next((z for z in n["zones"] if z["name"] == name), None) if n else None

    def present_sections(self):
        return sorted(s["nr"] for s in self.last()["sections"] or [] if s["section_mem_map"] & 1)

    def buddy_order(self, pfn):
        """The order of the free block holding @pfn, or None (not free)."""
        for order in range(MAX_ORDER):
            head = pfn & ~((1 << order) - 1)
            pt, private = self.heads.get(head, (0, 0))
            if pt & (PAGE_TYPE_BASE | PG_BUDDY) == PAGE_TYPE_BASE and private == order and pfn < head + (1 << order):
                return order
        return None


def buddy_heads(pfn):
    return sorted({pfn & ~((1 << o) - 1) for o in range(MAX_ORDER)})


PAGE_LINE = re.compile(r"^pfn (0x[0-9a-f]+)\s+phys \S+\s+struct page (0x[0-9a-f]+)\n\s+flags\s+(0x[0-9a-f]+)\s+node (\d+)"
                       r"\s+zone \d+ \((\w+)\)\s+\[([^\]]*)\]", re.M)


def gather(machine, pfns, kernel=None):
    """Boot @machine once under GDB and read everything the exercises need; a State."""
    env = dict(os.environ, **({"MM_STEP_KERNEL": kernel} if kernel else {}))
    with tempfile.TemporaryDirectory(prefix="mm-course-") as tmp:
        serial = os.path.join(tmp, "serial.log")
        cmd = [os.path.join(REPO, "scripts", "mm-gdb"), "--machine", machine.opts, "--cmdline", machine.cmdline,
               "--serial", serial, "-batch", "-ex", "printf \"sizeof %d\\n\", sizeof(struct page)"]
        for cp in EXPORTS:
            cmd += ["-ex", f"mm-goto {cp}", "-ex", f"mm export {tmp}/{cp}.json"]
        cmd += ["-ex", "mm-phases"]
        v = f"((struct page *){quiz.VMEMMAP:#x})"
        for pfn in sorted(set(pfns)):
            cmd += ["-ex", f"mm page {pfn:#x}"]
            for h in buddy_heads(pfn):
                cmd += ["-ex", f"printf \"head {h:#x} %u %lu\\n\", {v}[{h:#x}].page_type, {v}[{h:#x}].private"]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=env)
        try:
            exports = {}
            for cp in EXPORTS:
                with open(os.path.join(tmp, f"{cp}.json")) as f:
                    exports[cp] = json.load(f)
            with open(serial, errors="replace") as f:
                log = f.read()
        except OSError:
            raise SystemExit("course: the kernel did not reach its last checkpoint on this machine:\n"
                             + (r.stdout + r.stderr)[-2000:])
    out = r.stdout
    stops = 0
    for m in re.finditer(r"^(?:=>)?\s*\d+\. (\w+)\s+\w+\s+\S+(?:\s+nodes ([\d ]+))?$", out, re.M):
        stops += len(m.group(2).split()) if m.group(2) else 1
    pages = {int(m.group(1), 16): {"struct": int(m.group(2), 16), "flags": int(m.group(3), 16),
                                   "node": int(m.group(4)), "zone": m.group(5),
                                   "reserved": "reserved" in m.group(6).split()}
             for m in PAGE_LINE.finditer(out)}
    heads = {int(m.group(1), 16): (int(m.group(2)), int(m.group(3)))
             for m in re.finditer(r"^head (0x[0-9a-f]+) (\d+) (\d+)$", out, re.M)}
    size = re.search(r"^sizeof (\d+)$", out, re.M)
    # mm-goto may reset the machine: the serial file then holds several boots; the last one counts
    log = log[log.rfind("BIOS-provided physical RAM map"):]
    return State(exports, linuxlog.parse(log), stops, int(size.group(1)) if size else 64, pages, heads)


# ---------------------------------------------------------------- the exercises

@dataclass
class Exercise:
    key: str
    lesson: str
    kind: str                      # int | ranges | range | yesno | name | order
    ask: dict                      # lang -> (Machine, params) -> question
    right: Callable                # (State, params) -> answer text
    why: dict                      # lang -> (State, params, right) -> explanation
    see: str                       # the commands that show it (the same in both languages)


def gib(b):
    return f"{b / (1 << 30):.2f} GiB"


def regions(exp, kind):
    return [(r["base"], r["base"] + r["size"], r["nid"]) for r in exp[f"memblock_{kind}"]["regions"] if r["size"]]


def fmt_regions(rs):
    return ", ".join(f"[{a:#x}-{b - 1:#x}]" for a, b, _ in rs)


ZONE_EMPTY = text(en="node {nid} has no {name} pages (the zone is empty there)",
                  zh="节点 {nid} 没有 {name} 页（这个管理区在该节点上为空）")
ZONE_SPAN = text(en="node {nid} {name} spans pfns [{start:#x}, {end:#x}) = {spanned} pages, {present} present, "
                    "{managed} managed",
                 zh="节点 {nid} 的 {name} 管理区跨越 pfn [{start:#x}, {end:#x}) = {spanned} 页，present {present}，"
                    "managed {managed}")
NONE = text(en="none", zh="无")


def zone_line(st, nid, name, lang):
    z = st.zone(nid, name)
    if not z or not z["spanned_pages"]:
        return ZONE_EMPTY[lang].format(nid=nid, name=name)
    return ZONE_SPAN[lang].format(nid=nid, name=name, start=z["zone_start_pfn"], end=z["zone_start_pfn"] + z["spanned_pages"],
                       spanned=z["spanned_pages"], present=z["present_pages"], managed=z["managed_pages"])


def node_range(st, nid):
    n = st.node(nid)
    return n["node_start_pfn"], n["node_start_pfn"] + n["node_spanned_pages"]


def zone_range_text(st, name):
    z = next((z for z in st.facts["zone_ranges"] if z["zone"] == name), None)
    if z is None:
        return None
    return "empty" if z["empty"] else f"{z['start']:#x}-{z['end']:#x}"


def unit_of(exp, nid):
    return [r for r in regions(exp, "memory") if r[2] == nid]


def node_sections(st, nid):
    lo, hi = node_range(st, nid)
    return [s for s in st.present_sections() if lo <= s << PFN_SECTION_SHIFT < hi or
            (s << PFN_SECTION_SHIFT) <= lo < ((s + 1) << PFN_SECTION_SHIFT)]


def memmap_line(st, nid, zone):
    return next((e["pages"] for e in st.facts["zone_init_419"]
                 if e["node"] == nid and e["zone"] == zone and e["what"] == "memmap"), 0)


def journey_order(st, pfn):
    if st.pages[pfn]["reserved"]:
        return "reserved"
    o = st.buddy_order(pfn)
    return "allocated" if o is None else str(o)


BLOCK = text(en="; pfn {pfn:#x} is in the block at pfn {head:#x}", zh="；pfn {pfn:#x} 在从 pfn {head:#x} 开始的块里")


def block_of(pfn, r, lang):
    """Where the free block holding @pfn starts, when @r is its order."""
    return BLOCK[lang].format(pfn=pfn, head=pfn & ~((1 << int(r)) - 1)) if r.isdigit() else ""


# Each question and each explanation in English and Chinese, side by side; the explanations carry the
# numbers of the boot being graded.
EXERCISES = [
    Exercise("00.nodes", "00", "int",
             text(en=lambda m, p: "How many nodes (pg_data_t) does the kernel set up?",
                  zh=lambda m, p: "内核建立几个节点（pg_data_t）？"),
             lambda st, p: str(len(st.last()["nodes"])),
             text(en=lambda st, p, r: (f"{r} node(s): " + ", ".join(f"node {n['nid']} with {n['node_present_pages']} "
                                                                   "present pages" for n in st.last()["nodes"])
                                       + ". With -numa the SRAT names the nodes (a node with a CPU but no memory gets "
                                         "its pg_data_t later, from init_cpu_to_node -> init_memory_less_node); without "
                                         "-numa (or with numa=off) dummy_numa_init fakes one node over all memory."),
                  zh=lambda st, p, r: (f"{r} 个节点：" + "，".join(f"节点 {n['nid']} 有 {n['node_present_pages']} 个 "
                                                                "present 页" for n in st.last()["nodes"])
                                       + "。有 -numa 时，SRAT 给出节点（有 CPU 而没有内存的节点稍后由 init_cpu_to_node -> "
                                         "init_memory_less_node 得到 pg_data_t）；没有 -numa（或用 numa=off）时，"
                                         "dummy_numa_init 伪造一个覆盖全部内存的节点。")),
             "mm numa; mm-phases"),
    Exercise("00.stops", "00", "int",
             text(en=lambda m, p: "mm-step stops once per checkpoint, and once per node at the per-node ones. How "
                                  "many stops from the first checkpoint to the last, both included?",
                  zh=lambda m, p: "mm-step 在每个检查点停一次，在按节点执行的检查点上每个节点停一次。从第一个检查点"
                                  "到最后一个（两端都算）共停几次？"),
             lambda st, p: str(st.stops),
             text(en=lambda st, p, r: (f"{r}: the checkpoints of kernel/include/mm_step/checkpoints.def, the per-node "
                                       "ones (calculate_node_totalpages, free_area_init_core, free_area_init_node) "
                                       "once for each node free_area_init_nodes visits "
                                       f"({len(st.last()['nodes'])} here)."),
                  zh=lambda st, p, r: (f"{r}：kernel/include/mm_step/checkpoints.def 中的检查点，其中按节点执行的"
                                       "（calculate_node_totalpages、free_area_init_core、free_area_init_node）"
                                       f"对 free_area_init_nodes 处理的每个节点各停一次（这里 {len(st.last()['nodes'])} "
                                       "个节点）。")),
             "mm-goto last; mm-phases"),
    Exercise("01.memory-regions", "01", "int",
             text(en=lambda m, p: "After e820__memblock_setup, how many regions does memblock.memory hold?",
                  zh=lambda m, p: "e820__memblock_setup 之后，memblock.memory 有几个区域？"),
             lambda st, p: str(st.exports["e820__memblock_setup"]["memblock_memory"]["cnt"]),
             text(en=lambda st, p, r: (f"{r}: {fmt_regions(regions(st.exports['e820__memblock_setup'], 'memory'))}. "
                                       "One per usable e820 entry (RAM above the PCI hole is an entry of its own), "
                                       "without page 0 (trim_bios_range made it reserved) and the 640 KiB-1 MiB hole; "
                                       "partial pages are trimmed, and mem= cuts the top."),
                  zh=lambda st, p, r: (f"{r}：{fmt_regions(regions(st.exports['e820__memblock_setup'], 'memory'))}。"
                                       "每个可用（usable）的 e820 条目一个区域（PCI 空洞之上的内存是单独的条目），"
                                       "不含第 0 页（trim_bios_range 把它改成了 reserved）和 640 KiB-1 MiB 的空洞；"
                                       "不足一页的部分被裁掉，mem= 截掉顶部。")),
             "mm-goto e820__memblock_setup; mm memblock memory; mm e820"),
    Exercise("01.max-pfn", "01", "int",
             text(en=lambda m, p: "What is max_pfn (the first 'last_pfn = ...' line of the log)? Hex is fine.",
                  zh=lambda m, p: "max_pfn 是多少（日志中第一行 'last_pfn = ...'）？可以写十六进制。"),
             lambda st, p: hex(st.facts["last_pfn"][0]["last_pfn"]),
             text(en=lambda st, p, r: (f"{r}: one past the last page of usable RAM, {gib(int(r, 16) << PAGE_SHIFT)}; "
                                       "above 4 GiB when the PCI hole pushed RAM up there."),
                  zh=lambda st, p, r: (f"{r}：可用内存最后一页的下一个页帧号，{gib(int(r, 16) << PAGE_SHIFT)}；"
                                       "PCI 空洞把一部分内存推到 4 GiB 以上时，它也在那里。")),
             "mm log; mm e820"),
    Exercise("02.numa-blocks", "02", "int",
             text(en=lambda m, p: "After numa_init, how many blocks does numa_meminfo hold?",
                  zh=lambda m, p: "numa_init 之后，numa_meminfo 有几个块？"),
             lambda st, p: str(len(st.exports["numa_init"]["numa_meminfo"])),
             text(en=lambda st, p, r: (f"{r}: " + ", ".join(f"node {b['nid']} [{b['start']:#x}-{b['end'] - 1:#x}]"
                                                            for b in st.exports["numa_init"]["numa_meminfo"])
                                       + ". numa_cleanup_meminfo merges the blocks of one node that no other node's "
                                         "memory separates; without SRAT, dummy_numa_init adds one block for the "
                                         "whole of RAM."),
                  zh=lambda st, p, r: (f"{r}：" + "，".join(f"节点 {b['nid']} [{b['start']:#x}-{b['end'] - 1:#x}]"
                                                           for b in st.exports["numa_init"]["numa_meminfo"])
                                       + "。numa_cleanup_meminfo 把同一节点中没有被其他节点的内存隔开的块合并；"
                                         "没有 SRAT 时，dummy_numa_init 为全部内存添加一个块。")),
             "mm-goto numa_init; mm numa"),
    Exercise("02.node-start", "02", "int",
             text(en=lambda m, p: f"What is node {p[0]}'s node_start_pfn? Hex is fine.",
                  zh=lambda m, p: f"节点 {p[0]} 的 node_start_pfn 是多少？可以写十六进制。"),
             lambda st, p: hex(st.node(p[0])["node_start_pfn"]),
             text(en=lambda st, p, r: (f"{r}: the first pfn of node {p[0]}'s memblock.memory ranges "
                                       f"({fmt_regions(unit_of(st.last(), p[0]))}); node 0 starts at pfn 1 because "
                                       "page 0 is not usable RAM (trim_bios_range marks it reserved in the e820 table)."),
                  zh=lambda st, p, r: (f"{r}：节点 {p[0]} 的 memblock.memory 范围（{fmt_regions(unit_of(st.last(), p[0]))}）"
                                       "的第一个页帧号；节点 0 从 pfn 1 开始，因为第 0 页不是可用内存（trim_bios_range 在 e820 "
                                       "内存表中把它标为保留）。")),
             "mm pgdat N; mm memblock memory"),
    Exercise("03.sections", "03", "ranges",
             text(en=lambda m, p: "Which 128 MiB memory sections are present? Ranges, e.g. 0-23,32-47",
                  zh=lambda m, p: "哪些 128 MiB 的 section 存在（present）？写成范围，例如 0-23,32-47"),
             lambda st, p: quiz.ranges(st.present_sections()),
             text(en=lambda st, p, r: (f"{r}: every section (pfn >> {PFN_SECTION_SHIFT}) that a memblock.memory "
                                       f"range touches ({fmt_regions(regions(st.last(), 'memory'))}); sections in "
                                       "the PCI hole stay empty."),
                  zh=lambda st, p, r: (f"{r}：每个被某个 memblock.memory 范围触及的 section（pfn >> {PFN_SECTION_SHIFT}）"
                                       f"（{fmt_regions(regions(st.last(), 'memory'))}）；PCI 空洞里的 section 保持为空。")),
             "mm-goto sparse_memory_present_with_active_regions; mm sections"),
    Exercise("03.node-sections", "03", "int",
             text(en=lambda m, p: f"How many present sections hold node {p[0]}'s memory?",
                  zh=lambda m, p: f"节点 {p[0]} 的内存落在几个存在的 section 里？"),
             lambda st, p: str(len(node_sections(st, p[0]))),
             text(en=lambda st, p, r: (f"{r}: node {p[0]} spans pfns [{node_range(st, p[0])[0]:#x}, "
                                       f"{node_range(st, p[0])[1]:#x}), sections "
                                       f"{quiz.ranges(node_sections(st, p[0])) or NONE['en']}; a section only partly "
                                       "filled still counts."),
                  zh=lambda st, p, r: (f"{r}：节点 {p[0]} 跨越 pfn [{node_range(st, p[0])[0]:#x}, "
                                       f"{node_range(st, p[0])[1]:#x})，section "
                                       f"{quiz.ranges(node_sections(st, p[0])) or NONE['zh']}；只填了一部分的 section "
                                       "也算。")),
             "mm sections; mm pgdat N"),
    Exercise("04.struct-page", "04", "int",
             text(en=lambda m, p: f"At which virtual address is the struct page of pfn {p[2]:#x}?",
                  zh=lambda m, p: f"pfn {p[2]:#x} 的 struct page 位于哪个虚拟地址？"),
             lambda st, p: hex(st.pages[p[2]]["struct"]),
             text(en=lambda st, p, r: (f"{r} = vmemmap {quiz.VMEMMAP:#x} + {p[2]:#x} * sizeof(struct page) "
                                       f"({st.page_size}): SPARSEMEM_VMEMMAP makes pfn_to_page plain arithmetic."),
                  zh=lambda st, p, r: (f"{r} = vmemmap {quiz.VMEMMAP:#x} + {p[2]:#x} * sizeof(struct page)"
                                       f"（{st.page_size}）：SPARSEMEM_VMEMMAP 让 pfn_to_page 成为简单的算术。")),
             "mm page PFN; mm vmemmap PFN"),
    Exercise("04.memmap-mib", "04", "int",
             text(en=lambda m, p: "How many MiB of struct pages does sparse_init allocate in all (every present "
                                  "section)?",
                  zh=lambda m, p: "sparse_init 一共为 struct page 分配多少 MiB（所有存在的 section）？"),
             lambda st, p: str(len(st.present_sections()) * (st.page_size << PFN_SECTION_SHIFT) >> 20),
             text(en=lambda st, p, r: (f"{r} MiB: {len(st.present_sections())} present sections x 32768 pages x "
                                       f"{st.page_size} bytes = 2 MiB each, holes inside a section included."),
                  zh=lambda st, p, r: (f"{r} MiB：{len(st.present_sections())} 个存在的 section × 32768 页 × "
                                       f"{st.page_size} 字节 = 每个 2 MiB，section 内的空洞也算在内。")),
             "mm-goto sparse_init; mm sections; mm memblock reserved"),
    Exercise("05.dma32-range", "05", "range",
             text(en=lambda m, p: "The DMA32 line under 'Zone ranges:' (0xFIRST-0xLAST byte), or empty",
                  zh=lambda m, p: "'Zone ranges:' 下的 DMA32 一行（0x首字节-0x末字节），或 empty"),
             lambda st, p: zone_range_text(st, "DMA32"),
             text(en=lambda st, p, r: (f"{r}: from 16 MiB to min(4 GiB, end of RAM): max_zone_pfns[ZONE_DMA32] = "
                                       "min(MAX_DMA32_PFN, max_low_pfn), and on x86_64 init_mem_mapping has already "
                                       "raised max_low_pfn to max_pfn."),
                  zh=lambda st, p, r: (f"{r}：从 16 MiB 到 min(4 GiB, 内存末尾)：max_zone_pfns[ZONE_DMA32] = "
                                       "min(MAX_DMA32_PFN, max_low_pfn)，而在 x86_64 上 init_mem_mapping 已经把 "
                                       "max_low_pfn 提高到 max_pfn。")),
             "mm-goto free_area_init_nodes; mm log"),
    Exercise("05.normal-range", "05", "range",
             text(en=lambda m, p: "The Normal line under 'Zone ranges:' (0xFIRST-0xLAST byte), or empty",
                  zh=lambda m, p: "'Zone ranges:' 下的 Normal 一行（0x首字节-0x末字节），或 empty"),
             lambda st, p: zone_range_text(st, "Normal"),
             text(en=lambda st, p, r: (f"{r}: from 4 GiB to max_pfn; empty when no RAM lies above 4 GiB "
                                       "(x86_64 has no HIGHMEM: Normal is what is left above DMA32)."),
                  zh=lambda st, p, r: (f"{r}：从 4 GiB 到 max_pfn；4 GiB 以上没有内存时为空"
                                       "（x86_64 没有 HIGHMEM：Normal 就是 DMA32 之上剩下的部分）。")),
             "mm-goto free_area_init_nodes; mm log"),
    Exercise("06.early-ranges", "06", "int",
             text(en=lambda m, p: "How many lines follow 'Early memory node ranges'?",
                  zh=lambda m, p: "'Early memory node ranges' 下面有几行？"),
             lambda st, p: str(len(st.facts["early_node_ranges"])),
             text(en=lambda st, p, r: (f"{r}: one per memblock.memory region (for_each_mem_pfn_range): "
                                       f"{fmt_regions(regions(st.last(), 'memory'))}."),
                  zh=lambda st, p, r: (f"{r}：每个 memblock.memory 区域一行（for_each_mem_pfn_range）："
                                       f"{fmt_regions(regions(st.last(), 'memory'))}。")),
             "mm-goto free_area_init_nodes; mm log; mm memblock memory"),
    Exercise("06.node-end", "06", "int",
             text(en=lambda m, p: f"The last byte of node {p[0]}'s last early memory range? Hex is fine.",
                  zh=lambda m, p: f"'Early memory node ranges' 中节点 {p[0]} 的最后一个范围，它的最后一个字节是什么？"
                                  "可以写十六进制。"),
             lambda st, p: hex(max(r["end"] for r in st.facts["early_node_ranges"] if r["node"] == p[0])),
             text(en=lambda st, p, r: (f"{r}: the end of node {p[0]}'s memory as memblock has it after mem= and the "
                                       "e820 trims (whole pages only)."),
                  zh=lambda st, p, r: (f"{r}：经过 mem= 和 e820 的修剪之后（只留整页），memblock 中节点 {p[0]} "
                                       "内存的末尾。")),
             "mm log; mm memblock memory"),
    Exercise("07.spanned", "07", "int",
             text(en=lambda m, p: f"Node {p[0]}, zone {p[1]}: spanned pages (0 if the zone is empty there)?",
                  zh=lambda m, p: f"节点 {p[0]}，管理区 {p[1]}：spanned 页数（该管理区在这个节点上为空则写 0）？"),
             lambda st, p: str(st.zone(p[0], p[1])["spanned_pages"]),
             text(en=lambda st, p, r: (f"{r}: {zone_line(st, p[0], p[1], 'en')}; spanned = zone end - zone start, "
                                       "holes included, the zone clipped to the node."),
                  zh=lambda st, p, r: (f"{r}：{zone_line(st, p[0], p[1], 'zh')}；spanned = 管理区末尾 - 管理区起点，"
                                       "包括空洞，管理区先裁剪到节点的范围内。")),
             "mm-goto calculate_node_totalpages:N; mm zones N"),
    Exercise("07.absent", "07", "int",
             text(en=lambda m, p: f"Node {p[0]}, zone {p[1]}: absent pages (holes: spanned - present)?",
                  zh=lambda m, p: f"节点 {p[0]}，管理区 {p[1]}：absent 页数（空洞：spanned - present）？"),
             lambda st, p: str(st.zone(p[0], p[1])["spanned_pages"] - st.zone(p[0], p[1])["present_pages"]),
             text(en=lambda st, p, r: (f"{r}: {zone_line(st, p[0], p[1], 'en')}; absent = the pfns of the span no "
                                       f"memblock.memory range of node {p[0]} covers (zone_absent_pages_in_node)."),
                  zh=lambda st, p, r: (f"{r}：{zone_line(st, p[0], p[1], 'zh')}；absent = 跨度内没有被节点 {p[0]} "
                                       "的任何 memblock.memory 范围覆盖的页帧（zone_absent_pages_in_node）。")),
             "mm zones N; mm memblock memory"),
    Exercise("08.memmap-pages", "08", "int",
             text(en=lambda m, p: f"Node {p[0]}: '{p[1]} zone: N pages used for memmap' -- N? (0 if no such line)",
                  zh=lambda m, p: f"节点 {p[0]}：'{p[1]} zone: N pages used for memmap' 中的 N？（没有这一行则写 0）"),
             lambda st, p: str(memmap_line(st, p[0], p[1])),
             text(en=lambda st, p, r: (f"{r}: calc_memmap_size = PAGE_ALIGN(pages * sizeof(struct page)) >> "
                                       "PAGE_SHIFT, pages being spanned, or present when the holes are more than "
                                       f"present/16 ({zone_line(st, p[0], p[1], 'en')}); the zone is only charged "
                                       "for it, the struct pages came from sparse_init."),
                  zh=lambda st, p, r: (f"{r}：calc_memmap_size = PAGE_ALIGN(pages * sizeof(struct page)) >> "
                                       "PAGE_SHIFT，pages 取 spanned，空洞多于 present/16 时改取 present"
                                       f"（{zone_line(st, p[0], p[1], 'zh')}）；这只是记在管理区账上，struct page "
                                       "本身来自 sparse_init。")),
             "mm-goto free_area_init_core:N; mm log"),
    Exercise("08.zone-of-pfn", "08", "name",
             text(en=lambda m, p: f"Which zone's struct pages does pfn {p[3]:#x} belong to (DMA, DMA32, Normal, "
                                  "Movable)?",
                  zh=lambda m, p: f"pfn {p[3]:#x} 的 struct page 属于哪个管理区（DMA、DMA32、Normal、Movable）？"),
             lambda st, p: st.pages[p[3]]["zone"],
             text(en=lambda st, p, r: (f"{r}: memmap_init_zone wrote node {st.pages[p[3]]['node']} and zone {r} into "
                                       f"page->flags ({st.pages[p[3]]['flags']:#018x}): the zone whose span, clipped "
                                       "to the node, holds the pfn."),
                  zh=lambda st, p, r: (f"{r}：memmap_init_zone 把节点 {st.pages[p[3]]['node']} 和管理区 {r} 写进了 "
                                       f"page->flags（{st.pages[p[3]]['flags']:#018x}）：即跨度（裁剪到节点之后）"
                                       "包含该页帧的管理区。")),
             "mm page PFN"),
    Exercise("09.reserved", "09", "yesno",
             text(en=lambda m, p: f"After free_all_bootmem, is pfn {p[2]:#x} PG_reserved? yes or no",
                  zh=lambda m, p: f"free_all_bootmem 之后，pfn {p[2]:#x} 是 PG_reserved 吗？写 yes 或 no"),
             lambda st, p: "yes" if st.pages[p[2]]["reserved"] else "no",
             text(en=lambda st, p, r: (f"{r}: in 4.19 memmap_init_zone leaves boot-time struct pages without "
                                       "PG_reserved (mm page at free_area_init_core: flags [none]); free_all_bootmem marks "
                                       "every page of memblock.reserved PG_reserved (reserve_bootmem_region), then "
                                       "frees memblock.memory minus memblock.reserved to the buddy allocator."),
                  zh=lambda st, p, r: (f"{r}：在 4.19 中，memmap_init_zone 不给启动时的 struct page 置 PG_reserved"
                                       "（在 free_area_init_core 处 mm page 显示 flags [none]）；free_all_bootmem 把 memblock.reserved 的每一页标成 "
                                       "PG_reserved（reserve_bootmem_region），再把 memblock.memory 减去 "
                                       "memblock.reserved 的部分释放给伙伴系统。")),
             "mm page PFN; mm memblock reserved"),
    Exercise("09.dma-kept", "09", "int",
             text(en=lambda m, p: "Node 0, zone DMA: how many present pages does free_all_bootmem not free "
                                  "(present - managed)?",
                  zh=lambda m, p: "节点 0 的 DMA 管理区：有多少 present 页没有被 free_all_bootmem 释放"
                                  "（present - managed）？"),
             lambda st, p: str(st.zone(0, "DMA")["present_pages"] - st.zone(0, "DMA")["managed_pages"]),
             text(en=lambda st, p, r: (f"{r}: {zone_line(st, 0, 'DMA', 'en')}; the rest is memblock.reserved below "
                                       "16 MiB: "
                                       + fmt_regions([x for x in regions(st.last(), "reserved") if x[0] < 1 << 24])),
                  zh=lambda st, p, r: (f"{r}：{zone_line(st, 0, 'DMA', 'zh')}；其余是 16 MiB 以下的 "
                                       "memblock.reserved："
                                       + fmt_regions([x for x in regions(st.last(), "reserved") if x[0] < 1 << 24]))),
             "mm zones 0; mm memblock reserved"),
    Exercise("10.section-of-pfn", "10", "int",
             text(en=lambda m, p: f"In which memory section is pfn {p[3]:#x}?",
                  zh=lambda m, p: f"pfn {p[3]:#x} 在哪个 section 里？"),
             lambda st, p: str(p[3] >> PFN_SECTION_SHIFT),
             text(en=lambda st, p, r: (f"{r} = {p[3]:#x} >> PFN_SECTION_SHIFT ({PFN_SECTION_SHIFT}): sections are "
                                       "128 MiB."),
                  zh=lambda st, p, r: (f"{r} = {p[3]:#x} >> PFN_SECTION_SHIFT（{PFN_SECTION_SHIFT}）：每个 section "
                                       "128 MiB。")),
             "mm sections N; mm page PFN"),
    Exercise("10.buddy-order", "10", "order",
             text(en=lambda m, p: (f"After free_all_bootmem, pfn {p[3]:#x} is either reserved, or inside a free "
                                   "buddy block: which order? (a number 0-10, or 'reserved')"),
                  zh=lambda m, p: (f"free_all_bootmem 之后，pfn {p[3]:#x} 要么是保留页，要么在伙伴系统的一个空闲块里："
                                   "这个块是几阶？（0-10 的数字，或 reserved）")),
             lambda st, p: journey_order(st, p[3]),
             text(en=lambda st, p, r: (f"{r}: __free_pages_memory frees each free range in the largest blocks that "
                                       "are aligned to their own size (at most order 10, 4 MiB)"
                                       + block_of(p[3], r, "en") + "."),
                  zh=lambda st, p, r: (f"{r}：__free_pages_memory 把每个空闲范围切成按自身大小对齐的最大块释放"
                                       "（最多 10 阶，4 MiB）" + block_of(p[3], r, "zh") + "。")),
             "mm page PFN; mm buddyinfo"),
]
BY_KEY = {e.key: e for e in EXERCISES}
LESSON_IDS = sorted({e.lesson for e in EXERCISES})


# The capstone's questions and explanations: every node's zone table, and one pfn's journey.
CAPSTONE_ZONE = text(en="Node {nid}, zone {zone}: {what} ({how})", zh="节点 {nid}，管理区 {zone}：{what}（{how}）")
CAPSTONE_HOW = {"start": text(en="zone_start_pfn, hex; 0 if empty", zh="zone_start_pfn，十六进制；为空则写 0"),
                "spanned": text(en="pages, 0 if empty", zh="页数，为空则写 0"),
                "present": text(en="pages, 0 if empty", zh="页数，为空则写 0")}
CAPSTONE_JOURNEY = {
    "section": text(en="its memory section number", zh="它所在的 section 号"),
    "node": text(en="its node", zh="它所在的节点"),
    "zone": text(en="its zone (name)", zh="它所在的管理区（名字）"),
    "struct": text(en="the virtual address of its struct page (hex)", zh="它的 struct page 的虚拟地址（十六进制）"),
    "order": text(en="after free_all_bootmem: reserved, or the order of the free block holding it",
                  zh="free_all_bootmem 之后：reserved，或者容纳它的空闲块的阶"),
}
CAPSTONE_WHY = {
    "section": text(en=lambda st, pfn: f"{pfn:#x} >> {PFN_SECTION_SHIFT}: sections are 128 MiB",
                    zh=lambda st, pfn: f"{pfn:#x} >> {PFN_SECTION_SHIFT}：每个 section 128 MiB"),
    "node": text(en=lambda st, pfn: "the node whose memblock.memory range holds it (numa_init set the nids)",
                 zh=lambda st, pfn: "memblock.memory 中包含它的那个范围所属的节点（节点号由 numa_init 设置）"),
    "zone": text(en=lambda st, pfn: "the zone whose span holds it (zone ranges, clipped to the node)",
                 zh=lambda st, pfn: "跨度包含它的管理区（管理区范围裁剪到节点之后）"),
    "struct": text(en=lambda st, pfn: f"vmemmap {quiz.VMEMMAP:#x} + pfn * {st.page_size}",
                   zh=lambda st, pfn: f"vmemmap {quiz.VMEMMAP:#x} + pfn * {st.page_size}"),
    "order": text(en=lambda st, pfn: "memblock.reserved keeps it PG_reserved; otherwise the aligned block "
                                     "__free_pages_memory freed it in",
                  zh=lambda st, pfn: "memblock.reserved 让它保持 PG_reserved；否则就是 __free_pages_memory "
                                     "释放它时所在的那个对齐块"),
}
SEE = text(en="see", zh="见")


def capstone_items(m, lang="en"):
    """[(key, question)] of the capstone: the full zone table of every node, and one pfn's journey."""
    node, zone, _, pfn = m.params(99)
    items = []
    for nid in m.with_memory():
        for z in ZONES:
            for what in ("start", "spanned", "present"):
                items.append((f"cap.{nid}.{z}.{what}",
                              CAPSTONE_ZONE[lang].format(nid=nid, zone=z, what=what, how=CAPSTONE_HOW[what][lang])))
    sep = {"en": ": ", "zh": "："}[lang]
    items += [(f"cap.pfn.{k}", f"pfn {pfn:#x}{sep}{q[lang]}") for k, q in CAPSTONE_JOURNEY.items()]
    return items, pfn


def capstone_truth(st, m):
    _, pfn = capstone_items(m)
    t = {}
    for n in st.last()["nodes"]:
        for z in n["zones"]:
            if z["name"] in ZONES:
                empty = not z["spanned_pages"]
                t[f"cap.{n['nid']}.{z['name']}.start"] = hex(0 if empty else z["zone_start_pfn"])
                t[f"cap.{n['nid']}.{z['name']}.spanned"] = str(z["spanned_pages"])
                t[f"cap.{n['nid']}.{z['name']}.present"] = str(z["present_pages"])
    pg = st.pages[pfn]
    t.update({"cap.pfn.section": str(pfn >> PFN_SECTION_SHIFT), "cap.pfn.node": str(pg["node"]),
              "cap.pfn.zone": pg["zone"], "cap.pfn.struct": hex(pg["struct"]), "cap.pfn.order": journey_order(st, pfn)})
    return t


def capstone_why(st, m, key, lang="en"):
    _, pfn = capstone_items(m)
    sep = {"en": "; ", "zh": "；"}[lang]
    if key.startswith("cap.pfn."):
        return CAPSTONE_WHY[key.split(".")[2]][lang](st, pfn) + f"{sep}{SEE[lang]} mm page {pfn:#x}"
    _, nid, zone, _ = key.split(".")
    return zone_line(st, int(nid), zone, lang) + f"{sep}{SEE[lang]} mm zones {nid}"


# ---------------------------------------------------------------- sheets and grading

NO_EXERCISES = text(en="course: no exercises for {which!r} (lessons {ids}, all, capstone)",
                    zh="course：没有 {which!r} 的练习（可以是第 {ids} 课、all 或 capstone）")
NOT_SHEET = text(en="course: {path}: not a sheet (no 'sheet NAME seed N' line)",
                 zh="course：{path} 不是答题纸（没有 'sheet NAME seed N' 这一行）")


def sheet_items(m, which, lang="en"):
    """[(key, question)] for a lesson ('03'), 'all' lessons, or 'capstone'."""
    if which == "capstone":
        return capstone_items(m, lang)[0]
    chosen = [e for e in EXERCISES if which in ("all", e.lesson)]
    if not chosen:
        raise SystemExit(NO_EXERCISES[lang].format(which=which, ids=", ".join(LESSON_IDS)))
    p = m.params(0)
    return [(e.key, e.ask[lang](m, p)) for e in chosen]


SHEET = {
    "lesson": text(en="exercises, lesson {w}", zh="练习，第 {w} 课"),
    "all": text(en="exercises, all lessons", zh="练习，全部课程"),
    "capstone": text(en="capstone", zh="综合练习"),
    "machine": quiz.FILE["machine"], "cmdline": quiz.FILE["cmdline"], "nothing": quiz.FILE["nothing"],
    "predict": text(en="Predict each answer from the machine alone, write it after the '=', then check it:",
                    zh="只根据机器的配置预测每个答案，写在 '=' 后面，然后检查："),
}


def write_sheet(seed, which, path, lang="en"):
    m = Machine.of(seed)
    title = SHEET[which if which in ("all", "capstone") else "lesson"][lang].format(w=which)
    items = sheet_items(m, which, lang)            # an unknown lesson fails before the file is written
    with open(path, "w") as f:
        f.write(f"# mm-step {title}: sheet {which} seed {seed} lang {lang}\n"
                f"# {SHEET['machine'][lang].format(opts=m.opts)}\n"
                f"# {SHEET['cmdline'][lang].format(cmdline=m.cmdline or SHEET['nothing'][lang])}\n"
                f"# {SHEET['predict'][lang]}\n#   python3 lessons/check.py grade {path}\n")
        for n, (key, q) in enumerate(items, 1):
            f.write(f"\n# Q{n}. {q}\n{key} =\n")


def read_sheet(path):
    """(which, seed, answers, lang) of a filled-in sheet."""
    with open(path) as f:
        text_ = f.read()
    head = re.search(r"sheet (\S+) seed (\d+)(?: lang (\w+))?", text_)
    if not head:
        raise SystemExit(NOT_SHEET[i18n.default()].format(path=path))
    return head.group(1), int(head.group(2)), quiz.read_answers(path), head.group(3) or "en"


def pfns_needed(m, which):
    p = m.params(0)
    return [p[2], p[3]] + ([capstone_items(m)[1]] if which in ("capstone", "all") else [])


def same(kind, given, right):
    given = given.strip()
    if not given:                   # a blank is no answer (the quiz reads it as 0)
        return False
    if kind == "ranges":
        return quiz.same("sections", given, right)
    if kind == "range":
        return quiz.same("zone.X", given, right)
    if kind == "yesno":
        return quiz.same("reserved.X", given, right)
    if kind in ("name", "order") and not right.isdigit():
        return given.lower() == right.lower()
    return quiz.same("n", given, right)


def truths(st, m, which, lang="en"):
    """{key: (right, why, command)} for a sheet."""
    if which == "capstone":
        t = capstone_truth(st, m)
        return {k: (v, capstone_why(st, m, k, lang), "mm zones; mm page") for k, v in t.items()}
    p = m.params(0)
    out = {}
    for key, _ in sheet_items(m, which):
        e = BY_KEY[key]
        try:
            r = e.right(st, p)
        except (KeyError, TypeError, ValueError):      # the kernel did not show it (yet)
            continue
        out[key] = (r, e.why[lang](st, p, r), e.see)
    return out


def kind_of(key):
    if key in BY_KEY:
        return BY_KEY[key].kind
    return {"zone": "name", "order": "order"}.get(key.split(".")[-1], "int")


NOT_REPORTED = text(en="the kernel did not report it", zh="内核没有报告它")


def grade(which, seed, answers, st, lang="en"):
    """[(key, given, right, ok, why, command)]."""
    m = Machine.of(seed)
    t = truths(st, m, which, lang)
    out = []
    for key, _ in sheet_items(m, which):
        given = answers.get(key, "")
        r, why, cmd = t.get(key, (None, NOT_REPORTED[lang], ""))
        out.append((key, given, r, r is not None and same(kind_of(key), given, r), why, cmd))
    return out


def report(results, lang="en"):
    lines = []
    for key, given, r, ok, why, cmd in results:
        if ok:
            lines.append(f"  ok {key} = {given}")
        else:
            lines.append(f"  XX {key} = {given or label('blank', lang)}   {label('right', lang)}: {r}\n"
                         f"       {label('why', lang)}: {why}\n       {label('see', lang)}: {cmd}")
    score = sum(r[3] for r in results)
    lines.append(f"{label('score', lang)}: {score}/{len(results)}")
    return "\n".join(lines), score


# ---------------------------------------------------------------- planted-bug diagnoses

# name: the answer key. phase is a checkpoint name; a diagnosis must name the phase, one of the
# functions, one of the structure words and one of the commands that show the bug.
DIAGNOSES = {
    "memblock-nomerge": dict(
        phase="e820__memblock_setup", functions=["memblock_merge_regions", "memblock_add_range"],
        structures=["memblock.reserved", "memblock.memory", "memblock_type", "memblock_region", "memblock"],
        commands=["mm memblock", "mm diff", "mm map"],
        why=text(
            en="memblock_merge_regions tests `this->base + this->size - 1 != next->base`, an inclusive end, so "
               "regions that touch never merge: memblock.reserved keeps a region of its own for each reservation, "
               "even where reservations are contiguous (mm memblock shows neighbours where one's END + 1 is the "
               "next's BASE, same node, same flags).",
            zh="memblock_merge_regions 判断的是 `this->base + this->size - 1 != next->base`，把结尾当成了闭区间，"
               "所以首尾相接的区域永远不会合并：即使几次预留前后相连，memblock.reserved 也为每一次预留单独保留"
               "一个区域（mm memblock 显示相邻的两行：前一个的 END + 1 正是后一个的 BASE，节点相同，标志相同）。")),
    "section-mask": dict(
        phase="sparse_init", functions=["sparse_init_one_section"],
        structures=["section_mem_map", "mem_section", "SECTION_MARKED_PRESENT", "SECTION_MAP_MASK", "section"],
        commands=["mm sections", "mm diff"],
        why=text(
            en="sparse_init_one_section masks section_mem_map with SECTION_MAP_MASK instead of ~SECTION_MAP_MASK: "
               "it keeps the early nid bits and drops the flags, so after sparse_init no section is "
               "SECTION_MARKED_PRESENT (mm sections: FLAGS M only, '0 present, N with mem_map'; mm diff "
               "sparse_memory_present_with_active_regions sparse_init: present N -> 0).",
            zh="sparse_init_one_section 用 SECTION_MAP_MASK 而不是 ~SECTION_MAP_MASK 去屏蔽 section_mem_map："
               "它留下了早期存放的节点号位，却丢掉了标志位，所以 sparse_init 之后没有一个 section 带 "
               "SECTION_MARKED_PRESENT（mm sections：FLAGS 只剩 M，'0 present, N with mem_map'；mm diff "
               "sparse_memory_present_with_active_regions sparse_init：present N -> 0）。")),
    "usemap-wrong-node": dict(
        phase="sparse_init", functions=["sparse_init", "sparse_init_nid"],
        structures=["usemap", "pageblock_flags", "mem_map", "memmap", "mem_section"],
        commands=["mm sections", "mm memblock", "mm vmemmap", "mm diff"],
        why=text(
            en="sparse_init calls sparse_init_nid(nid, ...) with the nid of the next run of sections instead of "
               "nid_begin, so node 0's sections get their usemap (and struct pages) from node 1's memory "
               "(mm sections: node 0's USEMAP addresses lie in node 1's memblock.memory range).",
            zh="sparse_init 调用 sparse_init_nid(nid, ...) 时传入的是下一段 section 的节点号，而不是 nid_begin，"
               "所以节点 0 的 section 从节点 1 的内存里分配 usemap（以及 struct page）"
               "（mm sections：节点 0 的 USEMAP 地址落在节点 1 的 memblock.memory 范围内）。")),
    "dma32-max": dict(
        phase="zone_sizes_init", also=["free_area_init_nodes"], functions=["zone_sizes_init"],
        structures=["max_zone_pfns", "ZONE_DMA32", "arch_zone_highest_possible_pfn", "zone ranges"],
        commands=["mm zones", "mm log", "mm zoneinfo"],
        why=text(
            en="zone_sizes_init sets max_zone_pfns[ZONE_DMA32] = max(MAX_DMA32_PFN, max_low_pfn) instead of min: "
               "DMA32 runs to the end of RAM above 4 GiB and Normal is empty (mm zones: node 1's memory in DMA32; "
               "'Zone ranges:' in mm log). max_zone_pfns is zone_sizes_init's local: GDB shows it at that "
               "checkpoint (frame function zone_sizes_init; p/x max_zone_pfns); the zone ranges printed at "
               "free_area_init_nodes are the first structure built from it, so that phase is accepted too.",
            zh="zone_sizes_init 把 max_zone_pfns[ZONE_DMA32] 设成了 max(MAX_DMA32_PFN, max_low_pfn)，而不是 min："
               "DMA32 一直延伸到 4 GiB 以上的内存末尾，Normal 为空（mm zones：节点 1 的内存落在 DMA32 里；"
               "mm log 中的 'Zone ranges:'）。max_zone_pfns 是 zone_sizes_init 的局部变量：在这个检查点可以用 GDB "
               "查看（frame function zone_sizes_init; p/x max_zone_pfns）；free_area_init_nodes 打印的管理区范围是"
               "由它建立的第一个数据结构，所以答这个阶段也算对。")),
    "absent-off-by-one": dict(
        phase="calculate_node_totalpages", functions=["__absent_pages_in_range", "zone_absent_pages_in_node"],
        structures=["present_pages", "zone", "node_present_pages", "absent"],
        commands=["mm zones", "mm zoneinfo", "mm memblock"],
        why=text(
            en="__absent_pages_in_range clamps end_pfn - 1, as if the range's end were inclusive: each memblock "
               "range that ends inside a zone loses one page to the holes, so present is one short per range "
               "(mm zones: DMA32 spanned 520160 but present 520159 on one-node, though memblock.memory covers "
               "all of it).",
            zh="__absent_pages_in_range 用 clamp 截取的是 end_pfn - 1，好像范围的结尾是闭区间：每个在管理区内部结束的 "
               "memblock 范围都有一页被算进空洞，所以每个这样的范围让 present 少一页（mm zones：在 one-node 上 "
               "DMA32 的 spanned 是 520160，present 却是 520159，尽管 memblock.memory 覆盖了它的全部）。")),
    "free-count-order": dict(
        phase="free_all_bootmem", functions=["__free_one_page", "__mod_zone_freepage_state"],
        structures=["NR_FREE_PAGES", "vm_stat", "free_area", "zone"],
        commands=["mm check", "mm zoneinfo", "mm zones"],
        why=text(
            en="__free_one_page adds `order` instead of `1 << order` pages to NR_FREE_PAGES, so the zone's "
               "free-page counter disagrees with the free lists (mm check: 'nr_free sum ..., NR_FREE_PAGES ...'; "
               "mm zoneinfo: pages free far below mm zones' FREE).",
            zh="__free_one_page 给 NR_FREE_PAGES 加的是 `order` 页，而不是 `1 << order` 页，所以管理区的空闲页"
               "计数与空闲链表对不上（mm check：'nr_free sum ..., NR_FREE_PAGES ...'；mm zoneinfo 的 pages free "
               "远小于 mm zones 的 FREE）。")),
}


def read_diagnosis(path):
    """{field: text} of a diagnosis file with lines 'phase: ...', 'function: ...', 'structure: ...',
    'command: ...' (other lines are free explanation)."""
    fields = {}
    with open(path) as f:
        for line in f:
            key, sep, value = line.partition(":")
            if sep and key.strip().lower() in ("phase", "function", "structure", "command"):
                fields[key.strip().lower()] = value.strip()
    return fields


HINTS = {
    "phase": text(en="the checkpoint after which the structure is first wrong: mm diff between neighbouring "
                     "checkpoints shows where it goes wrong",
                  zh="数据结构第一次出错的那个检查点：在相邻的检查点之间运行 mm diff，看它从哪里开始出错"),
    "function": text(en="the Linux function (same name in the replay) whose code is wrong; read its source in "
                        "kernel/ and Linux 4.19 for the phase you found",
                     zh="代码出错的那个 Linux 函数（回放内核中同名）；阅读你找到的那个阶段在 kernel/ 和 Linux 4.19 "
                        "中的源码"),
    "structure": text(en="the data structure (and field) holding the wrong value",
                      zh="存放错误值的数据结构（及字段）"),
    "command": text(en="the mm command whose output shows the bug", zh="输出中能看出这个错误的 mm 命令"),
}


def grade_diagnosis(name, fields, lang="en"):
    """[(field, ok, feedback)]: the diagnosis of planted bug @name."""
    key = DIAGNOSES[name]
    words = lambda text_: set(re.findall(r"[\w.>-]+", text_.lower().replace("()", "")))  # noqa: E731
    phase = fields.get("phase", "").strip().lower().split(":")[0]
    fn = words(fields.get("function", ""))
    st = fields.get("structure", "").lower()
    cmd = fields.get("command", "").lower()
    return [("phase", phase in [p.lower() for p in [key["phase"]] + key.get("also", [])], HINTS["phase"][lang]),
            ("function", any(f.lower() in fn for f in key["functions"]), HINTS["function"][lang]),
            ("structure", any(s.lower() in st for s in key["structures"]), HINTS["structure"][lang]),
            ("command", any(c in cmd for c in key["commands"]), HINTS["command"][lang])]


NO_STUB = text(en="course: no implement lab {name!r} (labs: {names})",
               zh="course：没有实现实验 {name!r}（实现实验有：{names}）")


def implement(name, lang="en"):
    """(ok, report) of an implement-a-function lab: its unit tests, built from build/lab-NAME."""
    if name not in bug.STUB_TESTS:
        raise SystemExit(NO_STUB[lang].format(name=name, names=", ".join(bug.STUB_TESTS)))
    passed, failed, out = bug.judge(name)
    fails = [l for l in out.splitlines() if l.startswith("not ok") or "FAIL" in l or "expected" in l]
    return not failed and passed > 0, "\n".join(fails[:20]) + f"\n{bug.STUB_TESTS[name]}: {passed} passed, {failed} failed"


# ---------------------------------------------------------------- open exercises: model answers

GDB = "scripts/mm-gdb --topology {t} {c}-batch -ex 'mm-goto {cp}' {ex} 2>&1 | sed -n '/^checkpoint/,$p'"


def gdb(topology, cp, *commands, cmdline=""):
    return GDB.format(t=topology, c=f"--cmdline '{cmdline}' " if cmdline else "", cp=cp,
                      ex=" ".join(f"-ex '{c}'" for c in commands))


# name: (lesson, the exercise, the model answer (reasoning, no numbers that can go stale), the
# command whose output holds the numbers of today's kernel)
OPEN = {
    "00-per-node": (
        "00",
        text(en="Run make run TOPOLOGY=two-node and find the per-node checkpoints in the log.",
             zh="运行 make run TOPOLOGY=two-node，在日志里找出按节点执行的检查点。"),
        text(en="calculate_node_totalpages, free_area_init_core and free_area_init_node print once per node, "
                "in nid order: free_area_init_nodes calls free_area_init_node for each online node, which sizes "
                "the node's zones, initialises them and its struct pages, before moving to the next node.",
             zh="calculate_node_totalpages、free_area_init_core 和 free_area_init_node 每个节点各打印一次，按节点号"
                "顺序：free_area_init_nodes 对每个在线（online）节点调用 free_area_init_node，它先算出该节点各管理区"
                "的大小，再初始化这些管理区和节点的 struct page，然后才轮到下一个节点。"),
        "python3 scripts/run --topology two-node | grep 'mm-step: checkpoint'"),
    "00-checkpoints-def": (
        "00",
        text(en="Match each entry of checkpoints.def with the function in the Linux 4.19 file it names.",
             zh="把 checkpoints.def 的每一项与它所指的 Linux 4.19 文件中的函数对应起来。"),
        text(en="Each CHECKPOINT names a 4.19 function and its file; the kernel stops right after that "
                "function's work. Grep the function in a Linux 4.19 source tree (the file the entry names, "
                "under mm/ or arch/x86/) to find its definition.",
             zh="每个 CHECKPOINT 给出一个 4.19 的函数和它所在的文件；内核恰好在这个函数的工作完成之后停下。"
                "在 Linux 4.19 的源码树里（该项给出的文件，在 mm/ 或 arch/x86/ 下）grep 这个函数，就能找到它的定义。"),
        "grep -o 'CHECKPOINT([a-z_0-9]*, [01], \"[^\"]*\"' kernel/include/mm_step/checkpoints.def"),
    "01-mem1g": (
        "01",
        text(en="Boot one-node with mem=1G and explain every changed line.",
             zh="用 mem=1G 启动 one-node，解释每一行变化。"),
        text(en="mem= is parsed by parse_memopt, which removes everything above the limit from the e820 table "
                "(e820__range_remove, the 'e820: remove' line), so e820__finish_early_params prints the "
                "'user-defined physical RAM map'. From there on every figure derived from the end of RAM shrinks: "
                "last_pfn (max_pfn), the faked node, NODE_DATA's place (memblock allocates top-down), "
                "the DMA32 zone range, the early node range, the unavailable struct pages (the last section "
                "is now full), totalpages, the DMA32 memmap and LIFO lines, the zonelist total and the Memory: "
                "line.",
             zh="mem= 由 parse_memopt 解析，它把限额以上的一切从 e820 表中删掉（e820__range_remove，即 "
                "'e820: remove' 那一行），所以 e820__finish_early_params 会打印 'user-defined physical RAM map'。"
                "此后所有由内存末尾推出的数字都变小：last_pfn（max_pfn）、伪造的节点、NODE_DATA 的位置（memblock "
                "自顶向下分配）、DMA32 管理区范围、早期节点范围、背后没有内存的 struct page（最后一个 section "
                "现在是满的）、totalpages、DMA32 的 memmap 和 LIFO 两行、zonelist 的总页数以及 Memory: 一行。"),
        "diff <(python3 scripts/run --topology one-node | sed 's/^\\[[ 0-9.]*\\] //') "
        "<(python3 scripts/run --topology one-node --cmdline mem=1G | sed 's/^\\[[ 0-9.]*\\] //')"),
    "02-memoryless": (
        "02",
        text(en="Boot memoryless-node: which node gets no pg_data_t during numa_init, and which line later sets it "
                "up?",
             zh="启动 memoryless-node：哪个节点在 numa_init 期间没有得到 pg_data_t？后来是哪一行为它建立的？"),
        text(en="Node 1, the node with a CPU but no memory: numa_register_memblks allocates NODE_DATA only for "
                "nodes with memory. 4.19 gives node 1 its pg_data_t later, from init_cpu_to_node -> "
                "init_memory_less_node: the 'NODE_DATA(1) allocated' line, followed by '    NODE_DATA(1) on "
                "node N' because the memory comes from another node.",
             zh="节点 1，即有 CPU 而没有内存的那个节点：numa_register_memblks 只为有内存的节点分配 NODE_DATA。"
                "4.19 稍后才给节点 1 分配 pg_data_t，路径是 init_cpu_to_node -> init_memory_less_node：即 "
                "'NODE_DATA(1) allocated' 这一行，后面跟着 '    NODE_DATA(1) on node N'，因为这块内存来自另一个节点。"),
        gdb("memoryless-node", "last", "mm log 400") + " | grep -n 'NODE_DATA\\|Initmem'"),
    "03-q35-sections": (
        "03",
        text(en="On q35-odd (PCI hole from 2 GiB), list the present sections before booting it.",
             zh="在 q35-odd 上（PCI 空洞从 2 GiB 开始），启动之前先列出存在的 section。"),
        text(en="q35 puts RAM below the 2 GiB PCI hole and the rest from 4 GiB; a section is present when a "
                "memblock.memory range touches it, so the sections of 2-4 GiB stay empty and the last "
                "section of each RAM range counts even when partly filled.",
             zh="q35 把内存放在 2 GiB 的 PCI 空洞之下，其余的从 4 GiB 开始；只要有 memblock.memory 范围触及一个 "
                "section，它就存在，所以 2-4 GiB 的 section 保持为空，而每段内存的最后一个 section 即使只填了一部分"
                "也算存在。"),
        gdb("q35-odd", "sparse_memory_present_with_active_regions", "mm sections")),
    "04-vmemmap-walk": (
        "04",
        text(en="With mm vmemmap PFN, follow the page table walk for pfn 0x7ffdf; which physical 2 MiB block holds "
                "it?",
             zh="用 mm vmemmap PFN 跟随 pfn 0x7ffdf 的页表遍历；哪一个 2 MiB 的物理块容纳了它？"),
        text(en="The walk goes PGD -> PUD -> PMD and stops at a PMD with PSE set: vmemmap_populate maps "
                "struct pages with 2 MiB pages taken from the node's memory (the sparse buffer), so the "
                "PMD entry's address is the 2 MiB block and the struct page sits at the offset the walk "
                "prints.",
             zh="遍历经过 PGD -> PUD -> PMD，停在一个置了 PSE 位的 PMD 上：vmemmap_populate 用取自本节点内存"
                "（sparse 缓冲区）的 2 MiB 大页映射 struct page，所以 PMD 表项中的地址就是那个 2 MiB 块，struct page "
                "位于遍历打印的偏移处。"),
        gdb("one-node", "sparse_init", "mm vmemmap 0x7ffdf")),
    "05-mem2g": (
        "05",
        text(en="With CMDLINE=mem=2G on two-node, predict max_zone_pfns, then check in GDB.",
             zh="在 two-node 上用 CMDLINE=mem=2G，先预测 max_zone_pfns，再在 GDB 里检查。"),
        text(en="mem=2G leaves RAM below 4 GiB only: max_low_pfn = max_pfn = 2 GiB in pages, so DMA stays at 16 "
                "MiB, DMA32 = min(4 GiB, max_low_pfn) = 2 GiB, and Normal = max_low_pfn = 2 GiB too: the Normal "
                "zone is empty (its range starts where it ends), and node 1 has no memory left.",
             zh="mem=2G 只留下 4 GiB 以下的内存：max_low_pfn = max_pfn = 2 GiB（以页计），所以 DMA 仍到 16 MiB，"
                "DMA32 = min(4 GiB, max_low_pfn) = 2 GiB，Normal = max_low_pfn 也是 2 GiB：Normal 管理区为空"
                "（它的范围起点等于终点），节点 1 也不再有内存。"),
        gdb("two-node", "zone_sizes_init", "frame function zone_sizes_init", "p/x max_zone_pfns",
            cmdline="mem=2G")),
    "06-kernelcore": (
        "06",
        text(en="With kernelcore=2G on two-node, predict zone_movable_pfn[1], then check it.",
             zh="在 two-node 上用 kernelcore=2G，先预测 zone_movable_pfn[1]，再检查。"),
        text(en="find_zone_movable_pfns_for_nodes first counts the memory below the lowest pfn ZONE_MOVABLE may "
                "take (the start of ZONE_NORMAL, 4 GiB) as kernel memory: node 0 lies wholly below 4 GiB and "
                "already holds more than kernelcore asks for, so nothing more is needed and node 1's Normal memory "
                "becomes ZONE_MOVABLE from its first pfn: zone_movable_pfn[1] = node 1's start.",
             zh="find_zone_movable_pfns_for_nodes 先把 ZONE_MOVABLE 可取的最低页帧（ZONE_NORMAL 的起点，4 GiB）"
                "以下的内存都算作内核内存：节点 0 完全在 4 GiB 以下，它的内存已经多于 kernelcore 要求的量，"
                "所以不再需要更多，节点 1 的 Normal 内存从它的第一个页帧起就成为 ZONE_MOVABLE："
                "zone_movable_pfn[1] = 节点 1 的起点。"),
        gdb("two-node", "free_area_init_nodes", "p/x zone_movable_pfn", cmdline="kernelcore=2G")),
    "08-pfn0-migratetype": (
        "08",
        text(en="Which migrate type does the pageblock of pfn 0 have after this phase, and why?",
             zh="这个阶段之后，pfn 0 所在的 pageblock 是什么迁移类型？为什么？"),
        text(en="Unmovable. memmap_init_zone marks a pageblock MIGRATE_MOVABLE when it initialises the "
                "pageblock's first pfn, but the DMA zone starts at pfn 1, so pfn 0 is never visited and "
                "the usemap bits keep the 0 (MIGRATE_UNMOVABLE) of their zeroed allocation.",
             zh="Unmovable（不可移动）。memmap_init_zone 在初始化一个 pageblock 的第一个页帧时才把该 pageblock "
                "标为 MIGRATE_MOVABLE，而 DMA 管理区从 pfn 1 开始，pfn 0 从未被访问，所以 usemap 中的这几位保持"
                "清零分配时的 0（MIGRATE_UNMOVABLE）。"),
        gdb("one-node", "free_area_init_core", "mm page 0")),
    "09-buddyinfo-by-hand": (
        "09",
        text(en="From mm memblock reserved, compute the DMA line of /proc/buddyinfo by hand.",
             zh="根据 mm memblock reserved，手算 /proc/buddyinfo 中 DMA 的那一行。"),
        text(en="The DMA zone's free memory is memblock.memory minus memblock.reserved inside "
                "[zone start, 16 MiB). __free_pages_memory cuts each free range from its start into the "
                "largest blocks aligned to their own size (order = lowest set bit of the pfn, at most "
                "10) that still fit before the range's end; count the blocks of each order.",
             zh="DMA 管理区的空闲内存是 [管理区起点, 16 MiB) 内 memblock.memory 减去 memblock.reserved 的部分。"
                "__free_pages_memory 从每个空闲范围的起点开始，把它切成按自身大小对齐、且在范围末尾之前放得下的"
                "最大块（阶 = 页帧号最低的置位位，最多 10）；数一数每一阶有几块。"),
        gdb("one-node", "last", "mm memblock reserved", "mm buddyinfo")),
    "10-other-pfn": (
        "10",
        text(en="Write the journey of pfn 0x9f (a hole) and 0x1000 (the kernel image).",
             zh="写出 pfn 0x9f（一个空洞）和 0x1000（内核映像）的经历。"),
        text(en="0x9f: the e820 map's usable range ends inside that page, memblock keeps whole pages only, so "
                "0x9f is in no memblock.memory range: a hole inside section 0 and the DMA zone's span. Its "
                "struct page exists (the section is present); zero_resv_unavail zeroes it (no memblock.memory "
                "covers it), memmap_init_zone then initialises it like every pfn of the zone's span (node, "
                "zone, refcount 1), and at free_all_bootmem reserve_bootmem_region marks it PG_reserved "
                "because memblock.reserved covers it. 0x1000: the first page of DMA32 and of the kernel image "
                "(setup_arch reserves the image with memblock_reserve before e820__memblock_setup: memblock.reserved "
                "already holds it at that checkpoint): initialised by memmap_init_zone, then PG_reserved "
                "and never freed.",
             zh="0x9f：e820 内存表的可用范围在这一页中间结束，memblock 只保留整页，所以 0x9f 不在任何 "
                "memblock.memory 范围里：它是 section 0 和 DMA 管理区跨度内的一个空洞。它的 struct page 存在"
                "（这个 section 存在）；zero_resv_unavail 把它清零（没有 memblock.memory 覆盖它），随后 "
                "memmap_init_zone 像对待管理区跨度内的每个页帧一样初始化它（节点、管理区、引用计数 1），"
                "到 free_all_bootmem 时，reserve_bootmem_region 因为 memblock.reserved 覆盖它而把它标为 "
                "PG_reserved。0x1000：DMA32 的第一页，也是内核映像的第一页（setup_arch 在 e820__memblock_setup "
                "之前就用 memblock_reserve 预留了内核映像：在那个检查点 memblock.reserved 里已经有它）："
                "由 memmap_init_zone 初始化，之后一直是 PG_reserved，从不释放。"),
        gdb("one-node", "last", "mm page 0x9f", "mm page 0x1000", "mm memblock reserved")),
}
MODEL = text(en="lesson {lesson}: {question}\n\nmodel answer: {answer}\n\nthe numbers of today's kernel:\n  $ {command}",
             zh="第 {lesson} 课：{question}\n\n参考答案：{answer}\n\n当天内核的数字：\n  $ {command}")


def model(name, lang="en"):
    """(text, command) of an open exercise's model answer."""
    lesson, question, answer, command = OPEN[name]
    return MODEL[lang].format(lesson=lesson, question=question[lang], answer=answer[lang], command=command), command
