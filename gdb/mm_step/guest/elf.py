"""The sections of an ELF64 file (no GDB): what the kernel QEMU runs is compared against."""
import struct


def _headers(data):
    """[(name offset, type, link, offset, size)] of each section header, and the section-name
    table's offset; ValueError when @data is not a little-endian ELF64 image."""
    if data[:4] != b"\x7fELF" or len(data) < 0x40 or data[4] != 2:
        raise ValueError("not an ELF64 file")
    try:
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
        hdrs = [struct.unpack_from("<IIQQQQI", data, shoff + i * shentsize) for i in range(shnum)]
        return hdrs, hdrs[shstrndx][4]
    except (struct.error, IndexError):
        raise ValueError("a truncated or corrupt ELF64 file") from None


def _name(data, off):
    return bytes(data[off:data.find(b"\0", off)]).decode("latin-1")


def sections(data, names):
    """[(name, address, bytes)] of the named sections of a little-endian ELF64 image; ValueError
    when @data is not one."""
    hdrs, strtab = _headers(data)
    out = []
    try:
        for name_off, _type, _flags, addr, off, size, _link in hdrs:
            name = _name(data, strtab + name_off)
            if name in names:
                out.append((name, addr, data[off:off + size]))
    except (IndexError, ValueError):
        raise ValueError("a truncated or corrupt ELF64 file") from None
    return out


SHT_SYMTAB, SHT_NOBITS, STT_OBJECT = 2, 8, 1


def bytes_at(data, address, size):
    """The @size bytes the image loads at virtual @address (from the section holding it), or
    None when no section with contents holds it: a variable's initial value, read without a target."""
    hdrs, _ = _headers(data)
    for _name_off, typ, _flags, addr, off, length, _link in hdrs:
        if typ != SHT_NOBITS and addr and addr <= address and address + size <= addr + length:
            return bytes(data[off + address - addr:off + address - addr + size])
    return None


def object_sizes(data):
    """{name: st_size} of every data object (STT_OBJECT) in the image's symbol table: the size of
    a variable as it is defined, whatever a declaration elsewhere says."""
    hdrs, _ = _headers(data)
    out = {}
    try:
        for _name_off, typ, _flags, _addr, off, size, link in hdrs:
            if typ != SHT_SYMTAB:
                continue
            names = hdrs[link][4]
            for st_name, info, _other, _shndx, _value, st_size in struct.iter_unpack("<IBBHQQ", data[off:off + size]):
                if info & 0xf == STT_OBJECT and st_name:
                    out[_name(data, names + st_name)] = st_size
    except (struct.error, IndexError, ValueError):
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
