"""Run a real Linux kernel under QEMU and collect its serial log, never hanging: shared by the
Debian 6.1 oracle (linux-boot) and the Linux 4.19 reference (linux419.py)."""
import hashlib
import subprocess
import tempfile
import threading
import time


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def serial_log(argv, timeout, stop=(b"---[ end Kernel panic",), times=None):
    """Run QEMU (its serial console on stdout); return (log text, seconds, reason-or-None).

    QEMU is killed after @timeout seconds, or as soon as a line containing one of @stop is out
    (the reason is then that line's marker). @times, a dict whose keys are markers, gets for each
    the seconds from QEMU's start to the first line containing it (make bench)."""
    t0 = time.monotonic()
    why = None
    with tempfile.TemporaryFile() as errf:
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errf)
        state = {"timed_out": False}

        def expire():
            state["timed_out"] = True
            p.kill()

        timer = threading.Timer(timeout, expire)
        timer.start()
        chunks = []
        try:
            for line in p.stdout:
                chunks.append(line)
                for mark in times or ():
                    if times[mark] is None and mark in line:
                        times[mark] = time.monotonic() - t0
                hit = next((m for m in stop if m in line), None)
                if hit is not None:
                    why = hit.decode()
                    p.kill()
                    break
        finally:
            p.kill()
            p.wait()
            timer.cancel()
        errf.seek(0)
        err = errf.read().decode(errors="replace").strip()
    if state["timed_out"]:
        why = f"timed out after {timeout} s"
    elif why is None and p.returncode != 0:
        why = f"qemu exited with status {p.returncode}: " + "; ".join(err.splitlines())[-300:]
    secs = time.monotonic() - t0
    log = b"".join(chunks).decode("utf-8", errors="replace").replace("\r", "")
    return log, secs, why
