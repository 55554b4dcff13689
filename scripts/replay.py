"""Boot the replay kernel headless and print its serial log (make run).

Exit status: 0 once the kernel has passed its last checkpoint; 1 on a kernel panic (its line is
in the log) or if QEMU stops early; 2 for a machine or command line that cannot work (one line,
before QEMU starts); 124 after a timeout. Nothing hangs, nothing outlives us: QEMU is killed on
timeout, and dies with us however we end (scripts/session.py).
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import session  # noqa: E402
import topology  # noqa: E402


def run(topo, machine, cmdline, timeout=None, out=sys.stdout, kernel=topology.KERNEL):
    """Boot once; stream the log to out; return (status, log text)."""
    options = topology.machine_options(topo, machine)
    full_cmdline = topology.kernel_cmdline(topo, machine, cmdline)
    topology.check(options, full_cmdline, kernel)
    if "-S" in options:
        raise topology.TopologyError("-S is not allowed here: nothing would start the paused machine "
                                     "(make walkthrough starts it under GDB)")
    if timeout is None:
        timeout = 60 + 4 * topology.memory_mib(options) // 1024
    cmd = topology.qemu_command(options, full_cmdline, kernel=kernel)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            preexec_fn=session.child_setup())
    try:
        return _follow(proc, timeout, out)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def _follow(proc, timeout, out):
    lines = []
    deadline = time.monotonic() + timeout
    os.set_blocking(proc.stdout.fileno(), False)
    pending = b""
    while True:
        chunk = proc.stdout.read() or b""
        pending += chunk
        *complete, pending = pending.split(b"\n")
        for raw in complete:
            line = raw.decode(errors="replace").rstrip("\r")
            lines.append(line)
            if out:
                print(line, file=out, flush=True)
        if proc.poll() is not None and not chunk:
            break
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            msg = f"mm-step: timeout: no end after {timeout} s (QEMU killed)"
            lines.append(msg)
            if out:
                print(msg, file=out)
            return 124, "\n".join(lines)
        if not chunk:
            time.sleep(0.02)
    if pending:
        lines.append(pending.decode(errors="replace").rstrip("\r"))
    rc = proc.returncode
    if rc == topology.EXIT_DONE:
        return 0, "\n".join(lines)
    if rc != topology.EXIT_PANIC:
        msg = f"mm-step: QEMU stopped with status {rc} before the last checkpoint"
        lines.append(msg)
        if out:
            print(msg, file=out)
    return 1, "\n".join(lines)


class OneLineParser(argparse.ArgumentParser):
    """A usage error is one line, as every other refusal."""

    def error(self, message):
        self.exit(2, f"mm-step: {message} (see {self.prog} --help)\n")


def main():
    ap = OneLineParser(description=__doc__.splitlines()[0])
    ap.add_argument("--topology", default=topology.DEFAULT)
    ap.add_argument("--machine", default="", help="QEMU machine options, replacing the preset's")
    ap.add_argument("--cmdline", default="", help="added to the kernel command line")
    ap.add_argument("--timeout", type=int, help="seconds (default: 60 + 4 per GiB of guest memory)")
    args = ap.parse_args()
    if not os.path.exists(topology.KERNEL):
        sys.exit("mm-step: build/kernel.elf is missing: run make first")
    session.exit_on_signals()
    try:
        status, _ = run(args.topology or topology.DEFAULT, args.machine, args.cmdline, args.timeout)
    except topology.TopologyError as e:
        print(f"mm-step: {e}", file=sys.stderr)
        sys.exit(2)
    except FileNotFoundError:
        sys.exit("mm-step: qemu-system-x86_64 not found: run scripts/install-deps")
    sys.exit(status)


if __name__ == "__main__":
    main()
