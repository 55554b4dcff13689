"""Layer 2: one reader module per subsystem, as Linux's scripts/gdb and drgn's helpers are split.

  kernel    which kernel runs and where it stopped: the stop record (the replay's own bookkeeping)
  e820      e820_table                         memblock  memblock.memory / .reserved
  numa      numa_meminfo, distances, masks      sparse    mem_section and the usemaps
  mmzone    pg_data_t, zones, vmstat names      page      struct page, its flags layout, the memmap
  buddy     free lists, pagetypeinfo's counts

Each reader is a function of the snapshot (snapshot.Snapshot) it reads for: what it needs of
other structures it asks the snapshot for, so each structure is read once per stop. Layouts come
from DWARF (guest.dwarf), never from sizes written here; a field a kernel version lacks is
optional where it occurs. Another kernel under GDB (a real Linux 4.19 or 6.1) implements
kernel.Kernel for its stop record and reuses the subsystem readers; where its structures differ,
the difference is handled in that subsystem's reader.
"""
