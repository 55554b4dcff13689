"""mm-step's GDB plugin: navigate the replay kernel's checkpoints and inspect its memory structures.

Layers, each importable on its own:
  checkpoints  the checkpoint table, parsed from kernel/include/mm_step/checkpoints.def (no GDB)
  model        plain dataclasses and the pure algorithms (no GDB)
  render       text / JSON / SVG renderers over the model (no GDB)
  target       reading the guest through GDB with DWARF types (GDB only)
  nav, commands, printers   the GDB commands (GDB only)
"""
