"""The phases of a real kernel: where each of the replay's checkpoints ends in that kernel, from a
table per version (linux-VERSION.json beside this file) and the kernel's debug info; used under GDB.

A table names, per checkpoint, how its phase ends -- 'return' (the function's return address),
'call' (entering the phase's next call, from a given caller) or 'inlined' (the first instruction
of the caller after the function's inlined body) -- and a condition on the kernel's state that
must hold there. Addresses are never in the table: resolve() finds them in the DWARF of the
vmlinux GDB has loaded, so that a rebuilt kernel of the same version needs no new table.

A table may also name phases that its version has and 4.19 lacks ('phase' instead of
'checkpoint', with the checkpoint it 'follows'): a session stops there too (Runner(extra=True));
what compares kernels at the replay's checkpoints (scripts/oracle/gdbdump.py) does not.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TABLES = HERE


class PhaseError(Exception):
    """One line: a phase table that does not fit the kernel."""


def load(version="4.19"):
    path = os.path.join(TABLES, f"linux-{version}.json")
    if not os.path.isfile(path):
        raise PhaseError(f"no phase table for Linux {version} ({os.path.relpath(path, HERE)})")
    with open(path) as f:
        return json.load(f)


def table(version="4.19", extra=False):
    """The phases in boot order: the replay's checkpoints, and with @extra this version's own."""
    return [p for p in load(version)["phases"] if extra or "checkpoint" in p]


def name(p):
    """The stop's name: the replay's checkpoint, or the phase only this version has."""
    return p.get("checkpoint") or p["phase"]


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
            raise PhaseError(f"unknown end '{p['end']}' for {name(p)}")
        if p.get("caller"):
            crng = function_range(p["caller"])
            if crng is None:
                raise PhaseError(f"{p['caller']} is not a function of this kernel")
            p["caller_range"] = crng
        out.append(p)
    return out


class Runner:
    """Which breakpoint hits end a phase, boot after boot: the breakpoints of the table (entries,
    inlined ends), and, for a 'return' phase, one on the return address seen at its entry, removed
    once it is hit. hit(pc) at each stop says which phases ended there, each verified by the
    table's condition. Breakpoints are hardware ones, not tied to a vCPU; addresses() are those
    of the breakpoints, the one the vCPU stands at included."""

    def __init__(self, version, extra=False):
        import gdb
        # The code as the ELF has it: at the first instruction the kernel is not in memory yet.
        # Only while resolving: Linux writes its __ro_after_init data (__per_cpu_offset) in .rodata.
        trust = gdb.parameter("trust-readonly-sections")
        gdb.execute("set trust-readonly-sections on")
        try:
            self.table = resolve(table(version, extra))
        finally:
            gdb.execute(f"set trust-readonly-sections {'on' if trust else 'off'}")
        self.static = {}            # address -> [(kind, phase)]
        for p in self.table:
            self.static.setdefault(p["address"], []).append(("phase", p))
            if p.get("nid") and p["end"] == "inlined":
                self.static.setdefault(function_range(p["caller"])[0], []).append(("nid", p))
        self.bps = [gdb.Breakpoint(f"*{a:#x}", type=gdb.BP_HARDWARE_BREAKPOINT, internal=True)
                    for a in self.static]
        for b in self.bps:
            b.silent = True
        self.returns = {}           # return address -> (gdb.Breakpoint, [(phase, nid)] waiting for it)
        self.boot()

    def boot(self):
        """A new boot (a reset): no phase done, no return pending."""
        for bp, _ in self.returns.values():
            bp.delete()
        self.returns, self.done, self.nid = {}, set(), None

    def addresses(self):
        return set(self.static) | set(self.returns)

    def delete(self):
        self.boot()
        for b in self.bps:
            b.delete()
        self.bps = []

    def hit(self, pc, u64):
        """The phases that ended at @pc, [(phase, nid or None)], verified; @u64(addr) reads memory.
        PhaseError when a stop fails its condition (the table does not fit the kernel)."""
        import gdb
        # A return breakpoint that has been hit stays (an address of ours) while the vCPU stands there
        for ra in [ra for ra, (_, waiting) in self.returns.items() if not waiting and ra != pc]:
            self.returns.pop(ra)[0].delete()
        ended = []
        if pc in self.returns:
            ended += [("return", p, nid) for p, nid in self.returns[pc][1]]
            self.returns[pc][1].clear()
        for kind, p in self.static.get(pc, []):
            if kind == "nid" or (p.get("nid") and p["end"] == "return"):
                self.nid = int(gdb.parse_and_eval(p["nid"]))
            if kind == "nid":
                continue
            if p["end"] == "return":
                ra = u64(int(gdb.parse_and_eval("$sp")))
                if ra not in self.returns:
                    bp = gdb.Breakpoint(f"*{ra:#x}", type=gdb.BP_HARDWARE_BREAKPOINT, internal=True)
                    bp.silent = True
                    self.returns[ra] = (bp, [])
                entry = (p, self.nid if p.get("per_node") else None)
                # none of these functions recurses: the same entry again before its return is one
                # breakpoint reported twice (seen once under load), not a second call
                if entry not in self.returns[ra][1]:
                    self.returns[ra][1].append(entry)
                continue
            if p["end"] == "call":
                ra = u64(int(gdb.parse_and_eval("$sp")))
                if not p["caller_range"][0] <= ra < p["caller_range"][1] or (p.get("first") and name(p) in self.done):
                    continue
            ended.append((kind, p, self.nid if p.get("per_node") else None))
        out = []
        for _, p, nid in ended:
            bad = failed(p, nid)
            if bad:
                if p.get("may_fail"):
                    continue
                raise PhaseError(f"stop for {name(p)} at {pc:#x} fails its condition: {bad}")
            self.done.add(name(p))
            out.append((p, nid))
        return out


def failed(p, nid):
    """None when the stop meets the table's condition, else the condition that fails: 'verify'
    ($nid: the stop's node), and 'verify_each_node' for every node that has a pg_data_t."""
    import gdb
    checks = [(p["verify"], nid)] if p.get("verify") else []
    if p.get("verify_each_node"):
        slots = int(gdb.parse_and_eval("sizeof(node_data) / sizeof(node_data[0])"))
        checks += [(p["verify_each_node"], n) for n in range(slots) if int(gdb.parse_and_eval(f"node_data[{n}]"))]
    for expr, n in checks:
        if n is not None:
            gdb.set_convenience_variable("nid", n)
        if not bool(gdb.parse_and_eval(expr)):
            return expr if n is None else f"{expr} ($nid = {n})"
    return None


def exit_function(version):
    """Where a session on Linux @version ends: the function entered after its last phase."""
    return load(version).get("exit", {}).get("function", "rest_init")
