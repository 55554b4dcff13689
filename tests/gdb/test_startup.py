"""GDB's start with the plugin: the modules only some commands need are not imported by loading
it (mm serve imports the web server when asked; SVG escaping goes without xml.sax, whose import
brings urllib.request, http.client and ssl: ~35 ms of every start, twice brought back by a new
import)."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NOT_AT_START = ("urllib.request", "http.client", "http.server", "socketserver", "ssl", "email.parser",
                "xml.sax")


def test_loading_the_plugin_imports_no_web_modules():
    probe = f"python import sys; print('loaded:', sorted(m for m in {NOT_AT_START!r} if m in sys.modules))"
    r = subprocess.run(["gdb", "-nx", "-batch", "-ex", f"source {ROOT}/gdb/mm-step.py", "-ex", probe,
                        os.path.join(ROOT, "build", "kernel.elf")], capture_output=True, text=True, timeout=60)
    assert "loaded: []" in r.stdout, r.stdout + r.stderr
