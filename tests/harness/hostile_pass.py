#!/usr/bin/python3
"""A hostile (or clumsy) user's pass over the harness: machines, kernel command lines, topology
names, mm-gdb arguments, make variables, kills at random moments, sessions at once. Each input is
classified: a clean answer (success, or one line saying why not, or the kernel's one panic line),
a traceback, a hang (no end within the time a boot needs), and after each: leftovers (processes
or folders of the session still there 10 s after it ended).

    python3 tests/harness/hostile_pass.py [--seed N] [--quick]

Not a pytest file: it takes minutes, and it prints totals for a human (the lead's issue notes).
The regressions it found are tests in tests/harness and tests/boot.
"""
import argparse
import glob
import os
import pty
import random
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MM_GDB = os.path.join(REPO, "scripts", "mm-gdb")
RUN = os.path.join(REPO, "scripts", "run")
KERNEL = os.path.join(REPO, "build", "kernel.elf")

PARAMS = ["mem", "numa", "memblock", "kernelcore", "movablecore", "acpi", "reservelow", "mminit_loglevel",
          "acpi_force_table_verification", "console", "nokaslr", "init", "--"]
VALUES = ["1G", "512M", "0", "abc", "", "\"1G\"", "'1G'", "fake=2", "fake=3*512M", "fake=abc", "off", "noacpi",
          "debug", "50%", "101%", "mirror", "0x1000000", "-1", "99999999999999999999", "1G=2", "\"", "=", "1G\"x",
          "fake=64", "fake=65", "fake=1,2,3", "64k", "1e", "1P"]


class Tally:
    def __init__(self):
        self.tried = self.clean = self.tracebacks = self.hangs = self.leftovers = self.dying_words = 0
        self.notes = []

    def add(self, what, clean, traceback=False, hang=False, left=None):
        self.tried += 1
        self.clean += clean and not traceback and not hang and not left
        self.tracebacks += traceback
        self.hangs += hang
        self.leftovers += bool(left)
        if not clean or traceback or hang or left:
            self.notes.append(f"{what[:160]!r}: " + ", ".join(
                k for k, v in (("unclear answer", not clean), ("traceback", traceback), ("hang", hang),
                               (f"leftovers {left}", left)) if v))


def session_leftovers(pid):
    """Folders named after session @pid, and processes still using them, 10 s after it ended."""
    def look():
        folders = glob.glob(f"/tmp/mm-gdb-{pid}-*") + glob.glob(f"/dev/shm/mm-gdb-ram-{pid}-*")
        procs = []
        for p in os.listdir("/proc"):
            if p.isdigit():
                try:
                    with open(f"/proc/{p}/cmdline", "rb") as f:
                        if f"mm-gdb-{pid}-".encode() in f.read():
                            procs.append(int(p))
                except OSError:
                    pass
        return folders + [f"pid {p}" for p in procs]
    deadline = time.monotonic() + 10
    while look() and time.monotonic() < deadline:
        time.sleep(0.2)
    return look()


def orphan_qemus():
    """QEMUs of `make run` (serial on stdio, our kernel) whose parent is gone."""
    out = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/cmdline", "rb") as f:
                    args = f.read().split(b"\0")
                with open(f"/proc/{p}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if args[:1] == [b"qemu-system-x86_64"] and KERNEL.encode() in args and ppid == 1:
                out.append(int(p))
    return out


def judge_output(rc, out, err):
    """Clean: success; or one line on stderr; or the kernel's one panic line; or QEMU's own
    refusal followed by make run's line saying QEMU stopped."""
    traceback = "Traceback (most recent call last)" in out + err or "Python Exception" in out + err
    err_lines = [l for l in err.splitlines() if l.strip()]
    out_lines = [l for l in out.splitlines() if l.strip()]
    panic = [l for l in out_lines if "Kernel panic - not syncing" in l]
    qemu_said = len(out_lines) <= 3 and out_lines and out_lines[-1].startswith("mm-step: QEMU stopped")
    clean = rc == 0 or len(err_lines) == 1 or (len(panic) == 1 and len(err_lines) <= 1) or bool(qemu_said)
    return clean, traceback


def run_case(tally, what, machine=None, cmdline=None, topo=None, timeout=40):
    args = ["python3", RUN, "--timeout", str(timeout)]
    for flag, value in (("--machine", machine), ("--cmdline", cmdline), ("--topology", topo)):
        if value is not None:
            args += [flag + "=" + value]
    before = set(orphan_qemus())
    try:
        r = subprocess.run(args, capture_output=True, timeout=timeout + 30)
        out, err = r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
        clean, tb = judge_output(r.returncode, out, err)
        hang = r.returncode == 124
    except subprocess.TimeoutExpired:
        clean, tb, hang = False, False, True
    time.sleep(0.2)
    tally.add(what, clean, tb, hang, sorted(set(orphan_qemus()) - before))


def gdb_case(tally, what, args, timeout=90, kill=None):
    proc = subprocess.Popen([MM_GDB] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    hang = False
    try:
        if kill:
            time.sleep(kill[1])
            proc.send_signal(kill[0])
        out, err = proc.communicate(timeout=timeout)
        out, err = out.decode(errors="replace"), err.decode(errors="replace")
        clean, tb = (True, False) if kill else judge_output(proc.returncode, out, err)
        # several commands: one line of answer each at most (an error of GDB's is one line)
        lines = [l for l in err.splitlines() if l.strip()]
        clean = clean or (not kill and 0 < len(lines) <= args.count("-ex") and "Traceback" not in err)
        # GDB's own last words when our SIGTERM (so that its plugin removes its files) ends it inside
        # Python: a KeyboardInterrupt traceback, its death, not an answer: counted apart
        dying = "Exception ignored in: <gdb._GdbFile" in err or err.rstrip().endswith("KeyboardInterrupt")
        tally.dying_words += dying
        tb = tb or ("Traceback (most recent call last)" in err and not dying)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        clean, tb, hang = False, False, True
    tally.add(what, clean, tb, hang, session_leftovers(proc.pid))


def random_cmdline(rng):
    words = []
    for _ in range(rng.randint(0, 8)):
        p = rng.choice(PARAMS)
        words.append(p if rng.random() < 0.2 else f"{p}={rng.choice(VALUES)}")
    if rng.random() < 0.15:
        words.insert(rng.randint(0, len(words)), rng.choice(["\"", "\"a b\"", "\"mem=1G\"", "\t", "\u00a0", "é"]))
    return " ".join(words)


MACHINES = ["", " ", "-m 0", "-m 1M", "-m 16M", "-m 16.5M", "-m 16900K", "-m 17M", "-m 17.5M", "-m 20M", "-m 64M",
            "-m 1G", "-m 1.5G", "-m size=512M", "-m abc", "-m -1", "-m", "-m 2G,slots=2,maxmem=4G", "-m 1G -smp 4",
            "-m 1G -smp 0", "-m 1G -smp 300", "-machine q35 -m 3136M", "-machine isapc -m 64M", "-M pc -m 512M",
            "-m 1G -numa node,nodeid=0", "-m 1G -numa node,nodeid=70", "-m 1G -numa node -numa node",
            "-m 1G -object memory-backend-ram,id=r,size=1G -numa node,memdev=r",
            "-m 2G -object memory-backend-ram,id=r,size=1G -numa node,memdev=r",
            "-m 1G -numa node,mem=512M -numa node,mem=512M", "-m 1G -daemonize", "-m 1G --daemonize", "-s", "-m 1G -gdb tcp::1",
            "-m 1G -vnc :5", "-m 1G -serial tcp::5555,server=on", "-m 1G -monitor stdio", "-m 1G -nographic",
            "-m 1G -kernel /bin/true", "-m 1G -append x", "-m 1G '", "-m 1G \"", "-m 1G \\", "-m 1G -no-reboot",
            "-m 1G -S", "-m 1G -name 'a b'", "-m 1G -cpu max", "-m 1G -cpu nonexistent", "-bogus", "-m 1G -accel kvm",
            "-m 1G -device isa-debug-exit", "-m 1G -chardev socket,id=c,port=1,host=0.0.0.0,server=on", "-m 1G; touch /tmp/x",
            "-m 1G $(touch /tmp/x)", "-m 1G `id`", "-m 1G " + "x" * 100000, "-m 1G\n-smp 2", "-m 4G -smp 2"]
TOPOLOGIES = ["two-node", "one-node", "qboot", "q35-odd", "memoryless-node", "four-node-16g", "", "..", "../../x",
              "/etc/passwd", "two-node/../two-node", "TWO-NODE", "two-node ", "-x", "two\nnode", "*", "two-node.machine"]
GDB_ARGS = [[], ["--machine"], ["--topology"], ["--serial"], ["--serial", "/"], ["--serial", "/nonexistent/dir/x"],
            ["--serial", "/dev/null"], ["--machine=-m 64M"], ["--machine", "-m 64M", "--machine", "-m 16M"],
            ["--bogus"], ["-ex", "mm-goto 99"], ["-ex", "mm-goto last"], ["-ex", "mm-goto -1"], ["-ex", "mm-goto x:y"],
            ["-ex", "monitor quit"], ["-ex", "kill"], ["-ex", "detach"], ["-ex", "target remote /nonexistent"],
            ["-ex", "mm-goto 1", "-ex", "mm-back", "-ex", "mm-back"], ["-ex", "mm-restart", "-ex", "mm-goto last"],
            ["-ex", "mm e820"], ["-ex", "mm memblock"], ["-ex", "mm zones"], ["-ex", "mm page 99999999999"],
            ["-ex", "mm page -1"], ["-ex", "mm vmemmap abc"], ["-ex", "mm-goto last", "-ex", "mm page 0x100000000000"],
            ["-ex", "continue"], ["-ex", "stepi 100"], ["-ex", "mm-goto last", "-ex", "mm-step", "-ex", "mm-step"]]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--quick", action="store_true", help="a tenth of the random inputs")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    if not os.path.exists(KERNEL):
        sys.exit("hostile_pass: build/kernel.elf is missing: run make first")
    t = Tally()
    t0 = time.monotonic()
    for m in MACHINES:
        run_case(t, f"MACHINE {m}", machine=m)
    for topo in TOPOLOGIES:
        run_case(t, f"TOPOLOGY {topo}", topo=topo)
    for n in range(15 if args.quick else 150):
        c = random_cmdline(rng)
        run_case(t, f"CMDLINE {c}", machine="-m 512M", cmdline=c)
    for size in (2046, 2047, 2048, 4500, 20000, 24576, 100000):
        run_case(t, f"CMDLINE of {size} bytes", machine="-m 512M", cmdline="x" * size)
    for extra in GDB_ARGS:
        gdb_case(t, f"mm-gdb {extra}", (["--machine", "-m 256M"] if "--machine" not in extra else []) + extra + ["-batch"])
    for m in ["-m 16M", "-m 17M", "-m 1G -daemonize", "-m 1G '", "-m 16G,slots=2,maxmem=32G"]:
        gdb_case(t, f"mm-gdb --machine {m}", ["--machine", m, "-batch", "-ex", "mm-goto 1", "-ex", "mm check"])
    sigs = [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL, signal.SIGINT]
    for n in range(8 if args.quick else 40):
        sig, when = rng.choice(sigs), rng.uniform(0.05, 3)
        machine = rng.choice(["-m 256M", "-m 2G,slots=2,maxmem=4G", "-m 6G"])
        gdb_case(t, f"mm-gdb {machine} killed by {sig.name} after {when:.2f} s",
                 ["--machine", machine, "-batch", "-ex", "mm-goto last", "-ex", "mm check", "-ex", "mm-back"],
                 kill=(sig, when))
    for n in range(3 if args.quick else 10):
        sig, when = rng.choice(sigs[:3]), rng.uniform(0.05, 2)
        proc = subprocess.Popen(["python3", RUN, "--machine", "-m 256M -d exec,nochain,cpu -D /dev/null", "--timeout", "30"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(when)
        proc.send_signal(sig)
        proc.wait()
        time.sleep(0.5)
        t.add(f"make run killed by {sig.name} after {when:.2f} s", True, left=orphan_qemus())
    for n in range(2 if args.quick else 6):
        pid, master = pty.fork()
        if pid == 0:
            os.execv(MM_GDB, [MM_GDB, "--machine", "-m 256M", "-ex", "mm-goto 1"])
        time.sleep(rng.uniform(0.5, 3))
        os.close(master)
        os.waitpid(pid, 0)
        t.add(f"terminal closed under mm-gdb ({n})", True, left=session_leftovers(pid))
    procs = [subprocess.Popen([MM_GDB, "--machine", "-m 512M", "-batch", "-ex", "mm-goto last", "-ex", "mm zones"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    for i, p in enumerate(procs):
        if i % 2:
            time.sleep(0.5)
            p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=120)
        ok = i % 2 or b"DMA32" in out
        t.add(f"four sessions at once ({i})", bool(ok), b"Traceback" in err, left=session_leftovers(p.pid))
    for value in ["x'; touch /tmp/hostile-made; echo '", "$(shell touch /tmp/hostile-made)", "`touch /tmp/hostile-made`",
                  "$$(touch /tmp/hostile-made)", "\"; touch /tmp/hostile-made; echo \""]:
        for var in ("CMDLINE", "MACHINE", "TOPOLOGY"):
            r = subprocess.run(["make", "-s", "run", f"{var}={value}"] + (["MACHINE=-m 64M"] if var == "CMDLINE" else []),
                               cwd=REPO, capture_output=True, text=True, timeout=300)
            made = os.path.exists("/tmp/hostile-made")
            if made:
                os.unlink("/tmp/hostile-made")
            clean, tb = judge_output(r.returncode, r.stdout, "\n".join(
                l for l in r.stderr.splitlines() if not l.startswith("make: ***")))
            t.add(f"make run {var}={value}", clean and not made, tb)
    print(f"hostile pass (seed {args.seed}, {time.monotonic() - t0:.0f} s): {t.tried} inputs tried, {t.clean} clean "
          f"answers, {t.tracebacks} tracebacks, {t.hangs} hangs, {t.leftovers} with leftovers "
          f"({t.dying_words} killed GDBs printed Python's 'Exception ignored' as they died)")
    for note in t.notes:
        print("  " + note)
    return 0 if t.clean == t.tried else 1


if __name__ == "__main__":
    sys.exit(main())
