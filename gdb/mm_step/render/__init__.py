"""Renderers over gdb/mm_step/model.py: text (crash-style tables and /proc formats), JSON, SVG."""
