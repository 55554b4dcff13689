"""A session's lifetime: however it ends (GDB's quit, Ctrl-C, SIGTERM, SIGHUP from a closed terminal,
SIGKILL), the processes it started die with it and the folders it made go.

- Children get PR_SET_PDEATHSIG: the kernel signals them when we die, even by SIGKILL; QEMU never
  gets -daemonize (scripts/topology.py refuses it), which would escape that.
- SIGTERM and SIGHUP become SystemExit, so every `finally` runs.
- A janitor, in a session of its own, waits for the pipe from us to close -- which happens however
  we die -- then stops what is left of our children and removes our folders.
- At start, folders of dead sessions of this user (a janitor killed too, a power cut on a
  persistent /tmp) are swept: each folder's name carries the pid of the session that made it.
"""
import ctypes
import glob
import os
import re
import shutil
import signal
import tempfile
import time

PR_SET_PDEATHSIG = 1
SHM = "/dev/shm"
# folder name prefixes: ours carry the owner's pid; the GDB plugin's bulk-read folders do not
SESSION_PREFIXES = ("mm-gdb-", "mm-gdb-ram-")
PLUGIN_PREFIX = "mm-step-"


def child_setup(deathsig=signal.SIGKILL):
    """preexec_fn for a child: @deathsig when we die, and files it creates private (umask 077)."""
    def setup():
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, deathsig)
        os.umask(0o077)
    return setup


def exit_on_signals():
    """SIGTERM, SIGHUP (the terminal closed) and SIGINT (Ctrl-C) end us through SystemExit, quietly
    (no KeyboardInterrupt traceback): `finally` blocks run."""
    def handler(signum, frame):
        raise SystemExit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, handler)


def _boot_time():
    with open("/proc/stat") as f:
        return int(re.search(r"^btime (\d+)", f.read(), re.M).group(1))


def start_time(pid):
    """(uid, start time in seconds since the epoch) of a live process, or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        uid = os.stat(f"/proc/{pid}").st_uid
    except (OSError, IndexError):
        return None
    return uid, _boot_time() + int(fields[19]) / os.sysconf("SC_CLK_TCK")


def _alive_before(pid, when):
    """A live process @pid of this user that started before @when (so not a reused pid)."""
    st = start_time(pid)
    return st is not None and st[0] == os.getuid() and st[1] <= when + 1


def private_dir(prefix, base=None):
    """A new 0700 folder named @prefix<our pid>-XXXX, which sweep() can tell from a live one."""
    return tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=base)


def _own_folders(base, prefix):
    for path in glob.glob(os.path.join(glob.escape(base), prefix + "*")):
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if st.st_uid == os.getuid() and os.path.isdir(path) and not os.path.islink(path):
            yield path, st


def sweep():
    """Remove the folders of dead sessions of this user: ours (the pid in the name is gone, or is a
    newer process), and the plugin's bulk-read folders no live GDB of ours can own (each GDB makes
    its own after it starts). Returns the paths removed."""
    removed = []
    for base in {tempfile.gettempdir(), SHM}:
        for prefix in SESSION_PREFIXES:
            for path, st in _own_folders(base, prefix):
                if _session_dead(path, st, prefix):
                    shutil.rmtree(path, ignore_errors=True)
                    removed.append(path)
    gdbs = [st[1] for pid in _pids() for st in [start_time(pid)] if st and st[0] == os.getuid() and _comm(pid) == "gdb"]
    for path, st in _own_folders(SHM, PLUGIN_PREFIX):
        if not any(started <= st.st_ctime + 1 for started in gdbs):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _session_dead(path, st, prefix):
    m = re.fullmatch(re.escape(prefix) + r"(\d+)-[^-]+", os.path.basename(path))
    if m:
        return not _alive_before(int(m.group(1)), st.st_ctime)
    # made by an mm-gdb older than this file (no pid in the name): its QEMU's gdbstub socket is
    # gone, or its RAM folder is empty (the files are unlinked once QEMU has them), for a minute
    if re.fullmatch(re.escape(prefix) + r"[^-]+", os.path.basename(path)) is None or time.time() - st.st_ctime < 60:
        return False
    if prefix == "mm-gdb-":
        with open("/proc/net/unix") as f:
            return os.path.join(path, "gdb.sock") not in f.read()
    return not os.listdir(path)


def _pids():
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def _comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


class Janitor:
    """A process that outlives us only to clean up after us. watch(pid) adds a child it must see
    gone (SIGKILL after a grace period); folders given at the start are removed at the end."""

    def __init__(self, folders):
        r, self._w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            try:
                os.close(self._w)
                self._run(r, folders)
            finally:
                os._exit(0)
        os.close(r)

    def watch(self, pid):
        os.write(self._w, f"{pid} {start_time(pid)[1]}\n".encode())

    @staticmethod
    def _run(r, folders):
        os.setsid()
        for sig in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM, signal.SIGQUIT):
            signal.signal(sig, signal.SIG_IGN)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.closerange(3, r)
        os.closerange(r + 1, os.sysconf("SC_OPEN_MAX"))
        data = b""
        while True:
            chunk = os.read(r, 4096)   # EOF: our parent has ended, however it ended
            if not chunk:
                break
            data += chunk
        for line in data.decode().splitlines():
            pid, started = int(line.split()[0]), float(line.split()[1])
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and (start_time(pid) or (0, None))[1] == started:
                time.sleep(0.05)
            if (start_time(pid) or (0, None))[1] == started:
                os.kill(pid, signal.SIGKILL)
        for path in folders:
            shutil.rmtree(path, ignore_errors=True)
        sweep()
