"""`make walkthrough` in real terminals (tmux, 80x24 and 100x30), typed at as a student would: the
first screen is the first checkpoint and what to type next (no `0x...fff0 in ?? ()`); no line of
any command is wider than the screen; no pager or confirm prompt, quitting included; colour is
there while GDB's styling is on and gone when it is off; Tab completes a checkpoint's name; the
dashboard is drawn again at a stop, in the command window and in the `mm` TUI window."""
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "lessons"))
from test_demo_terminal import PROMPTS, Tmux, joined, tools, wait_for  # noqa: E402,F401

SGR = re.compile(r"\x1b\[[0-9;]*m")
WIDE_COMMANDS = ["mm sections", "mm map", "mm numa", "mm check", "mm diff 1 10", "mm pagetypeinfo", "mm zones",
                 "mm explain zones", "mm memblock", "help mm", "mm e820", "mm pgdat", "mm page 0x1000",
                 "mm vmemmap 0x1000", "mm zoneinfo", "mm buddyinfo", "mm-phases", "mm log 20", "mm explain page 0x1000",
                 "mm explain pfn 0x1000", "mm explain node_data", "mm dashboard"]


class Session:
    def __init__(self, t):
        self.t, self.pane = t, "user:shell"

    def screen(self):
        """Every line since the last clear, scrolled off or not, as typed (wrapped lines joined)."""
        out = self.t("capture-pane", "-p", "-J", "-S", "-", "-t", self.pane, check=False)
        return [r.rstrip() for r in out.split("\n")]

    def coloured(self):
        return self.t("capture-pane", "-p", "-e", "-J", "-S", "-", "-t", self.pane, check=False)

    def prompt_after(self, marker):
        """The screen once a `(gdb)` prompt follows the last line holding @marker."""
        def ready():
            rows = [r for r in self.screen() if r]
            at = max((i for i, r in enumerate(rows) if marker in r), default=None)
            return at is not None and rows[-1] == "(gdb)" and at < len(rows) - 1 and rows
        return wait_for(ready, 120, f"a (gdb) prompt after {marker!r}")

    def run(self, command):
        """Type @command on a cleared screen; the screen once it has finished."""
        self.t("send-keys", "-t", self.pane, "C-l")
        wait_for(lambda: [r for r in joined(self.t, self.pane) if r] == ["(gdb)"], 10, "a cleared screen")
        self.t("clear-history", "-t", self.pane)
        self.t("send-keys", "-t", self.pane, "-l", command)
        self.t("send-keys", "-t", self.pane, "Enter")
        return self.prompt_after(f"(gdb) {command}")


def fits(s, width):
    """Every command's every line within the screen, no prompt, no internal error."""
    for command in WIDE_COMMANDS:
        rows = s.run(command)
        wide = [r for r in rows if len(r) >= width]
        assert not wide, f"{command}: {len(wide[0])} columns on a {width}-column screen:\n{wide[0]}"
        assert not any(p in "\n".join(rows) for p in PROMPTS), f"{command}: a prompt"
        assert not any(r.startswith(("Python Exception", "Error occurred")) or "internal error" in r
                       for r in rows), "\n".join(rows)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
def test_walkthrough_in_a_terminal(tools, size):
    width, height = size
    t = Tmux(width, height)
    try:
        s = Session(t)
        t("send-keys", "-t", s.pane, "-l", "make -s walkthrough DASHBOARD=1")
        t("send-keys", "-t", s.pane, "Enter")
        first = s.prompt_after("try:")
        text = "\n".join(first)
        assert "checkpoint 1/" in text and "in ?? ()" not in text, text
        assert re.search(r"try: mm e820, mm memblock.*mm-step goes on", text.replace("\n", " ")), text
        assert "── mm-step: stop 1 " in text                     # DASHBOARD=1: drawn at the first stop
        assert SGR.search(s.coloured()), "no colour while GDB's styling is on"

        fits(s, width)                                      # at the first stop: mostly "not yet" errors
        help_rows = s.run("help mm")[1:]                   # without the command typed: the output, a prompt
        assert len(help_rows) <= 30, f"help mm: {len(help_rows)} rows, more than a 30-row screen"

        rows = s.run("mm-step")                              # the dashboard again, for stop 2
        assert any(r.startswith("── mm-step: stop 2 ") for r in rows), "\n".join(rows)
        assert any("[2 numa_init]" in r for r in rows), "\n".join(rows)

        s.run("set style enabled off")
        rows = s.run("mm-step")
        assert any(r.startswith("checkpoint 3/") for r in rows)
        assert not SGR.search(s.coloured()), "colour while GDB's styling is off"
        s.run("set style enabled on")
        s.run("mm-goto last")
        fits(s, width)
        s.run("mm diff")
        assert SGR.search(s.coloured()), "mm diff: no colour with styling on"
        s.run("set mm color off")
        s.run("mm diff")
        assert not SGR.search(s.coloured()), "set mm color off: still colour"

        t("send-keys", "-t", s.pane, "C-l")
        t("send-keys", "-t", s.pane, "-l", "mm-goto sparse_i")
        t("send-keys", "-t", s.pane, "Tab")
        wait_for(lambda: any(r.startswith("(gdb) mm-goto sparse_init") for r in s.screen()), 20,
                 "Tab completing mm-goto sparse_i")
        t("send-keys", "-t", s.pane, "C-u")
        t("send-keys", "-t", s.pane, "-l", "mm explain no")
        t("send-keys", "-t", s.pane, "Tab")
        wait_for(lambda: any(r.startswith("(gdb) mm explain node_data") for r in s.screen()), 20,
                 "Tab completing mm explain no")
        t("send-keys", "-t", s.pane, "C-u")

        t("send-keys", "-t", s.pane, "-l", "layout mm")           # the TUI window, redrawn at a stop
        t("send-keys", "-t", s.pane, "Enter")
        stop = wait_for(lambda: next((int(m.group(1)) for r in joined(t, s.pane)
                                      for m in [re.search(r"── mm-step: stop (\d+) ", r)] if m), None), 20,
                        "the mm window")
        t("send-keys", "-t", s.pane, "-l", "mm-back")
        t("send-keys", "-t", s.pane, "Enter")
        wait_for(lambda: any(f"── mm-step: stop {stop - 1} " in r for r in joined(t, s.pane)), 60,
                 f"the mm window at stop {stop - 1}")
        t("send-keys", "-t", s.pane, "-l", "tui disable")
        t("send-keys", "-t", s.pane, "Enter")

        t("send-keys", "-t", s.pane, "-l", "quit")
        t("send-keys", "-t", s.pane, "Enter")
        wait_for(lambda: [r for r in s.screen() if r][-1].endswith(("$", "#")), 30, "the shell after quit")
        assert not any(p in "\n".join(s.screen()) for p in PROMPTS)
    finally:
        t.kill()


def test_completion_of_every_argument(tmp_path):
    """GDB's `complete` (what Tab offers) for each kind of argument, at the last checkpoint of the
    two-node machine; the nodes are the kernel's own (node_data[])."""
    target = tmp_path / "state.json"
    target.write_text("")
    asks = {"mm-goto calculate_node_totalpages:": {"mm-goto calculate_node_totalpages:0",
                                                   "mm-goto calculate_node_totalpages:1"},
            "mm-goto sparse_i": {"mm-goto sparse_init"},
            "mm diff free_all": {"mm diff free_all_bootmem"},
            "mm explain no": {"mm explain node_data"},
            "mm explain zones ": {"mm explain zones 0", "mm explain zones 1"},
            "mm zones ": {"mm zones 0", "mm zones 1"},
            "mm sections ": {"mm sections --all", "mm sections 0", "mm sections 1"},
            "mm map --s": {"mm map --svg"},
            f"mm export {str(target)[:-3]}": {f"mm export {target}"},
            "mm dashboard o": {"mm dashboard on", "mm dashboard off"},
            "set mm color ": {"set mm color auto", "set mm color on", "set mm color off"}}
    cmd = [os.path.join(ROOT, "scripts", "mm-gdb"), "--topology", "two-node", "-batch", "-ex", "mm-goto last"]
    for a in asks:
        cmd += ["-ex", "echo @@@\\n", "-ex", f"complete {a}"]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=170)
    got = [set(p.strip().splitlines()) for p in r.stdout.split("@@@\n")[1:]]
    for (a, want), have in zip(asks.items(), got):
        assert want <= have, (a, sorted(have))


def test_help_summaries_are_whole_sentences():
    """`help mm` and `help user-defined`: every command's summary is one whole sentence that fits
    an 80-column line; `help mm` fits a 30-row screen."""
    r = subprocess.run([os.path.join(ROOT, "scripts", "mm-gdb"), "--topology", "two-node", "-batch", "-ex",
                        "help mm", "-ex", "echo @@@\\n", "-ex", "help user-defined"],
                       cwd=ROOT, capture_output=True, text=True, timeout=170)
    mm, user = r.stdout.split("@@@\n")
    assert len(mm.rstrip("\n").split("\n")) < 30, mm
    summaries = [l for l in (mm + user).splitlines() if re.match(r"(mm[ -]\S+|mm) -- ", l)]
    assert len(summaries) >= 20, summaries
    for line in summaries:
        assert len(line) < 80 and line.endswith(".") and line.count(". ") == 0, line
