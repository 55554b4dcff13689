"""Reading guest memory through GDB, and the one per-stop cache everything above builds on.

Virtual reads come from QEMU's RAM files when they hold them (guest.ramfiles registers itself as
the direct reader: a page-table walk and a file read instead of gdbstub packets -- 6.1's 174 KiB
pg_data_t took about 30 ms through them), else through the gdbstub (read_stub); physical ones through QEMU's physical-memory mode; big ranges through the
monitor's memsave (about 50x faster than the gdbstub) into a private file.
"""
import atexit
import mmap
import os
import shutil
import struct
import tempfile

import gdb

from ..model import MMError

_listeners = []
_direct = []        # read(addr, size) -> bytes or None: guest RAM without the gdbstub (guest.ramfiles)
_regs = {}          # (vCPU, register) -> value, read at this stop


def on_invalidate(fn):
    """Call @fn() whenever what was read may be stale: the target ran, stopped, or was written."""
    _listeners.append(fn)


def invalidate(*_):
    _regs.clear()
    for fn in _listeners:
        fn()


def install_hooks():
    for ev in (gdb.events.stop, gdb.events.cont, gdb.events.memory_changed, gdb.events.exited):
        ev.connect(invalidate)


def check_target():
    """MMError unless GDB is connected to a live QEMU."""
    inf = gdb.selected_inferior()
    if inf is None or inf.pid == 0 or not inf.threads():
        raise MMError("no live target: QEMU has gone or was never connected (start with scripts/mm-gdb)")


def check_range(addr, size, what):
    """MMError unless [addr, addr + size) is in the 64-bit address space (a corrupted pointer
    plus an offset can leave it)."""
    if not 0 <= addr <= addr + size <= 1 << 64:
        raise MMError(f"cannot read {what} at {addr:#x} ({size} bytes): beyond the 64-bit address space")


def read(addr, size, what="memory"):
    if size == 0:
        return b""
    check_range(addr, size, what)
    for direct in _direct:
        got = direct(addr, size)
        if got is not None:
            return got
    return read_stub(addr, size, what)


def read_stub(addr, size, what="memory"):
    """Read through the gdbstub, what QEMU itself says is there (in physical mode: physical memory)."""
    check_range(addr, size, what)
    try:
        return bytes(gdb.selected_inferior().read_memory(addr, size))
    except (gdb.MemoryError, gdb.error) as e:
        raise MMError(f"cannot read {what} at {addr:#x} ({size} bytes): {e}") from None


def read_phys(addr, size, what="physical memory"):
    """Read guest-physical memory (QEMU's gdbstub physical mode)."""
    gdb.execute("maintenance packet Qqemu.PhyMemMode:1", to_string=True)
    try:
        return read_stub(addr, size, what)
    finally:
        gdb.execute("maintenance packet Qqemu.PhyMemMode:0", to_string=True)


def read_u64(addr, what="memory"):
    return struct.unpack("<Q", read(addr, 8, what))[0]


def read_string(addr, limit=64):
    if not addr:
        return ""
    raw = read(addr, limit, "a string")
    return raw.split(b"\0", 1)[0].decode("latin-1")


def register(name):
    return int(gdb.parse_and_eval(f"${name}"))


def stop_register(name):
    """A register of the selected vCPU, read once per stop."""
    thread = gdb.selected_thread()
    key = (thread.global_num if thread else None, name)
    if key not in _regs:
        _regs[key] = register(name)
    return _regs[key]


def cr3():
    return register("cr3")


def paging_on():
    """CR0.PG: the kernel's virtual addresses mean something only once paging is on."""
    try:
        return bool(register("cr0") >> 31 & 1)
    except gdb.error:
        return True


_bulk_dir = None
_memsave_works = True


def _bulk_directory():
    """A private (0700) directory QEMU can write to (QEMU runs on this host under scripts/mm-gdb)."""
    global _bulk_dir
    if _bulk_dir is None:
        base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
        _bulk_dir = tempfile.mkdtemp(prefix="mm-step-", dir=base)
        atexit.register(shutil.rmtree, _bulk_dir, True)
    return _bulk_dir


def bulk_read(addr, size, what):
    """@size bytes at virtual @addr in one go: QEMU's `memsave` into a private file, mapped;
    through the gdbstub when the monitor cannot (a QEMU on another host, another stub)."""
    global _memsave_works
    check_range(addr, size, what)
    if _memsave_works and size >= 1 << 16:
        path = os.path.join(_bulk_directory(), "memmap")
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        try:
            out = gdb.execute(f'monitor memsave {addr:#x} {size} "{path}"', to_string=True)
        except gdb.error:
            out = None
        if out == "" and os.path.exists(path) and os.path.getsize(path) == size:
            with open(path, "rb") as f:
                m = mmap.mmap(f.fileno(), size, access=mmap.ACCESS_READ)
            os.unlink(path)
            return m
        if out is not None and "Invalid addr" in out:
            raise MMError(f"cannot read {what} at {addr:#x} ({size} bytes): not mapped")
        _memsave_works = False
    return read(addr, size, what)
