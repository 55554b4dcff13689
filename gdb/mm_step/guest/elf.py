"""The sections of an ELF64 file (no GDB): what the kernel QEMU runs is compared against."""
import struct


def sections(data, names):
    """[(name, address, bytes)] of the named sections of a little-endian ELF64 image; ValueError
    when @data is not one."""
    if data[:4] != b"\x7fELF" or len(data) < 0x40 or data[4] != 2:
        raise ValueError("not an ELF64 file")
    try:
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
        hdrs = [struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize) for i in range(shnum)]
        strtab = hdrs[shstrndx][4]
        out = []
        for name_off, _type, _flags, addr, off, size in hdrs:
            name = data[strtab + name_off:data.index(b"\0", strtab + name_off)].decode()
            if name in names:
                out.append((name, addr, data[off:off + size]))
    except (struct.error, IndexError, ValueError, UnicodeDecodeError):
        raise ValueError("a truncated or corrupt ELF64 file") from None
    return out


def first_difference(sections_, read):
    """None when @read(address, size) gives each section's bytes, else "NAME differs at ADDR"."""
    for name, addr, want in sections_:
        got = read(addr, len(want), name)
        if got != want:
            first = next(i for i in range(len(want)) if i >= len(got) or got[i] != want[i])
            return f"{name} differs at {addr + first:#x}"
    return None
