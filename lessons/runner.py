#!/usr/bin/python3
"""Run the lessons' command blocks and compare what they print with the lessons' output blocks.

    python3 lessons/runner.py                    every lesson (English; the Chinese twin must match)
    python3 lessons/runner.py 03 en/04-sparse-init.md
    python3 lessons/runner.py --update 03        rewrite the output blocks from a real run (authors)

A lesson is Markdown. A command block is a fenced block whose info string names its kind and
machine, followed (blank lines allowed) by a fenced `output` block:

    ```mm-gdb topology=one-node cmdline="numa=off"
    mm-goto e820__memblock_setup
    mm e820
    ```
    ```output
    ...exact text...
    ```

Kinds: `mm-gdb` -- GDB commands, one per line. Every mm-gdb block of a lesson with the same
topology and cmdline runs in ONE batch session of scripts/mm-gdb, in order, so a block starts
where the previous one stopped. `shell` -- a bash command run from the repository root
(MAKEFLAGS=s keeps make quiet). Other fenced blocks (```c, ```text) are prose.

Prose numbers tied to an output (<!--out: ...--> marks, see prose_problems) must agree with the
recorded outputs: a disagreement prints a PROSE line (and fails the lesson unless --update).

Output blocks: compared line by line after trimming trailing spaces and blank lines at both ends.
`{...}` in an expected line matches any text (use it only for what is truly not deterministic).
```output pending``` marks a block not recorded yet: it runs but is not compared; --update
records it, unless the run shows a missing feature (an undefined GDB command, a Python error,
a "not replayed yet" stand-in), in which case it stays pending and is reported.

--update rewrites the English lesson and copies the same outputs into lessons/zh/ (its command
blocks must be identical). Exit status: 0 if every recorded block matches, 1 otherwise.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

LESSONS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(LESSONS)
MM_GDB = os.path.join(REPO, "scripts", "mm-gdb")
KINDS = ("mm-gdb", "shell")
WILDCARD = "{...}"
TIMEOUT = 600
MISSING = re.compile(r"Undefined command|Python Exception|Traceback \(most recent|is not replayed yet|"
                     r"No symbol .* in current context|mm-gdb: ")
FENCE = re.compile(r"^```(.*)$")


class Block:
    """A command block and its output block, with their line spans in the lesson file."""

    def __init__(self, kind, attrs, command, out_start, out_end, expected, pending):
        self.kind, self.attrs, self.command = kind, attrs, command
        self.out_start, self.out_end = out_start, out_end   # lines of the output body [start, end)
        self.expected, self.pending = expected, pending

    @property
    def machine(self):
        return self.attrs.get("topology", "two-node"), self.attrs.get("cmdline", "")

    def key(self):
        """What must be identical between the English and the Chinese lesson."""
        return (self.kind, sorted(self.attrs.items()), self.command)


class LessonError(Exception):
    pass


def parse(path):
    """The command blocks of a lesson file, in order."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    fences = []  # (info, body_start, body_end)
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            j = i + 1
            while j < len(lines) and lines[j] != "```":
                j += 1
            if j == len(lines):
                raise LessonError(f"{path}:{i + 1}: unclosed ``` block")
            fences.append((m.group(1).strip(), i + 1, j, i))
            i = j + 1
        else:
            i += 1
    blocks = []
    for n, (info, start, end, open_line) in enumerate(fences):
        words = shlex.split(info) if info else []
        if not words or words[0] not in KINDS:
            continue
        attrs = {}
        for w in words[1:]:
            k, sep, v = w.partition("=")
            if not sep or k not in ("topology", "cmdline"):
                raise LessonError(f"{path}:{open_line + 1}: unknown attribute '{w}' (topology=, cmdline=)")
            attrs[k] = v
        nxt = fences[n + 1] if n + 1 < len(fences) else None
        if nxt is None or not nxt[0].startswith("output") or any(l.strip() for l in lines[end + 1:nxt[3]]):
            raise LessonError(f"{path}:{open_line + 1}: a {words[0]} block must be followed by an ```output block")
        oinfo = nxt[0].split()
        command = "\n".join(l for l in lines[start:end] if l.strip())
        expected = normalise("\n".join(lines[nxt[1]:nxt[2]]))
        blocks.append(Block(words[0], attrs, command, nxt[1], nxt[2], expected, "pending" in oinfo[1:]))
    return blocks


def normalise(text):
    out = [l.rstrip() for l in text.replace("\r", "").split("\n")]
    while out and not out[0]:
        out.pop(0)
    while out and not out[-1]:
        out.pop()
    return out


def line_matches(expected, actual):
    if WILDCARD not in expected:
        return expected == actual
    pattern = ".*".join(re.escape(p) for p in expected.split(WILDCARD))
    return re.fullmatch(pattern, actual) is not None


def matches(expected, actual):
    return len(expected) == len(actual) and all(line_matches(e, a) for e, a in zip(expected, actual))


MARK = "@@mm-lesson-block {}@@"


def run_gdb_session(topology, cmdline, blocks):
    """Run blocks (all on one machine) in one GDB batch session; a list of output line lists."""
    args = [MM_GDB, "--topology", topology]
    if cmdline:
        args += ["--cmdline", cmdline]
    args.append("-batch")
    for n, b in enumerate(blocks):
        args += ["-ex", "echo \\n" + MARK.format(n) + "\\n"]
        for line in b.command.split("\n"):
            args += ["-ex", line]
    args += ["-ex", "echo \\n" + MARK.format(len(blocks)) + "\\n"]
    try:
        r = subprocess.run(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, text=True, timeout=TIMEOUT)
        text = r.stdout
    except subprocess.TimeoutExpired as e:
        text = (e.stdout or b"").decode(errors="replace") + f"\nrunner: GDB session timed out after {TIMEOUT} s"
    outs, cur = [], None
    for line in text.split("\n"):
        m = re.fullmatch(r"@@mm-lesson-block (\d+)@@", line.strip())
        if m:
            if cur is not None:
                outs.append(normalise("\n".join(cur)))
            cur = []
        elif cur is not None:
            cur.append(line)
    if len(outs) < len(blocks):  # the session died: give the rest of its text to the next block
        tail = normalise("\n".join(cur or [])) or normalise(text)[-20:]
        outs.append(tail)
        outs += [["runner: the GDB session ended before this block"]] * (len(blocks) - len(outs))
    return outs


def run_shell(block):
    env = dict(os.environ, MAKEFLAGS="s")
    try:
        r = subprocess.run(["bash", "-o", "pipefail", "-c", block.command], cwd=REPO, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           text=True, timeout=TIMEOUT)
        return normalise(r.stdout)
    except subprocess.TimeoutExpired:
        return [f"runner: timed out after {TIMEOUT} s"]


def run_blocks(blocks):
    """Actual outputs of every block, in order: one GDB session per machine, shells one by one."""
    actual = [None] * len(blocks)
    sessions = {}
    for i, b in enumerate(blocks):
        if b.kind == "mm-gdb":
            sessions.setdefault(b.machine, []).append(i)
        else:
            actual[i] = run_shell(b)
    for (topology, cmdline), idx in sessions.items():
        for i, out in zip(idx, run_gdb_session(topology, cmdline, [blocks[i] for i in idx])):
            actual[i] = out
    return actual


def twin(path):
    """The same lesson in the other language."""
    d, name = os.path.split(os.path.abspath(path))
    other = "zh" if os.path.basename(d) == "en" else "en"
    return os.path.join(os.path.dirname(d), other, name)


def compare_twins(path):
    """Differences between a lesson and its translation's command and output blocks (a list)."""
    other = twin(path)
    if not os.path.exists(other):
        return [f"{os.path.relpath(other, REPO)} is missing"]
    a, b = parse(path), parse(other)
    problems = []
    if len(a) != len(b):
        problems.append(f"{len(a)} command blocks in {os.path.relpath(path, REPO)}, {len(b)} in "
                        f"{os.path.relpath(other, REPO)}")
    for n, (x, y) in enumerate(zip(a, b)):
        if x.key() != y.key():
            problems.append(f"block {n + 1}: commands differ:\n{x.command}\n---\n{y.command}")
        elif x.expected != y.expected or x.pending != y.pending:
            problems.append(f"block {n + 1}: outputs differ")
    return problems


def rewrite(path, blocks, new_outputs):
    """Replace output blocks; new_outputs maps block index -> lines (pending flag dropped)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i in sorted(new_outputs, reverse=True):
        b = blocks[i]
        lines[b.out_start:b.out_end] = new_outputs[i]
        lines[b.out_start - 1] = "```output"
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def keep_wildcards(expected, actual):
    """The new output, keeping the author's {...} lines that still match."""
    if len(expected) != len(actual):
        return actual
    return [e if WILDCARD in e and line_matches(e, a) else a for e, a in zip(expected, actual)]


def diff(expected, actual):
    out = []
    for n in range(max(len(expected), len(actual))):
        e = expected[n] if n < len(expected) else "<nothing>"
        a = actual[n] if n < len(actual) else "<nothing>"
        if not line_matches(e, a):
            out.append(f"    line {n + 1}:\n      expected: {e}\n      actual:   {a}")
    return "\n".join(out[:12])


def run_lesson(path, update=False, log=print):
    """Run one lesson; returns (ok, number of pending blocks, actual outputs)."""
    blocks = parse(path)
    actual = run_blocks(blocks)
    rel = os.path.relpath(path, REPO)
    ok, pending, new = True, 0, {}
    for n, (b, out) in enumerate(zip(blocks, actual)):
        where = f"{rel} block {n + 1} ({b.kind} {b.machine[0]})"
        missing = next((l for l in out if MISSING.search(l)), None)
        if update:
            if missing:
                pending += 1
                log(f"PENDING {where}: {missing.strip()}")
                continue
            kept = keep_wildcards(b.expected, out)
            if kept != b.expected or b.pending:
                new[n] = kept
                log(f"UPDATED {where}")
        elif b.pending:
            pending += 1
            log(f"PENDING {where}" + (f": {missing.strip()}" if missing else ": not recorded yet"))
        elif not matches(b.expected, out):
            ok = False
            log(f"FAIL {where}\n{diff(b.expected, out)}")
    if update and new:
        rewrite(path, blocks, new)
        other = twin(path)
        if os.path.exists(other):
            oblocks = parse(other)
            if [x.key() for x in oblocks] == [x.key() for x in blocks]:
                rewrite(other, oblocks, new)
            else:
                log(f"NOT COPIED to {os.path.relpath(other, REPO)}: its command blocks differ")
    return ok, pending, actual


def lesson_paths(specs, lang="en"):
    """Lesson files from names ('03', '03-sparse-init', 'en/03-sparse-init.md'), or all of them."""
    root = os.path.join(LESSONS, lang)
    out = []
    for s in specs:
        if os.path.isfile(s):
            out.append(os.path.abspath(s))
    if len(out) == len(specs) and specs:
        return out
    every = sorted(os.path.join(root, f) for f in os.listdir(root) if f.endswith(".md"))
    if not specs:
        return every
    out = []
    for s in specs:
        if os.path.isfile(s):
            out.append(os.path.abspath(s))
            continue
        found = [p for p in every if os.path.basename(p).startswith(s)]
        if len(found) != 1:
            raise LessonError(f"lesson '{s}' matches {len(found)} files")
        out += found
    return out


# A number in the prose that comes from an output carries, right after it (or after the code
# span quoting it), a comment naming the output text it comes from, with # where the number
# stands:  `DMA32 zone: 520160 pages, LIFO batch:63`<!--out: LIFO batch:#-->  or
# 3998<!--out 2: DMA zone: # pages-->  (2: only command block 2's output). The snippet must match
# exactly one number in the lesson's recorded outputs, and that number must be the prose's.
PROSE_MARK = re.compile(r"<!--out(?: (\d+))?: (.*?)-->")
NUMBER = r"0x[0-9a-fA-F]+|-?\d+(?:\.\d+)?"
PROSE_NUMBER = re.compile(r"(?<![\w.])(" + NUMBER + r")`?\s*$")


def number(text):
    return float(text) if "." in text else int(text, 0)


def snippet_regex(snippet):
    """The output lines a snippet stands for: its text, any run of blanks for a blank, # a number."""
    parts = []
    for word in re.split(r"(\s+|#)", snippet.strip()):
        if word == "#":
            parts.append(r"(?<![\w.])(" + NUMBER + r")(?![\w.])")
        elif word.isspace():
            parts.append(r"\s+")
        elif word:
            parts.append(re.escape(word))
    return re.compile("".join(parts))


def prose_numbers(path):
    """The marked prose numbers of a lesson: (line, block or None, snippet, prose number or None)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    marks, fenced = [], False
    for n, line in enumerate(lines, 1):
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        for m in PROSE_MARK.finditer(line):
            marks.append((n, int(m.group(1)) if m.group(1) else None, m.group(2).strip(),
                          prose_number(PROSE_MARK.sub("", line[:m.start()]), m.group(2))))
    return marks


def prose_number(before, snippet):
    """The number a mark refers to: where # stands in the code span right before the mark
    (`DMA zone: 21 pages reserved`<!--out: DMA zone: # pages reserved-->), else the last number
    of that code span (`[0x100000, 0x1c0000)`<!--out: ...-->), else the number right before the
    mark (3998<!--out: ...-->)."""
    span = re.search(r"`([^`]*)`\s*$", before)
    if span:
        m = snippet_regex(snippet).search(span.group(1)) if snippet.count("#") == 1 else None
        numbers = re.findall(r"(?<![\w.])(" + NUMBER + r")(?![\w.])", span.group(1))
        return m.group(1) if m else (numbers[-1] if numbers else None)
    m = PROSE_NUMBER.search(before)
    return m.group(1) if m else None


def prose_problems(path):
    """Marked prose numbers that disagree with the lesson's recorded outputs, one message each."""
    rel = os.path.relpath(path, REPO)
    blocks = parse(path)
    problems = []
    for line, block, snippet, prose in prose_numbers(path):
        where = f"{rel}:{line}"
        if prose is None or snippet.count("#") != 1:
            problems.append(f"{where}: <!--out: {snippet}--> needs a number right before it and one # in it")
            continue
        if block is not None and not 1 <= block <= len(blocks):
            problems.append(f"{where}: there is no command block {block}")
            continue
        rx, found = snippet_regex(snippet), {}
        for n, b in enumerate(blocks, 1):
            if b.pending or block not in (None, n):
                continue
            for out in b.expected:
                for m in rx.finditer(out):
                    found.setdefault(m.group(1), (n, out.strip()))
        if not found:
            problems.append(f"{where}: prose says {prose}, but no recorded output"
                            + (f" of block {block}" if block else "") + f" contains '{snippet}'")
        elif len(found) > 1:
            problems.append(f"{where}: prose says {prose}; '{snippet}' matches several numbers in the outputs ("
                            + ", ".join(sorted(found)) + "): name a block (<!--out N: ...-->)"
                            " or quote more of the line")
        else:
            (value, (n, out)), = found.items()
            if number(value) != number(prose):
                problems.append(f"{where}: prose says {prose}, output says {value} (block {n}: {out})")
    return problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("lessons", nargs="*", help="lesson files or name prefixes (default: all)")
    ap.add_argument("--update", action="store_true", help="rewrite output blocks from the run")
    ap.add_argument("--lang", default="en", choices=("en", "zh"))
    args = ap.parse_args(argv)
    if not os.path.exists(os.path.join(REPO, "build", "kernel.elf")):
        sys.exit("runner: build/kernel.elf is missing: run make first")
    try:
        paths = lesson_paths(args.lessons, args.lang)
        failed = pending = 0
        for p in paths:
            ok, pend, _ = run_lesson(p, args.update)
            problems = [] if args.update else compare_twins(p)
            for msg in problems:
                print(f"FAIL {os.path.relpath(p, REPO)} vs its translation: {msg}")
            prose = [m for q in (p, twin(p)) if os.path.exists(q) for m in prose_problems(q)]
            for msg in prose:  # after --update: the sentences to rewrite
                print(f"PROSE {msg}")
            problems += [] if args.update else prose
            failed += (not ok) or bool(problems)
            pending += pend
            print(f"{'ok  ' if ok and not problems else 'FAIL'} {os.path.relpath(p, REPO)}"
                  + (f" ({pend} blocks pending)" if pend else ""))
    except LessonError as e:
        sys.exit(f"runner: {e}")
    print(f"{len(paths) - failed} lessons passed, {failed} failed, {pending} blocks pending")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
