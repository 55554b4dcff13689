"""`mm serve` in headless Chromium: what the page shows, that it fetches nothing from elsewhere,
that the server answers only this machine and the token, follows GDB's stops, and ends with the
session."""
import http.client
import json
import os
import re
import socket
import struct
import subprocess
import time
import zlib

import pytest

from chromium import BINARY, Chromium
from session import ROOT, Session

from mm_step import model

SHOT = os.path.join(ROOT, "build", "browser-view.png")
W, H = 1400, 1000


def get(port, path, token=None, host=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": host or f"127.0.0.1:{port}"}
    if token:
        headers["X-MM-Token"] = token
    c.request("GET", path, headers=headers)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body, r


@pytest.fixture(scope="module")
def browser(served):
    assert BINARY, "no chromium: scripts/install-deps installs Debian's chromium"
    b = Chromium(W, H)
    try:
        b.navigate(f"http://127.0.0.1:{served.port}/?token={served.token}")
        b.wait_for("document.body && document.body.dataset.ready && pending === 0")
        yield b
    finally:
        b.close()


def png_pixels(data):
    """(width, height, rows of RGB(A) bytes) of a non-interlaced 8-bit PNG (Chromium's)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
    w, h, depth, ctype = ihdr[:4]
    assert depth == 8 and ctype in (2, 6)
    bpp = 3 if ctype == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def kernel_image_region(served):
    """memblock.reserved's region that starts at the kernel image's _text (physical), as the
    page writes a range."""
    nm = subprocess.run(["nm", os.path.join(ROOT, "build", "kernel.elf")], capture_output=True, text=True,
                        check=True).stdout
    text_ = int(re.search(r"^([0-9a-f]+) T _text$", nm, re.M).group(1), 16) - model.START_KERNEL_MAP
    r = next(r for r in served.last["memblock_reserved"]["regions"] if r["base"] == text_)
    return f"{r['base']:#x}-{r['base'] + r['size'] - 1:#x}"


def test_page_shows_the_map_the_stops_and_the_labels(served, browser):
    b = browser
    # the kernel's own numbers at the end: its free blocks (nr_free of every order), and the free
    # memory mem_init_print_info printed ("Memory: NK/...K available")
    blocks = sum(f["nr_free"] for n in served.last["nodes"] for z in n["zones"] for f in z["free_area"])
    free_k = re.findall(r"Memory: (\d+)K/", served.full_log)[-1]
    assert b.evaluate("document.title") == "mm-step: physical memory"
    titles = b.evaluate("stops.map(s => s.title)")
    assert titles == ["stop 4: checkpoint 4 sparse_init", "stop 13: checkpoint 10 free_all_bootmem"], titles
    assert b.evaluate("document.getElementById('stop-title').textContent") == titles[-1]
    rows = b.evaluate("[...document.querySelectorAll('#map > text')].map(t => t.textContent)")
    for row in ("e820", "memblock.memory", "memblock.reserved", "reserved for", "nodes", "node 0 zones",
                "node 1 zones", "sections", "free pages"):
        assert row in rows, rows
    assert b.evaluate("document.querySelectorAll('#map rect[data-info]').length") > blocks
    table = b.evaluate("document.getElementById('reserved-out').textContent")
    for label in ("kernel image (_text to __bss_stop)", "NODE_DATA(0): pg_data_t of node 0", "NODE_DATA(1)",
                  "mem_section: the array of root pointers", "mem_section root 0", "usemaps (pageblock migratetypes)",
                  "vmemmap page table (a PUD table), node 0", "vmemmap page table (a PMD table), node 0",
                  "memmap: 2 MiB of struct pages (vmemmap block), node 1", "brk: the kernel's early allocations",
                  "memmap: struct pages, the sparse buffer (sparse_init_nid), node 0", "ACPI tables",
                  "real-mode trampoline", "BIOS regions below 1 MiB", kernel_image_region(served)):
        assert label in table, label
    assert "not labelled" not in table
    # memory moved into the buddy lists between the two stops: the free bar grew from nothing
    assert b.evaluate("views[4].totals.free") == 0
    assert b.evaluate("views[13].totals.free") == b.evaluate("views[13].totals.managed") == int(free_k) * 1024
    # the slider goes back to the first stop: no free pages, fewer rows
    b.evaluate("document.getElementById('slider').value = 0; document.getElementById('slider').oninput()")
    assert b.evaluate("document.getElementById('stop-title').textContent") == titles[0]
    assert b.evaluate("document.getElementById('num-free').textContent") == "0 B"
    # and forward again: what free_all_bootmem put on the free lists arrives (fades in), and nothing else
    b.evaluate("document.getElementById('slider').value = 1; document.getElementById('slider').oninput()")
    new = b.evaluate("[...document.querySelectorAll('#map rect.new')].map(r => r.dataset.info.split(':')[0])")
    assert new.count("free pages") == blocks and "e820" not in new, set(new)


def test_a_pfn_is_followed_to_its_free_list(served, browser):
    b = browser
    pfn = b.evaluate("views[13].free_blocks.find(([p, o]) => o === 10)[0] + 5")
    b.evaluate(f"follow({pfn})")
    out = b.wait_for("(t => t.includes('free_area[10]') && t)(document.getElementById('trace-out').textContent)")
    titles = b.evaluate("[...document.querySelectorAll('#trace-out .step b')].map(b => b.textContent)")
    assert [t.split(" (")[0].split(":")[0] for t in titles] == \
        [f"section {pfn >> 15}", "\u2192 vmemmap", "\u2192 struct page", "\u2192 zone DMA of node 0", "\u2192 free_area[10]"]
    commands = b.evaluate("[...document.querySelectorAll('#trace-out .step code')].map(c => c.textContent)")
    assert commands == [f"mm sections {pfn >> 15}", f"mm vmemmap {pfn:#x}", f"mm page {pfn:#x}", "mm zones 0",
                        "mm buddyinfo"]
    assert f"pfn {pfn:#x}" in out and "PMD[" in out and f"free block of order 10 that starts at pfn {pfn - 5:#x}" in out
    assert "free_list[Movable]" in out
    # a click on the map follows the pfn under the pointer
    b.evaluate("document.getElementById('zoom-reset').onclick()")
    b.call("Input.dispatchMouseEvent", type="mousePressed", x=700, y=260, button="left", clickCount=1)
    b.call("Input.dispatchMouseEvent", type="mouseReleased", x=700, y=260, button="left", clickCount=1)
    assert b.wait_for("(t => t.startsWith('pfn 0x') && t)(document.getElementById('trace-out').textContent)")


def test_screenshot(served, browser):
    b = browser
    b.evaluate("document.getElementById('follow').checked = true; document.getElementById('follow').onchange()")
    assert b.evaluate("document.getElementById('stop-title').textContent").startswith("stop 13:")
    b.evaluate("follow(views[13].free_blocks.find(([p, o]) => o === 10)[0])")
    b.wait_for("document.getElementById('trace-out').textContent.includes('free_area[10]')")
    # node 0's top 52 MiB, where sparse_init put the memmap, its page tables, the usemaps, NODE_DATA
    b.evaluate("zoomTo(0xbcc00000, 0xbffe2000)")
    labels = b.evaluate("[...document.querySelectorAll('#map g text')].map(t => t.textContent)")
    for label in ("memmap: struct pages, the sparse buffer (sparse_init_nid), node 0", "memblock.reserved",
                  "DMA32", "usable"):
        assert label in labels, (label, labels)
    time.sleep(1)           # the bars' transition
    png = b.screenshot()
    os.makedirs(os.path.dirname(SHOT), exist_ok=True)
    with open(SHOT, "wb") as f:
        f.write(png)
    w, h, bpp, rows = png_pixels(png)
    assert (w, h) == (W, H)
    colours = {r[i:i + 3] for r in rows[::7] for i in range(0, w * bpp, bpp * 7)}
    assert len(colours) > 30, len(colours)
    white = sum(r[i:i + 3] == b"\xff\xff\xff" for r in rows[::5] for i in range(0, w * bpp, bpp * 5))
    assert white < 0.9 * (h // 5 + 1) * (w // 5 + 1)


def test_nothing_is_fetched_from_elsewhere(served, browser):
    base = f"http://127.0.0.1:{served.port}/"
    urls = browser.requests()
    assert urls and all(u.startswith(base) for u in urls), urls
    status, body, r = get(served.port, "/", served.token)
    assert status == 200
    assert "default-src 'none'" in r.getheader("Content-Security-Policy")
    page = body.decode()
    refs = re.findall(r"""(?:src|href|action)\s*=\s*["']([^"']*)|url\(([^)]*)\)|fetch\(\s*[`"']([^`"']*)|"""
                      r"""EventSource\(\s*[`"']([^`"']*)""", page)
    refs = [next(x for x in g if x) for g in refs if any(g)]
    assert refs and all(not re.match(r"^(\w+:)?//", u) or u.startswith("data:") for u in refs), refs
    assert re.findall(r"https?://[^\s\"'`]+", page) == ["http://www.w3.org/2000/svg"] * 2   # a namespace name


def test_only_the_token_is_answered(served):
    port, token = served.port, served.token
    for path in ("/", "/api/stops", "/api/stop/13", "/api/trace?pfn=1", "/api/events", "/nothing"):
        assert get(port, path)[0] == 403, path
        assert get(port, path, "x" + token[1:])[0] == 403, path
        assert get(port, path, token, host=f"evil.example:{port}")[0] == 403, path
    assert get(port, f"/?token={token}")[0] == 200
    status, body, _ = get(port, "/api/stops", token)
    assert status == 200 and [s["count"] for s in json.loads(body)["stops"]] == [4, 13]
    status, body, _ = get(port, "/api/stop/13", token)
    export = json.loads(body)["export"]
    assert export["checkpoint"] == "free_all_bootmem" and export["stop"] == 13 and len(export["nodes"]) == 2
    assert get(port, "/api/nothing", token)[0] == 404


def test_only_loopback_listens(served):
    port = served.port
    with open("/proc/net/tcp") as f:
        listening = [l.split()[1] for l in f.readlines()[1:] if l.split()[3] == "0A"]
    assert [a for a in listening if int(a.split(":")[1], 16) == port] == ["0100007F:%04X" % port]
    others = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1"}
    others |= set(re.findall(r"inet (\d+\.\d+\.\d+\.\d+)", os.popen("ip -4 -o addr 2>/dev/null").read())) - {"127.0.0.1"}
    for addr in sorted(a for a in others if not a.startswith("127.")):
        with pytest.raises(OSError):
            socket.create_connection((addr, port), timeout=3).close()


def test_page_follows_gdb(served, browser):
    b = browser
    b.evaluate("document.getElementById('follow').checked = true")
    served.send("mm-goto free_area_init_nodes")
    assert b.wait_for("(t => t.startsWith('stop 6:') && t)(document.getElementById('stop-title').textContent)",
                      timeout=60) == "stop 6: checkpoint 6 free_area_init_nodes"
    assert b.evaluate("stops.map(s => s.count)") == [4, 6, 13]


def test_server_ends_with_the_session():
    s = Session()
    try:
        port, token = s.serve()
        assert get(port, "/api/stops", token)[0] == 200
        s.send("mm serve stop")
        s.expect("mm serve: stopped")
        with pytest.raises(ConnectionRefusedError):
            get(port, "/api/stops", token)
        port2, token2 = s.serve()
        assert token2 != token and get(port2, "/api/stops", token2)[0] == 200
        # without memblock=debug the snapshot still names what it can: its objects, the page-table walk, e820
        s.send("mm-goto last")
        s.send("echo MARK-LAST\\n")
        s.expect("MARK-LAST")
        stops = json.loads(get(port2, "/api/stops", token2)[1])
        assert stops["stops"] == [{"count": 13, "title": "stop 13: checkpoint 10 free_all_bootmem"}]
        v = json.loads(get(port2, "/api/stop/13", token2)[1])
        whats = {p[2] for r in v["reserved"] for p in r["parts"]}
        assert whats == {"kernel image (_text to __bss_stop)", "NODE_DATA(0): pg_data_t of node 0",
                         "NODE_DATA(1): pg_data_t of node 1", "mem_section: the array of root pointers",
                         "brk: the kernel's early allocations (extend_brk)",
                         "mem_section root 0", "usemaps (pageblock migratetypes)",
                         "vmemmap page table (a PUD table)", "vmemmap page table (a PMD table)",
                         "memmap: struct pages, mapped at vmemmap", "firmware's: reserved in the e820 map",
                         "not labelled: boot with memblock=debug (CMDLINE=memblock=debug) to see who reserved it"}, whats
        s.quit()
        assert s.proc.returncode == 0
        with pytest.raises(ConnectionRefusedError):
            get(port2, "/api/stops", token2)
    finally:
        s.quit()
