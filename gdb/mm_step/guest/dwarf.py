"""Symbols and types from the ELF's DWARF: every size, offset, array length and enum value the
readers use comes from here, never from a copy in Python (drgn's rule)."""
import functools
import struct

import gdb

from ..model import MMError
from . import image, memory


def find_symbol(name):
    return gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)


def value(name, what=None):
    sym = find_symbol(name)
    if sym is None:
        raise MMError(f"this kernel has no '{name}' yet ({what or name} is not replayed in this build)")
    v = sym.value()
    if sym.addr_class == gdb.SYMBOL_LOC_UNRESOLVED:
        v = _as_defined(name, v)
    return v


def _as_defined(name, v):
    """GDB gives the first symbol of its expanded compilation units, which can be a header's
    declaration (`extern struct pglist_data *node_data[];`, asm/mmzone_64.h): an array without a
    length. The definition's length is the ELF symbol's size over the element's."""
    t = v.type.strip_typedefs()
    size = image.object_size(name) if t.code == gdb.TYPE_CODE_ARRAY else None
    el = t.target() if size else None
    if not size or size % el.sizeof:
        return v
    return gdb.Value(int(v.address)).cast(el.array(size // el.sizeof - 1).pointer()).dereference()


def symbol_address(name):
    return int(find_symbol(name).value().address)


@functools.lru_cache(maxsize=None)
def lookup_type(name):
    """A struct/union/enum/typedef, typedefs stripped; types do not change within a session."""
    try:
        return gdb.lookup_type(name).strip_typedefs()
    except gdb.error:
        raise MMError(f"this kernel has no type '{name}' yet") from None


@functools.lru_cache(maxsize=None)
def constant(name):
    """The value of enumerator @name (constants do not change within a session), None if absent."""
    try:
        return int(gdb.parse_and_eval(name))
    except gdb.error:
        return None


@functools.lru_cache(maxsize=None)
def _per_cpu_offsets():
    sym = find_symbol("__per_cpu_offset")
    return int(sym.value().address) if sym else None


def enum_values(name):
    """{enumerator: value} of an enum type, {} if the kernel has no such enum."""
    try:
        return {f.name: f.enumval for f in lookup_type(name).fields()}
    except MMError:
        return {}


def address_of(val):
    """The address of a gdb.Value that is an object, or the pointee address of a pointer."""
    if val.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
        return int(val)
    return int(val.address)


def find_field(t, name):
    """(byte offset, gdb.Type) of field @name in struct type @t, looking into anonymous members;
    a dotted @name ("lru.next") is a field of a field."""
    t = t.strip_typedefs()
    if "." in name:
        first, rest = name.split(".", 1)
        off, ft = find_field(t, first)
        roff, rt = find_field(ft, rest)
        return off + roff, rt
    for f in t.fields():
        if f.name == name:
            return f.bitpos // 8, f.type.strip_typedefs()
        if not f.name and f.type.strip_typedefs().code in (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION):
            try:
                off, ft = find_field(f.type, name)
                return f.bitpos // 8 + off, ft
            except KeyError:
                pass
    raise KeyError(name)


def array_len(val_or_type):
    t = val_or_type if isinstance(val_or_type, gdb.Type) else val_or_type.type
    return t.strip_typedefs().range()[1] + 1


def _scalar(t):
    """(size, signed) of a scalar type; atomic_t-like structs read as their single 'counter'."""
    t = t.strip_typedefs()
    if t.code == gdb.TYPE_CODE_STRUCT and len(t.fields()) == 1:
        return _scalar(t.fields()[0].type)
    if t.code in (gdb.TYPE_CODE_PTR, gdb.TYPE_CODE_BOOL, gdb.TYPE_CODE_CHAR):
        return t.sizeof, False
    if t.code == gdb.TYPE_CODE_ENUM:
        return t.sizeof, True
    if t.code == gdb.TYPE_CODE_INT:
        return t.sizeof, bool(getattr(t, "is_signed", True))
    raise TypeError(f"not a scalar: {t}")


class Decoder:
    """Decodes chosen fields of a struct from raw bytes; missing optional fields read as None."""

    def __init__(self, type_name_or_type, fields, optional=()):
        self.type = lookup_type(type_name_or_type) if isinstance(type_name_or_type, str) else type_name_or_type
        self.size = self.type.sizeof
        self.fields = {}
        for name in list(fields) + list(optional):
            try:
                off, ft = find_field(self.type, name)
            except KeyError:
                if name in optional:
                    continue
                raise MMError(f"this kernel's {self.type} has no field '{name}' yet") from None
            if ft.code == gdb.TYPE_CODE_ARRAY:
                n = ft.range()[1] + 1
                et = ft.target().strip_typedefs()
                size, signed = _scalar(et)
                self.fields[name] = (off, size, signed, n, et.sizeof)
            else:
                size, signed = _scalar(ft)
                self.fields[name] = (off, size, signed, None, size)

    def decode(self, buf, base=0):
        out = {}
        for name, (off, size, signed, n, stride) in self.fields.items():
            if n is None:
                out[name] = int.from_bytes(buf[base + off:base + off + size], "little", signed=signed)
            else:
                out[name] = [int.from_bytes(buf[base + off + i * stride:base + off + i * stride + size], "little",
                                            signed=signed) for i in range(n)]
        return out

    def array(self, addr, count, what):
        buf = memory.bulk_read(addr, count * self.size, what)
        return [self.decode(buf, i * self.size) for i in range(count)]


_leaves = {}


def leaves(t):
    """Every scalar of type @t, by DWARF, once per type: [(path suffix, byte offset, size, bit
    shift, bit width or 0, is a C string)] -- each field, array element and bit-field."""
    t = t.strip_typedefs()
    compound = t.code in (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION)
    key = (str(t), t.sizeof, tuple(f.name for f in t.fields()) if compound else ())
    if key in _leaves:
        return _leaves[key]
    out = []
    if compound:
        for f in t.fields():
            if not hasattr(f, "bitpos") or f.bitpos is None:
                continue
            name = f".{f.name}" if f.name else ""
            if f.bitsize:
                out.append((name, f.bitpos // 8, 8, f.bitpos % 8, f.bitsize, False))
                continue
            out += [(name + p, f.bitpos // 8 + o, sz, sh, w, st) for p, o, sz, sh, w, st in leaves(f.type)]
    elif t.code == gdb.TYPE_CODE_ARRAY:
        lo, hi = t.range()
        elem = t.target()
        sub = leaves(elem)
        for i in range(hi - lo + 1):
            out += [(f"[{i}]" + p, i * elem.sizeof + o, sz, sh, w, st) for p, o, sz, sh, w, st in sub]
    elif t.code == gdb.TYPE_CODE_PTR and t.target().strip_typedefs().code == gdb.TYPE_CODE_INT \
            and t.target().sizeof == 1:
        out.append(("", 0, 8, 0, 0, True))
    elif t.sizeof:
        out.append(("", 0, t.sizeof, 0, 0, False))
    _leaves[key] = out
    return out


def flatten(t, buf, off, path, out):
    """Every scalar of a value of type @t at buf[off:], as out[path + suffix] = int (unsigned); a
    C string (a zone's name) as its text, since two kernels keep it at different addresses."""
    for suffix, o, size, shift, width, string in leaves(t):
        v = int.from_bytes(buf[off + o:off + o + size], "little")
        if width:
            v = (v >> shift) & ((1 << width) - 1)
        elif string and v:
            v = memory.read_string(v, 32)
        out[path + suffix] = v


def flatten_global(name, out):
    """flatten() of global @name under its own name; nothing when the kernel has no such symbol."""
    if find_symbol(name) is None:
        return
    v = value(name)
    t = v.type.strip_typedefs()
    flatten(t, memory.read(int(v.address), t.sizeof, name), 0, name, out)


def u64_array(name, what=None):
    """A global array of unsigned longs / pointers as a list."""
    v = value(name, what)
    n = array_len(v)
    return list(struct.unpack(f"<{n}Q", memory.read(address_of(v), n * 8, f"{name}[]")))


def string_array(name):
    """A global array of C strings (zone_names, migratetype_names) as a list, [] if absent."""
    if find_symbol(name) is None:
        return []
    return [memory.read_string(p) for p in u64_array(name)]


def nodemask(name):
    """A nodemask_t global (or an array of them) as a list of nid sets."""
    v = value(name)
    t = v.type.strip_typedefs()
    et = t.target().strip_typedefs() if t.code == gdb.TYPE_CODE_ARRAY else t
    n = array_len(t) if t.code == gdb.TYPE_CODE_ARRAY else 1
    raw = memory.read(address_of(v), n * et.sizeof, name)
    out = []
    for i in range(n):
        bits = int.from_bytes(raw[i * et.sizeof:(i + 1) * et.sizeof], "little")
        out.append({b for b in range(et.sizeof * 8) if bits >> b & 1})
    return out


KERNEL_HALF = 0xffff800000000000   # x86-64: every kernel address is above; per-cpu pointers are not


def per_cpu(addr, cpu=0):
    """The address of @cpu's copy of a __percpu pointer: x86-64 Linux links per-cpu variables from 0
    and hands out per-cpu pointers relative to that, adding __per_cpu_offset[cpu] (before
    setup_per_cpu_areas: the boot copy in the image); the replay does the same with Linux's
    offsets. A kernel address is already one."""
    offsets = _per_cpu_offsets()
    if addr >= KERNEL_HALF or offsets is None:
        return addr
    return (addr + memory.read_u64(offsets + 8 * cpu, "__per_cpu_offset")) & (1 << 64) - 1
