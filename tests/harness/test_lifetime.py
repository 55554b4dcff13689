"""However a session ends, its processes die and its files go; leftovers of dead sessions are swept;
what it creates is private."""
import glob
import os
import pty
import signal
import stat
import subprocess
import tempfile
import time

import pytest

from conftest import MM_GDB, RUN, REPO, alive, argv, one_line_refusal, session_of, wait_for

import session

SLOW = "-m 64M -d exec,nochain,cpu -D /dev/null"
HOLD = ["-batch", "-ex", "mm-goto 1", "-ex", "python import time; time.sleep(120)"]


def plugin_folders():
    return set(glob.glob("/dev/shm/mm-step-*"))


def assert_gone(pids, folders, timeout=15):
    left = wait_for(lambda: not [p for p in pids if p and alive(p)] and not [f for f in folders if os.path.exists(f)],
                    timeout)
    assert left, (f"still running: {[(p, argv(p)) for p in pids if p and alive(p)]}; "
                  f"still there: {[f for f in folders if os.path.exists(f)]}")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
@pytest.mark.parametrize("machine", ["-m 64M", "-m 2G,slots=2,maxmem=4G"])  # RAM files, and none (memsave)
def test_mm_gdb_killed_leaves_nothing(sig, machine):
    before = plugin_folders()
    proc = subprocess.Popen([MM_GDB, "--machine", machine, *HOLD[:3], "-ex", "mm memblock", *HOLD[3:]],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        qemu, gdb, folders = session_of(proc.pid)
        time.sleep(1.5)
        os.kill(proc.pid, sig)
        proc.wait(30)
        assert_gone([qemu, gdb], folders | (plugin_folders() - before))
    finally:
        if proc.poll() is None:
            proc.kill()


def test_terminal_closed_leaves_nothing():
    pid, master = pty.fork()
    if pid == 0:
        os.execv(MM_GDB, [MM_GDB, "--machine", "-m 64M", *HOLD])
    try:
        qemu, gdb, folders = session_of(pid)
        os.close(master)     # the terminal goes: SIGHUP to its session
        wait_for(lambda: os.waitpid(pid, os.WNOHANG)[0], 30)
        assert_gone([pid, qemu, gdb], folders)
    finally:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL, signal.SIGINT])
def test_make_run_killed_leaves_no_qemu(sig):
    # QEMU logging every block it runs is slow: the run is still going when it is killed
    proc = subprocess.Popen(["python3", RUN, "--machine", SLOW, "--timeout", "120"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        qemu, _, _ = session_of(proc.pid, with_gdb=False)
        os.kill(proc.pid, sig)
        _, err = proc.communicate(timeout=30)
        assert_gone([qemu], [])
        assert b"Traceback" not in err     # Ctrl-C ends it quietly too
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.parametrize("tool", ["mm-gdb", "run"])
@pytest.mark.parametrize("option", ["-daemonize", "--daemonize"])
def test_daemonize_refused(tool, option):
    cmd = [MM_GDB, "-batch"] if tool == "mm-gdb" else ["python3", RUN]
    r = subprocess.run(cmd + ["--machine", f"-m 64M {option}"], capture_output=True, text=True, timeout=30)
    assert "daemonize is not allowed" in one_line_refusal(r)


def test_sweep_removes_dead_sessions_only(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    tmp = tempfile.gettempdir()
    dead_dirs = [tempfile.mkdtemp(prefix=f"mm-gdb-{dead.pid}-", dir=tmp),
                 tempfile.mkdtemp(prefix=f"mm-gdb-ram-{dead.pid}-", dir="/dev/shm")]
    with open(os.path.join(dead_dirs[1], "mm-step-ram"), "wb") as f:
        f.truncate(1 << 20)
    live_dirs = [session.private_dir("mm-gdb-"), session.private_dir("mm-gdb-ram-", "/dev/shm"),
                 tempfile.mkdtemp(prefix="mm-gdb-", dir=tmp)]     # a session before pids in names, young
    try:
        # sweep as a new session does, from another process (this one owns the live folders)
        subprocess.run(["python3", "-c", "import session; session.sweep()"], cwd=os.path.join(REPO, "scripts"),
                       check=True)
        assert [d for d in dead_dirs if os.path.exists(d)] == []
        assert [d for d in live_dirs if not os.path.exists(d)] == []
    finally:
        for d in dead_dirs + live_dirs:
            subprocess.run(["rm", "-rf", d])


def test_session_folders_and_serial_are_private(tmp_path):
    serial = tmp_path / "serial.log"
    serial.write_text("old\n")
    os.chmod(serial, 0o644)
    fresh = tmp_path / "fresh.log"
    proc = subprocess.Popen([MM_GDB, "--machine", "-m 64M", "--serial", str(serial), *HOLD],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    proc2 = subprocess.Popen([MM_GDB, "--machine", "-m 64M", "--serial", str(fresh), *HOLD],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _, _, folders = session_of(proc.pid)
        session_of(proc2.pid)
        assert folders
        for f in folders:
            assert stat.S_IMODE(os.stat(f).st_mode) == 0o700, f
        wait_for(lambda: "Linux" in serial.read_text(errors="replace"), 20)
        assert stat.S_IMODE(os.stat(serial).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o600
        assert "old" not in serial.read_text(errors="replace")
    finally:
        proc.kill()
        proc2.kill()
        proc.wait()
        proc2.wait()


def test_serial_that_cannot_be_written_is_one_line(tmp_path):
    r = subprocess.run([MM_GDB, "--machine", "-m 64M", "--serial", str(tmp_path), "-batch"],
                       capture_output=True, text=True, timeout=30)
    assert str(tmp_path) in one_line_refusal(r)
    # a symbolic link is not followed: it could point into someone else's files
    link, target = tmp_path / "link", tmp_path / "target"
    link.symlink_to(target)
    r = subprocess.run([MM_GDB, "--machine", "-m 64M", "--serial", str(link), "-batch"],
                       capture_output=True, text=True, timeout=30)
    one_line_refusal(r)
    assert not target.exists()


@pytest.fixture
def small_tmpdir(tmp_path):
    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k,mode=1777", "tmpfs", str(mnt)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs (not root?)")
    yield str(mnt)
    subprocess.run(["umount", "-l", str(mnt)])


def test_too_small_tmpdir_is_one_line(small_tmpdir):
    r = subprocess.run([MM_GDB, "--machine", "-m 64M", "-batch", "-ex", "mm-goto 1"], capture_output=True, text=True,
                       timeout=60, env=dict(os.environ, TMPDIR=small_tmpdir))
    assert "TMPDIR" in one_line_refusal(r)
    assert os.listdir(small_tmpdir) == []
