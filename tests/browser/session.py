"""A GDB session as a student has one: scripts/mm-gdb reading commands from a pipe (so GDB's
event loop runs between them, as at a terminal), its output collected by a thread."""
import os
import queue
import re
import subprocess
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]+)")


class Session:
    def __init__(self, *args):
        self.proc = subprocess.Popen([os.path.join(ROOT, "scripts", "mm-gdb"), *args, "-q", "-nx"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, bufsize=1, cwd=ROOT)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.send("set pagination off")
        self.send("set confirm off")

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def send(self, cmd):
        self.proc.stdin.write(cmd + "\n")
        self.proc.stdin.flush()

    def expect(self, pattern, timeout=60):
        """The first match of @pattern in GDB's output from here on."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                line = ""
            if line is None or time.monotonic() > deadline:
                raise AssertionError(f"GDB did not print {pattern!r} within {timeout} s")
            m = re.search(pattern, line)
            if m:
                return m

    def serve(self):
        """`mm serve`: (port, token) from the URL it prints."""
        self.send("mm serve")
        m = self.expect(URL.pattern)
        return int(m.group(1)), m.group(2)

    def quit(self):
        if self.proc.poll() is None:
            try:
                self.send("quit")
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
