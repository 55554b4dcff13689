"""The kernel image GDB loaded: its .text and .rodata, read once when the plugin loads, to check
that the kernel QEMU runs is the same ELF (a `make` between QEMU's and GDB's start would give
wrong symbols, wrong counts, missed breakpoints)."""
import gdb

from . import elf, memory

_elf = {}


def remember():
    path = gdb.current_progspace().filename
    if not path or _elf.get("path") == path:
        return
    _elf.clear()
    _elf["path"] = path
    try:
        with open(path, "rb") as f:
            _elf["sections"] = elf.sections(f.read(), (".text", ".rodata"))
    except (OSError, ValueError):
        _elf["sections"] = []


def sections():
    return _elf.get("sections", [])


def object_size(name):
    """The size of data object @name as the ELF's symbol table defines it, None if unknown (read
    at the first call: only declarations GDB finds before the definition need it)."""
    if "objects" not in _elf:
        _elf["objects"] = {}
        try:
            with open(_elf.get("path") or gdb.current_progspace().filename, "rb") as f:
                _elf["objects"] = elf.object_sizes(f.read())
        except (OSError, TypeError, ValueError):
            pass
    return _elf["objects"].get(name)


def mismatch():
    """None when the guest's .text and .rodata equal the ELF's, else a short description."""
    return elf.first_difference(sections(), memory.read)
