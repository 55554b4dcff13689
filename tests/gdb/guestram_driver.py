# Sourced by GDB in tests/gdb/test_guestram.py: at the last stop (and again after mm-back, a new
# boot), the struct pages mapped from QEMU's RAM files against the same bytes read through QEMU
# (memsave, and the gdbstub), and guest-physical pages against the gdbstub's physical mode.
import json
import os

import gdb

from mm_step import snapshot
from mm_step.guest import memory, ramfiles
from mm_step.guest import physmem as guestram


def compare(results):
    mem = ramfiles.guest_ram()
    res = {"ranges": mem.ranges if mem else None}
    if mem is None:
        results.append(res)
        return
    copied = []
    bulk_read, memory.bulk_read = memory.bulk_read, lambda *a: copied.append(a) or bulk_read(*a)
    fast = snapshot.current().memmap()
    memory.bulk_read = bulk_read
    psize = fast.page_size
    res["chunks"] = len(fast.chunks)
    res["from_files"] = not copied and ramfiles.guest_ram() is mem
    stub = []
    for pfn, n, buf in fast.chunks:
        for k in (0, n // 2, n - 1):
            addr = snapshot.current().vmemmap_base() + (pfn + k) * psize
            stub.append(buf[k * psize:(k + 1) * psize] == memory.read(addr, psize))
    res["stub_equal"] = stub
    phys = []
    for start, end, _, _ in mem.ranges:
        for p in sorted({start, (start + end) // 2 & ~0xfff, end - guestram.PAGE}):
            if mem.locate(p, guestram.PAGE):
                phys.append(mem.read(p, guestram.PAGE) == memory.read_phys(p, guestram.PAGE))
    res["phys_equal"] = phys
    shifted = guestram.PhysMem(mem.fds, [(s, e, n, o + guestram.PAGE) for s, e, n, o in mem.ranges])
    res["shifted_refused"] = not ramfiles.agrees(shifted)
    saved = os.environ["MM_STEP_GUEST_RAM"]
    os.environ["MM_STEP_GUEST_RAM"] = ""            # as with a QEMU of one's own: memsave
    ramfiles.forget()
    memory.invalidate()
    slow = snapshot.current().memmap()
    res["fallback_used"] = ramfiles.guest_ram() is None
    res["memsave_equal"] = all(buf[i * psize:(i + k) * psize] == fbuf[(spfn - pfn) * psize:(spfn - pfn + k) * psize]
                               for pfn, n, fbuf in fast.chunks for spfn, buf, i, k in slow.runs(pfn, pfn + n))
    res["same_pfns"] = sum(n for _, n, _ in fast.chunks) == sum(n for _, n, _ in slow.chunks)
    os.environ["MM_STEP_GUEST_RAM"] = saved
    ramfiles.forget()
    memory.invalidate()
    results.append(res)


results = {"fds": {name: os.readlink(f"/proc/self/fd/{fd}") for name, fd in ramfiles.fds().items()}, "stops": []}
gdb.execute("mm-goto last", to_string=True)
compare(results["stops"])
gdb.execute("mm-back", to_string=True)
compare(results["stops"])
with open(os.environ["MM_GUESTRAM_OUT"], "w") as f:
    json.dump(results, f)
