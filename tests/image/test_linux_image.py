"""The replay follows one build of Linux 4.19: kernel/include/mm_step/linux_image.h holds its
numbers. Check them against that build's vmlinux (../shared/linux-4.19), and check that the
replay's own image spans the same footprint."""
import os
import re
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADER = os.path.join(REPO, "kernel", "include", "mm_step", "linux_image.h")
PAGE_TYPES = os.path.join(REPO, "kernel", "arch", "x86", "include", "asm", "page_64_types.h")
REFERENCE = os.path.join(os.path.dirname(REPO), "shared", "linux-4.19", "vmlinux.xz")
CACHE = "/var/tmp/mm-step-cache/vmlinux-4.19"
REPLAY = os.path.join(REPO, "build", "kernel.elf")
START_KERNEL_MAP = 0xffffffff80000000


def defines(path):
    with open(path) as f:
        return {m.group(1): int(m.group(2), 0) for m in re.finditer(r"^#define (\w+)\s+(0x[0-9a-fA-F]+|\d+)", f.read(), re.M)}


def symbols(elf):
    out = subprocess.run(["nm", elf], capture_output=True, text=True, check=True).stdout
    return {name: int(addr, 16) for addr, _, name in (line.split()[:3] for line in out.splitlines() if len(line.split()) == 3)}


@pytest.fixture(scope="module")
def vmlinux():
    if not os.path.exists(REFERENCE):
        pytest.skip("../shared/linux-4.19 is absent: no reference vmlinux to check against")
    if not os.path.exists(CACHE) or os.path.getmtime(CACHE) < os.path.getmtime(REFERENCE):
        os.makedirs(os.path.dirname(CACHE), exist_ok=True)
        with open(CACHE + ".tmp", "wb") as out:
            subprocess.run(["xz", "-dc", REFERENCE], stdout=out, check=True)
        os.replace(CACHE + ".tmp", CACHE)
    return CACHE


def test_footprint_is_the_reference_build(vmlinux):
    want, syms = defines(HEADER), symbols(vmlinux)
    assert want["LINUX_IMAGE_TEXT"] == syms["_text"] - START_KERNEL_MAP
    assert want["LINUX_IMAGE_BSS_STOP"] == syms["__bss_stop"] - START_KERNEL_MAP
    assert want["LINUX_IMAGE_BRK_BASE"] == syms["__brk_base"] - START_KERNEL_MAP
    assert want["LINUX_IMAGE_BRK_LIMIT"] == syms["__brk_limit"] - START_KERNEL_MAP == syms["_end"] - START_KERNEL_MAP
    assert want["LINUX_REAL_MODE_BLOB_SIZE"] == syms["real_mode_blob_end"] - syms["real_mode_blob"]


def test_page_offset_is_the_reference_builds(vmlinux):
    """page_offset_base (CONFIG_RANDOMIZE_MEMORY; nokaslr keeps its initial value) in .data."""
    addr = symbols(vmlinux)["page_offset_base"]
    dump = subprocess.run(["objdump", "-s", f"--start-address={addr:#x}", f"--stop-address={addr + 8:#x}", vmlinux],
                          capture_output=True, text=True, check=True).stdout
    line = next(l for l in dump.splitlines() if l.strip().startswith(f"{addr:x}"))
    value = int.from_bytes(bytes.fromhex("".join(line.split()[1:3])), "little")
    assert value == defines(PAGE_TYPES)["__PAGE_OFFSET"]


def test_replay_image_spans_the_footprint():
    if not os.path.exists(REPLAY):
        pytest.skip("build/kernel.elf is missing: run make first")
    want, syms = defines(HEADER), symbols(REPLAY)
    assert syms["_text"] - START_KERNEL_MAP == want["LINUX_IMAGE_TEXT"]
    assert syms["__bss_stop"] - START_KERNEL_MAP == want["LINUX_IMAGE_BSS_STOP"]
    assert syms["__brk_base"] - START_KERNEL_MAP == want["LINUX_IMAGE_BRK_BASE"]
    assert syms["__brk_limit"] - START_KERNEL_MAP == syms["_end"] - START_KERNEL_MAP == want["LINUX_IMAGE_BRK_LIMIT"]


SIZES = ("struct mem_section", "struct page", "struct zone", "struct memblock_region", "pg_data_t")


def sizes(elf):
    """sizeof of SIZES from an ELF's DWARF, through GDB."""
    args = ["gdb", "-q", "-batch", "-nx"]
    for t in SIZES:
        args += ["-ex", f"p sizeof({t})"]
    out = subprocess.run(args + [elf], capture_output=True, text=True, timeout=300).stdout
    values = [int(m) for m in re.findall(r"^\$\d+ = (\d+)$", out, re.M)]
    assert len(values) == len(SIZES), out
    return dict(zip(SIZES, values))


def test_struct_sizes_are_the_reference_builds(vmlinux):
    """The structures whose size places memory: sections per root, memmap bytes per page, the
    zone array, NODE_DATA's page-rounded allocation."""
    if not os.path.exists(REPLAY):
        pytest.skip("build/kernel.elf is missing: run make first")
    ref, ours = sizes(vmlinux), sizes(REPLAY)
    for t in SIZES[:-1]:
        assert ours[t] == ref[t], t
    page = 4096
    assert -(-ours["pg_data_t"] // page) == -(-ref["pg_data_t"] // page)
