"""mm-step's GDB plugin: navigate the replay kernel's checkpoints and inspect its memory structures.

Layers, bottom up (the ones marked "no GDB" import without it: host tests use them):
  guest        the guest's memory: gdbstub and RAM-file reads, the per-stop cache, DWARF decoding,
               the page-table walker, the ELF check
  readers      one module per subsystem (memblock, numa, sparse, mmzone, page, buddy), and the
               kernel's stop record: the interface a second kernel implements
  snapshot     one snapshot per stop, lazy per structure; what exists at the stop
  model        plain dataclasses and constants (no GDB); pageblock, freelist, invariants: the pure
               algorithms over them (no GDB); checkpoints, kconst: the kernel's table and headers (no GDB)
  render       text / JSON / SVG renderers over the model (no GDB)
  nav          checkpoint navigation
  web          `mm serve`: the browser view's labels and JSON (no GDB), its HTTP server thread (no GDB),
               and capture, which prepares each stop on GDB's thread
  commands     the GDB commands, one per file, found by commands.registry()
"""
