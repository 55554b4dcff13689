"""The Linux 4.19 reference (../shared/linux-4.19: Linux 4.19.222's bzImage and vmlinux.xz) beside
the replay, on the same QEMU machines: the machine matrix, its cached boot logs, the log window
both must print alike, and the differences recorded in tests/oracle/linux419/ (the ratchet).

Logs are cached per user in $XDG_CACHE_HOME/mm-step/linux-4.19 (default ~/.cache/mm-step), keyed by
the bzImage's sha256, the machine options and the command line; the vmlinux with debug info is
unpacked there once and checked against the bzImage by its GNU build id.
"""
import difflib
import hashlib
import json
import lzma
import os
import re
import shlex
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
import topology  # noqa: E402
from qemurun import serial_log, sha256_file  # noqa: E402

REFERENCE = os.environ.get("MM_STEP_LINUX419") or os.path.join(os.path.dirname(REPO), "shared", "linux-4.19")
BZIMAGE = os.path.join(REFERENCE, "bzImage")
VMLINUX_XZ = os.path.join(REFERENCE, "vmlinux.xz")
RECORDS = os.path.join(REPO, "tests", "oracle", "linux419")
# What the reference is booted with (its README), before the machine's own command line. The
# replay is booted with the same line, so that "Kernel command line:" is the same too.
BASE_CMDLINE = "console=ttyS0 nokaslr memblock=debug ignore_loglevel panic=-1"
FIRST, LAST = "BIOS-e820:", "Memory:"

_TWO_NODES_MEMDEV = ("-object memory-backend-ram,id=m{a},size={sa} -object memory-backend-ram,id=m{b},size={sb} "
                     "-numa node,nodeid={a},cpus={a},memdev=m{a} -numa node,nodeid={b},cpus={b},memdev=m{b}")
# The differential matrix: (id, preset, QEMU options replacing the preset's, extra command line).
# Presets are scripts/topologies; the shapes no preset has are written out here.
MACHINES = [
    ("one-node", "one-node", "", ""),
    ("two-node", "two-node", "", ""),
    ("memoryless-node", "memoryless-node", "", ""),
    ("memoryless-first", None, "-machine pc -m 4G -smp 3 -numa node,nodeid=0,cpus=0 "
     + _TWO_NODES_MEMDEV.format(a=1, b=2, sa="2G", sb="2G"), ""),
    ("memoryless-last", None, "-machine pc -m 4G -smp 3 " + _TWO_NODES_MEMDEV.format(a=0, b=1, sa="2G", sb="2G")
     + " -numa node,nodeid=2,cpus=2", ""),
    ("node-16m", None, "-machine pc -m 2064M -smp 2 " + _TWO_NODES_MEMDEV.format(a=0, b=1, sa="2G", sb="16M"), ""),
    ("q35-odd", "q35-odd", "", ""),
    ("qboot", "qboot", "", ""),
    ("four-node-16g", "four-node-16g", "", ""),
    ("four-node-memoryless", None, "-machine pc -m 4G -smp 4 -object memory-backend-ram,id=m0,size=1G "
     "-object memory-backend-ram,id=m1,size=1G -object memory-backend-ram,id=m3,size=2G "
     "-numa node,nodeid=0,cpus=0,memdev=m0 -numa node,nodeid=1,cpus=1,memdev=m1 -numa node,nodeid=2,cpus=2 "
     "-numa node,nodeid=3,cpus=3,memdev=m3", ""),
    ("eight-node-64g", "eight-node-64g", "", ""),
    ("numa-off", "two-node", "", "numa=off"),
    ("numa-fake-4", "two-node", "", "numa=fake=4"),
    ("numa-fake-512m", "one-node", "", "numa=fake=512M"),
    ("mem-limit", "two-node", "", "mem=5000M"),
    ("kernelcore", "two-node", "", "kernelcore=2G"),
    ("movablecore", "two-node", "", "movablecore=1G"),
]
MACHINE_IDS = [m[0] for m in MACHINES]


class ReferenceError(Exception):
    """One line: why the reference could not be used."""


def missing():
    """None when the reference is here, else the one-line reason it is not."""
    for f in (BZIMAGE, VMLINUX_XZ):
        if not os.path.isfile(f):
            return f"no Linux 4.19 reference: {os.path.relpath(f, REPO)} is absent"
    return None


def user_cache(*sub):
    """$XDG_CACHE_HOME/mm-step/SUB... (default ~/.cache), made if absent: mm-step's per-user cache.
    A folder that cannot be made or written is a ReferenceError."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    d = os.path.join(base, "mm-step", *sub)
    try:
        os.makedirs(d, exist_ok=True)
        why = None if os.access(d, os.W_OK | os.X_OK) else "not writable"
    except OSError as e:
        why = e.strerror
    if why:
        raise ReferenceError(f"cache folder {d}: {why} (set XDG_CACHE_HOME to a writable folder)")
    return d


def cache_dir(*sub):
    return user_cache("linux-4.19", *sub)


def machine(ident):
    """(QEMU options as a list, the machine's own extra command line) of a matrix entry."""
    for mid, preset, options, cmdline in MACHINES:
        if mid == ident:
            return topology.machine_options(preset, options), topology.kernel_cmdline(preset, options, cmdline)
    raise ReferenceError(f"unknown machine '{ident}' (known: {', '.join(MACHINE_IDS)})")


def full_cmdline(extra):
    return " ".join(x for x in (BASE_CMDLINE, extra) if x)


def _key(*parts):
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() + b"\0")
    return h.hexdigest()[:24]


def reference_log(options, extra_cmdline, timeout=None, fresh=False):
    """The reference's serial log on this machine, up to its "Memory:" line; cached. Returns
    (log, boot seconds as measured when it was booted)."""
    why = missing()
    if why:
        raise ReferenceError(why)
    cmdline = full_cmdline(extra_cmdline)
    path = os.path.join(cache_dir("logs"), _key(sha256_file(BZIMAGE), " ".join(options), cmdline) + ".log")
    if not fresh and os.path.isfile(path) and os.path.isfile(path + ".json"):
        with open(path) as f, open(path + ".json") as g:
            return f.read(), json.load(g)["seconds"]
    if timeout is None:
        timeout = 60 + 10 * topology.memory_mib(options) // 1024
    argv = topology.qemu_command(options, cmdline, kernel=BZIMAGE)
    log, secs, why = serial_log(argv, timeout, stop=(b"] Memory: ", b"---[ end Kernel panic"))
    if why != "] Memory: ":
        tail = [l for l in log.splitlines() if l.strip()][-1:] or ["(no output)"]
        raise ReferenceError(f"Linux 4.19 did not reach its Memory: line ({why or 'QEMU exited'}); "
                             f"last line: {tail[0][:160]}")
    with open(path + ".tmp", "w") as f:
        f.write(log)
    with open(path + ".json.tmp", "w") as f:
        json.dump({"seconds": round(secs, 2), "options": options, "cmdline": cmdline}, f)
    os.replace(path + ".tmp", path)
    os.replace(path + ".json.tmp", path + ".json")
    return log, secs


def replay_log(options, extra_cmdline):
    """The replay's serial log on this machine, booted with the reference's command line."""
    import replay
    if not os.path.exists(topology.KERNEL):
        raise ReferenceError("build/kernel.elf is missing: run make first")
    status, log = replay.run(None, " ".join(shlex.quote(o) for o in options), full_cmdline(extra_cmdline), out=None)
    if status != 0:
        raise ReferenceError("the replay did not finish: " + (log.splitlines() or ["(no output)"])[-1][:160])
    return log


_TIME = re.compile(r"^\[\s*\d+\.\d+\] ")
_CALLER = re.compile(r"\b([A-Za-z_][\w.]*)\+0x[0-9a-f]+/0x[0-9a-f]+")
_IMAGE = re.compile(r"\(\d+K kernel code, \d+K rwdata, \d+K rodata, \d+K init, \d+K bss, ")


def normalize(line):
    """What may differ between the replay and Linux: the timestamp, the +off/size of a caller and
    the kernel image's own code and data sizes in the Memory: line."""
    line = _CALLER.sub(r"\1+off/size", _TIME.sub("", line))
    return _IMAGE.sub("(NK kernel code, NK rwdata, NK rodata, NK init, NK bss, ", line)


# Lines left out of both logs: the replay's own (`mm-step: ...`, its checkpoints), and Linux's
# `tsc:` calibration, which measures the host's clock and so differs from boot to boot.
LEFT_OUT = ("mm-step:", "tsc: ")


def window(log):
    """The normalised lines from the first BIOS-e820 line to the Memory: line, without LEFT_OUT."""
    lines = [normalize(l) for l in log.splitlines()]
    lines = [l for l in lines if not l.startswith(LEFT_OUT)]
    start = next((i for i, l in enumerate(lines) if l.startswith(FIRST)), None)
    end = next((i for i, l in enumerate(lines) if l.startswith(LAST)), None)
    if start is None or end is None or end < start:
        raise ReferenceError(f"log has no {FIRST} ... {LAST} window")
    return lines[start:end + 1]


def unified(ref, ours, context=3, numbers=True):
    """A unified diff, reference first. Without @numbers the hunk headers are a bare '@@', so
    that a record does not change when only the line numbers around a difference move."""
    out = []
    for line in difflib.unified_diff(ref, ours, "linux-4.19", "replay", n=context, lineterm=""):
        out.append(line if numbers or not line.startswith("@@") else "@@")
    return out


def record_path(ident, kind="log"):
    return os.path.join(RECORDS, f"{ident}.{kind}.diff")


def log_difference(ident):
    """(the remaining log difference as recorded, reference log's boot seconds)."""
    options, extra = machine(ident)
    ref, secs = reference_log(options, extra)
    ours = replay_log(options, extra)
    return unified(window(ref), window(ours), context=0, numbers=False), secs


def read_record(path):
    """The recorded difference's lines, or None when there is no record."""
    if not os.path.isfile(path):
        return None
    with open(path) as f:
        return f.read().splitlines()


def write_record(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not lines:
        if os.path.exists(path):
            os.remove(path)
        return
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def elf_build_id(read):
    """The GNU build id of an ELF64 image, as hex (None if it has none), from its PT_NOTE segments;
    read(offset, size) returns the image's bytes there."""
    head = read(0, 64)
    if head[:5] != b"\x7fELF\x02":
        return None
    phoff, = struct.unpack_from("<Q", head, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", head, 0x36)
    phdrs = read(phoff, phentsize * phnum)
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from("<IIQQQQ", phdrs, i * phentsize)
        if p_type != 4:
            continue
        note, off = read(p_offset, p_filesz), 0
        while off + 12 <= len(note):
            namesz, descsz, ntype = struct.unpack_from("<III", note, off)
            desc = off + 12 + ((namesz + 3) & ~3)
            if ntype == 3 and note[off + 12: off + 12 + namesz].rstrip(b"\0") == b"GNU":
                return note[desc: desc + descsz].hex()
            off = desc + ((descsz + 3) & ~3)
    return None


class _Lz4:
    """LZ4's legacy frame (Debian's 6.1 bzImage), through Debian's lz4 tool."""
    def decompress(self, data):
        import subprocess
        try:
            return subprocess.run(["lz4", "-dc"], input=data, capture_output=True, timeout=60).stdout
        except (OSError, subprocess.TimeoutExpired):
            return b""


def bzimage_build_id(path):
    """The build id of the vmlinux a bzImage carries (gzip, xz, lzma or lz4 payload)."""
    with open(path, "rb") as f:
        data = f.read()
    for magic, open_stream in ((b"\x1f\x8b\x08\x00", lambda: zlib.decompressobj(16 + zlib.MAX_WBITS)),
                               (b"\xfd7zXZ\x00", lambda: lzma.LZMADecompressor()),
                               (b"\x02\x21\x4c\x18", _Lz4)):
        at = data.find(magic)
        while at >= 0:
            try:
                payload = open_stream().decompress(data[at:])
            except (zlib.error, lzma.LZMAError):
                payload = b""
            bid = elf_build_id(lambda off, size: payload[off: off + size])
            if bid:
                return bid
            at = data.find(magic, at + 1)
    return None


def vmlinux(xz=VMLINUX_XZ, bzimage=BZIMAGE):
    """The reference's vmlinux with debug info, unpacked into the cache once and checked to be the
    bzImage's kernel (same build id)."""
    why = missing()
    if why:
        raise ReferenceError(why)
    d = cache_dir("vmlinux", sha256_file(bzimage)[:16])
    path = os.path.join(d, "vmlinux")
    theirs = bzimage_build_id(bzimage)
    if not os.path.isfile(path) or file_build_id(path) != theirs:     # absent, or not what it was unpacked as
        try:
            with lzma.open(xz) as src, open(path + ".tmp", "wb") as dst:
                for block in iter(lambda: src.read(1 << 22), b""):
                    dst.write(block)
        except (OSError, lzma.LZMAError) as e:
            if os.path.exists(path + ".tmp"):
                os.remove(path + ".tmp")
            raise ReferenceError(f"unpacking {os.path.relpath(xz, REPO)} into {d} failed: {e}") from None
        os.replace(path + ".tmp", path)
    ours = file_build_id(path)
    if not ours or ours != theirs:
        raise ReferenceError(f"{os.path.relpath(xz, REPO)} does not match {os.path.relpath(bzimage, REPO)} "
                             f"(build id {ours} vs {theirs})")
    return path


def file_build_id(path):
    with open(path, "rb") as f:
        def read(off, size):
            f.seek(off)
            return f.read(size)
        return elf_build_id(read)


# ---- structures at every checkpoint, read under GDB from both kernels --------------------------

DUMPER = os.path.join(HERE, "gdbdump.py")
PLUGIN = os.path.join(REPO, "gdb", "mm_step")


def dumper_files():
    """What a cached dump depends on: the dumper, the plugin's layers it reads through (its top
    modules, guest/, readers/, the phase tables of linux/), the checkpoint table and the headers
    the plugin takes its constants from."""
    if os.path.dirname(PLUGIN) not in sys.path:
        sys.path.insert(0, os.path.dirname(PLUGIN))
    from mm_step import checkpoints, kconst
    files = [DUMPER, checkpoints.DEF_PATH] + [os.path.join(kconst.KERNEL, h) for h in kconst.HEADERS]
    for sub in ("", "guest", "readers", "linux"):
        d = os.path.join(PLUGIN, sub)
        files += sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith((".py", ".json")))
    return files


def _dumper_hash():
    h = hashlib.sha256()
    for f in dumper_files():
        with open(f, "rb") as g:
            h.update(g.read())
    return h.hexdigest()[:16]


def gdb_dump(kernel, options, extra_cmdline, timeout=None):
    """Stops of @kernel ('replay', 'linux-4.19' or 'linux-6.1') at every checkpoint on this machine, each with
    its structures as {path: value}: [{"checkpoint", "nid", "values"}]. Linux's are cached."""
    import subprocess
    import tempfile
    cmdline = full_cmdline(extra_cmdline)
    if kernel == "replay":
        if not os.path.exists(topology.KERNEL):
            raise ReferenceError("build/kernel.elf is missing: run make first")
        image = elf = topology.KERNEL
        cached = None
    else:
        if kernel == "linux-6.1":
            import linux61
            image, elf = linux61.reference()
            cmdline = full_cmdline(linux61.with_cmdline(extra_cmdline))
        else:
            image, elf = BZIMAGE, vmlinux()
        cached = os.path.join(cache_dir("dumps"), _key(sha256_file(image), " ".join(options), cmdline,
                                                       _dumper_hash()) + ".json")
        if os.path.isfile(cached):
            with open(cached) as f:
                return json.load(f)["stops"]
    if timeout is None:
        timeout = 120 + 10 * topology.memory_mib(options) // 1024
    with tempfile.TemporaryDirectory(prefix="mm-step-dump-") as d:
        sock, out = os.path.join(d, "gdb.sock"), os.path.join(d, "dump.json")
        argv = topology.qemu_command(options, cmdline, kernel=image, serial=f"file:{os.path.join(d, 'serial.log')}",
                                     extra=["-S", "-gdb", f"unix:{sock},server=on,wait=off"])
        qemu = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            for _ in range(200):
                if os.path.exists(sock) or qemu.poll() is not None:
                    break
                import time
                time.sleep(0.05)
            if not os.path.exists(sock):
                raise ReferenceError("QEMU did not start: " + qemu.stderr.read().decode(errors="replace").strip()[-200:])
            env = dict(os.environ, MM_DUMP_KERNEL=kernel, MM_DUMP_SOCKET=sock, MM_DUMP_OUT=out)
            gdb = ["gdb", "-batch", "-nx", "-iex", "set index-cache enabled on",
                   "-iex", f"set index-cache directory {cache_dir('gdb-index')}", elf, "-x", DUMPER]
            try:
                r = subprocess.run(gdb, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                raise ReferenceError(f"{kernel}: no last checkpoint under GDB after {timeout} s") from None
        finally:
            qemu.kill()
            qemu.wait()
        if not os.path.isfile(out):
            raise ReferenceError(f"{kernel}: the dumper wrote nothing: " + (r.stderr.strip().splitlines() or ["?"])[-1])
        with open(out) as f:
            result = json.load(f)
    if "error" in result:
        raise ReferenceError(result["error"])
    if cached:
        with open(cached + ".tmp", "w") as f:
            json.dump(result, f)
        os.replace(cached + ".tmp", cached)
    return result["stops"]


def stop_name(stop, occurrence):
    name = stop["checkpoint"] + (f" (node {stop['nid']})" if stop["nid"] is not None else "")
    return name + (f" #{occurrence + 1}" if occurrence else "")


def shown(v):
    if v is None:
        return "absent"
    if isinstance(v, int):
        return f"{v:#x}"
    if len(v) <= 40:
        return v
    return f"{v.count(',') + 1 if ',' in v else len(v) // 2} items sha1:{hashlib.sha1(v.encode()).hexdigest()[:10]}"


def family(path):
    return re.sub(r"\[\d+\]|\(\d+\)", "[*]", path)


def fields(a, b):
    """[(path, value in a, value in b, whether they differ)] of two stops' values, by path. A
    field one kernel lacks is no difference while the other's is still 0 (never set)."""
    return [(p, a.get(p), b.get(p), a.get(p) != b.get(p) and {a.get(p), b.get(p)} != {None, 0})
            for p in sorted(set(a) | set(b))]


def stop_names(stops):
    """{"checkpoint (node N) #k": values}: each stop by name, a repeated one numbered."""
    seen, out = {}, {}
    for s in stops:
        base = (s["checkpoint"], s["nid"])
        n = seen[base] = seen.get(base, -1) + 1
        out[stop_name(s, n)] = s["values"]
    return out


def compare_stops(ref, ours, detail=False):
    """The structure differences, one line per difference (@detail) or, for the record, one line
    per stop and family of fields (indices folded to [*]): how many differ and a digest of them."""
    r, o = stop_names(ref), stop_names(ours)
    lines = []
    for name in list(r) + [n for n in o if n not in r]:
        if name not in o or name not in r:
            lines.append(f"{name}: only in {'linux-4.19' if name in r else 'the replay'}")
            continue
        diffs = [(p, x, y) for p, x, y, differ in fields(r[name], o[name]) if differ]
        if detail:
            lines += [f"{name}: {p}: linux-4.19 {shown(x)}  replay {shown(y)}" for p, x, y in diffs]
            continue
        families = {}
        for p, x, y in diffs:
            families.setdefault(family(p), []).append(f"{p}={x!r}/{y!r}")
        for fam, items in families.items():
            digest = hashlib.sha1("\n".join(items).encode()).hexdigest()[:10]
            lines.append(f"{name}: {fam}: {len(items)} differ ({digest})")
    return lines


def struct_difference(ident):
    options, extra = machine(ident)
    return compare_stops(gdb_dump("linux-4.19", options, extra), gdb_dump("replay", options, extra))


def update(idents, kinds=("log", "structs")):
    """Record the remaining differences of these machines (the ratchet's one command)."""
    for ident in idents:
        for kind in kinds:
            if kind == "log":
                lines, secs = log_difference(ident)
                n = sum(1 for l in lines if l[:1] in "+-" and l[:3] not in ("---", "+++"))
                what = f"{n} differing log lines (Linux booted in {secs:.1f} s)"
            else:
                lines = struct_difference(ident)
                what = f"{len(lines)} differing structure families"
            write_record(record_path(ident, kind), lines)
            print(f"{ident}: {what} recorded", flush=True)

