import os
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path[:0] = [os.path.join(REPO, "scripts")]
MM_GDB = os.path.join(REPO, "scripts", "mm-gdb")
RUN = os.path.join(REPO, "scripts", "run")


def one_line_refusal(r):
    """A refusal: non-zero, one line on stderr, no traceback, nothing on stdout."""
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert r.returncode != 0, r.stdout[-1000:]
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


def children(pid):
    """Direct children of @pid, from /proc."""
    out = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(p))
            except (OSError, IndexError, ValueError):
                pass
    return out


def argv(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
    except OSError:
        return []


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(cond, timeout, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(step)
    return cond()


def session_of(pid, with_gdb=True, timeout=30):
    """(QEMU pid, GDB pid or None, the folders QEMU was given) of the mm-gdb or scripts/run @pid,
    once its QEMU runs (and GDB has started, @with_gdb)."""
    def find():
        kids = children(pid)
        qemu = [k for k in kids if argv(k)[:1] == ["qemu-system-x86_64"]]
        gdb = [k for k in kids if argv(k)[:1] == ["gdb"]]
        if qemu and (gdb or not with_gdb):
            return qemu[0], (gdb or [None])[0]
        return None
    found = wait_for(find, timeout)
    assert found, f"no QEMU under {pid}: {argv(pid)}"
    qemu, gdb = found
    folders = set()
    for a in argv(qemu):
        for part in a.split(","):
            path = part.split("=", 1)[-1].replace("file:", "", 1)
            if path.startswith("/") and ("/mm-gdb" in path or "/mm-step" in path):
                folders.add(os.path.dirname(path))
    return qemu, gdb, folders
