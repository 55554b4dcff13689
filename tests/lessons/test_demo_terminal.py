"""make demo in real terminals: a tmux session of 80x24 and of 100x30 in which `scripts/demo` is
started the way a user inside tmux starts it. It opens a new window in that session (no nested
session); the serial and caption panes never have a line that wraps or reaches the last column;
GDB never shows a pager or confirm prompt; the end card stays until q, which closes the window
and leaves the user's session as it was. Presenter mode moves only on a key."""
import os
import shutil
import subprocess
import time

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEMO = os.path.join(REPO, "scripts", "demo")
PROMPTS = ("--Type <RET>", "(y or n)")
SOCKETS = os.path.join(os.environ.get("TMUX_TMPDIR", "/tmp"), f"tmux-{os.getuid()}")


class Tmux:
    """A private tmux server with one session of @width x @height running a shell."""

    def __init__(self, width, height):
        self.name = f"mm-demo-test-{os.getpid()}-{time.monotonic_ns()}"
        self("-f", "/dev/null", "start-server", ";", "set", "-g", "default-size", f"{width}x{height}", ";",
             "set", "-g", "status", "off", ";", "set", "-g", "automatic-rename", "off", ";",
             "new-session", "-d", "-s", "user", "-n", "shell", "-x", str(width), "-y", str(height), "-c", REPO,
             "env -u MM_DEMO_TMUX bash --norc --noprofile")

    def __call__(self, *args, check=True):
        r = subprocess.run(["tmux", "-L", self.name, *args], capture_output=True, text=True)
        if check and r.returncode:
            raise RuntimeError(f"tmux {' '.join(args)}: {r.stderr.strip()}")
        return r.stdout

    def windows(self):
        return self("list-windows", "-a", "-F", "#{session_name}:#{window_name}", check=False).split()

    def panes(self, window):
        """[(pane id, width)] in the order the demo makes them: GDB, serial, caption."""
        out = self("list-panes", "-t", window, "-F", "#{pane_id} #{pane_width}", check=False).split("\n")
        return [(p, int(w)) for p, w in sorted((l.split() for l in out if l), key=lambda x: int(x[0][1:]))]

    def text(self, pane):
        return self("capture-pane", "-p", "-t", pane, check=False)

    def kill(self):
        self("kill-server", check=False)
        try:
            os.unlink(os.path.join(SOCKETS, self.name))     # tmux leaves it behind
        except OSError:
            pass


def joined(t, pane):
    """The pane's lines with the ones tmux wrapped joined again, trailing spaces dropped."""
    return [r.rstrip() for r in t("capture-pane", "-p", "-J", "-t", pane, check=False).split("\n")]


def wait_for(predicate, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def demo_window(t):
    return wait_for(lambda: next((w for w in t.windows() if w.endswith(":mm-demo")), None) and
                    len(t.panes("user:mm-demo")) == 3 and "user:mm-demo", 30, "the demo's window")


@pytest.fixture
def tools():
    if not os.path.exists(os.path.join(REPO, "build", "kernel.elf")):
        pytest.fail("build/kernel.elf missing: make")
    if not shutil.which("tmux"):
        subprocess.run([os.path.join(REPO, "scripts", "install-deps")])


@pytest.mark.parametrize("width,height", [(80, 24), (100, 30)])
def test_demo_fits_the_terminal(tools, width, height):
    t = Tmux(width, height)
    try:
        t("send-keys", "-t", "user", f"PRESENTER= {DEMO} --lesson 05 --speed 8; echo launched-$?", "Enter")
        window = demo_window(t)
        assert sorted(t.windows()) == ["user:mm-demo", "user:shell"]       # a new window, not a nested session
        gdb_wraps, last_caption = 0, ""
        end = time.monotonic() + 300
        while "The end of lesson" not in last_caption:
            assert time.monotonic() < end, "the demo did not reach its end card in 300 s"
            panes = t.panes(window)
            zoomed = t("display-message", "-p", "-t", window, "#{window_zoomed_flag}").strip() == "1"
            if len(panes) != 3:
                break
            (gdb, _), (serial, serial_w), (caption, caption_w) = panes
            for pane, pane_w in ((serial, serial_w), (caption, caption_w)):
                # -J joins the lines tmux wrapped: one too wide is a wrap, one as wide is about to
                wide = [r for r in joined(t, pane) if len(r) >= pane_w]
                assert not wide, f"{width}x{height}: a line of pane {pane} wraps or reaches the last column: {wide[0]!r}"
            screen = t.text(gdb)
            assert not any(p in screen for p in PROMPTS), f"{width}x{height}: a prompt in GDB:\n{screen}"
            gdb_wraps = max(gdb_wraps, sum(len(r) > width for r in joined(t, gdb)))
            last_caption = t.text(caption) if zoomed else last_caption
            time.sleep(0.3)
        assert "The end of lesson" in last_caption
        time.sleep(2)
        assert "The end of lesson" in t.text(caption), "the end card did not stay"
        t("send-keys", "-t", caption, "q")
        wait_for(lambda: not any(w.endswith(":mm-demo") for w in t.windows()), 20, "q to close the window")
        assert t.windows() == ["user:shell"]
        assert "launched-0" in t.text("user")
        print(f"{width}x{height}: at most {gdb_wraps} lines of GDB's pane wrapped at once (plugin output)")
    finally:
        t.kill()


def test_presenter_moves_only_on_a_key(tools):
    t = Tmux(100, 30)
    try:
        t("send-keys", "-t", "user", f"PRESENTER=1 {DEMO} --lesson 05", "Enter")
        window = demo_window(t)
        gdb, _, caption = [p for p, _ in t.panes(window)]
        wait_for(lambda: "(gdb)" in t.text(gdb), 60, "GDB's prompt")
        time.sleep(3)
        title = t.text(caption)
        assert "mm-step" in title and "presenter" in title and \
            t("display-message", "-p", "-t", window, "#{window_zoomed_flag}").strip() == "1"
        t("send-keys", "-t", caption, "Enter")
        wait_for(lambda: "05 — zone_sizes_init" in t.text(caption).split("\n")[0], 10, "the first caption")
        time.sleep(3)
        assert "mm-goto" not in t.text(gdb), "presenter mode typed a command without a key"
        t("send-keys", "-t", caption, "Right")
        wait_for(lambda: "(gdb) mm-goto zone_sizes_init" in t.text(gdb), 30, "the first command after a key")
        t("send-keys", "-t", caption, "q")
        wait_for(lambda: not any(w.endswith(":mm-demo") for w in t.windows()), 20, "q to close the window")
    finally:
        t.kill()


def test_outside_tmux_it_attaches_and_cleans_up(tools):
    """Without $TMUX the demo runs its own tmux server and attaches the terminal to it; q ends it
    all, the server's socket included."""
    before = set(os.listdir(SOCKETS)) if os.path.isdir(SOCKETS) else set()
    t = Tmux(100, 30)
    try:
        t("send-keys", "-t", "user", f"env -u TMUX PRESENTER= {DEMO} --lesson 05 --speed 8; echo launched-$?", "Enter")
        wait_for(lambda: "Linux 4.19's boot-time memory initialisation" in t.text("user"), 30, "the title card")
        wait_for(lambda: "The end of lesson" in t.text("user"), 300, "the end card")
        t("send-keys", "-t", "user", "q")
        wait_for(lambda: "launched-0" in t.text("user"), 20, "q to end the demo")
        time.sleep(0.5)
        left = {s for s in os.listdir(SOCKETS) if s.startswith("mm-demo-") and not s.startswith("mm-demo-test")} - before
        assert not left, f"demo tmux servers or their sockets left behind: {left}"
    finally:
        t.kill()
