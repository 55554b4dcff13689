"""The browser view (`mm serve`): a page served from inside the GDB session.

  labels   what each memblock.reserved range was reserved for (memblock=debug's callers, the
           snapshot's own objects) -- no GDB
  view     one stop's JSON for the page: `mm export`'s state, free blocks, labels, the map's
           layout -- no GDB
  server   the HTTP server thread: 127.0.0.1 only, a random token, the page and its data; it
           never touches GDB (commands/serve.py hands it data prepared on GDB's thread)
  static   the page: plain HTML, CSS and JavaScript, no libraries, nothing fetched from outside
"""
