"""The phases of a real kernel: where each of the replay's checkpoints ends in that kernel, from a
table per version (phases/linux-VERSION.json) and the kernel's debug info; used under GDB.

A table names, per checkpoint, how its phase ends -- 'return' (the function's return address),
'call' (entering the phase's next call, from a given caller) or 'inlined' (the first instruction
of the caller after the function's inlined body) -- and a condition on the kernel's state that
must hold there. Addresses are never in the table: resolve() finds them in the DWARF of the
vmlinux GDB has loaded, so that a rebuilt kernel of the same version needs no new table.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TABLES = os.path.join(HERE, "phases")


class PhaseError(Exception):
    """One line: a phase table that does not fit the kernel."""


def table(version="4.19"):
    path = os.path.join(TABLES, f"linux-{version}.json")
    if not os.path.isfile(path):
        raise PhaseError(f"no phase table for Linux {version} ({os.path.relpath(path, HERE)})")
    with open(path) as f:
        return json.load(f)["phases"]


def function_range(name):
    """(start, end) of a function that exists out of line in the loaded kernel, else None."""
    import gdb
    sym = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
    if sym is None or sym.addr_class != gdb.SYMBOL_LOC_BLOCK:
        return None
    block = gdb.block_for_pc(int(sym.value().address))
    while block is not None and block.function is None:
        block = block.superblock
    return (block.start, block.end) if block is not None else None


def _inlined_chain(pc, caller):
    """Names of the functions inlined at pc, innermost first, up to the caller's own block."""
    import gdb
    names, block = [], gdb.block_for_pc(pc)
    while block is not None and not (block.function is not None and block.function.name == caller):
        if block.function is not None:
            names.append(block.function.name)
        block = block.superblock
    return names


def inlined_end(function, caller, after="body"):
    """Where @function's body inlined in @caller ends: the first instruction after its last
    instruction (@after 'body'), or the return address of its last call (@after 'last_call', for
    a body whose last instructions the compiler mixed with the caller's next statements)."""
    import gdb
    rng = function_range(caller)
    if rng is None:
        raise PhaseError(f"{caller} is not a function of this kernel")
    arch = gdb.selected_inferior().architecture()
    listing = arch.disassemble(rng[0], rng[1] - 1)
    insns, insns_asm = [i["addr"] for i in listing], [i["asm"] for i in listing]
    inside = [k for k, pc in enumerate(insns) if function in _inlined_chain(pc, caller)]
    if not inside:
        raise PhaseError(f"{function} is not inlined in {caller} in this kernel")
    if after == "last_call":
        calls = [k for k in inside if insns_asm[k].startswith("call")]
        if not calls:
            raise PhaseError(f"{function}'s body inlined in {caller} makes no call")
        return insns[calls[-1] + 1]
    for pc in insns[inside[-1] + 1:]:
        if function not in _inlined_chain(pc, caller):
            return pc
    raise PhaseError(f"{function}'s inlined body ends {caller}")


def resolve(phases):
    """Each phase with 'address': where to put the (hardware) breakpoint -- the function's entry for
    'return' and 'call', the stop itself for 'inlined'. 'return' and 'inlined' phases are checked
    against the debug info: the function must (not) exist out of line."""
    out = []
    for p in phases:
        p = dict(p)
        rng = function_range(p["function"])
        if p["end"] in ("return", "call"):
            if rng is None:
                raise PhaseError(f"{p['function']} has no out-of-line body in this kernel: the table says '{p['end']}'")
            p["address"] = rng[0]
        elif p["end"] == "inlined":
            if rng is not None:
                raise PhaseError(f"{p['function']} is a separate function in this kernel: the table says 'inlined'")
            p["address"] = inlined_end(p["function"], p["caller"], p.get("after", "body"))
        else:
            raise PhaseError(f"unknown end '{p['end']}' for {p['checkpoint']}")
        if p.get("caller"):
            crng = function_range(p["caller"])
            if crng is None:
                raise PhaseError(f"{p['caller']} is not a function of this kernel")
            p["caller_range"] = crng
        out.append(p)
    return out
