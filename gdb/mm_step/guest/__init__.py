"""Layer 1: the guest's memory, whatever kernel runs in it.

  physmem   guest-physical RAM from QEMU's files, and the one page-table walker (no GDB)
  elf       the ELF file's sections (no GDB)
  memory    reads through GDB (gdbstub, physical mode, QEMU's memsave), the per-stop cache
  dwarf     symbols, types, field offsets and struct decoding from the ELF's DWARF
  ramfiles  QEMU's RAM files found, checked against the gdbstub, and virtual ranges mapped from them
"""
