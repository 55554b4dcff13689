# mm-step's GDB plugin. GDB sources this file (scripts/mm-gdb does: -ex 'source gdb/mm-step.py').
# The code is the package gdb/mm_step/; `help mm` and `mm-phases` are the places to start.
import os
import sys

import gdb

_here = os.path.dirname(os.path.abspath(__file__))
if _here not in sys.path:
    sys.path.insert(0, _here)

import mm_step.commands      # noqa: E402
import mm_step.printers      # noqa: E402

if not mm_step.commands._registered:
    mm_step.commands.register()
    mm_step.printers.register(gdb.current_objfile() or gdb.current_progspace())
    # QEMU on a loaded machine can take longer than GDB's default 2 s to answer a packet (a
    # memsave of a big memmap, a system_reset); GDB would then drop the reply and read it as the
    # answer to the next packet. Waits stay bounded.
    gdb.execute("set remotetimeout 30")
