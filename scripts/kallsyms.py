#!/usr/bin/python3
"""Generate the kernel's symbol table (kernel/kernel/kallsyms.c) from `nm -n` of a first link.

    nm -n build/kernel.pass1.elf | scripts/kallsyms.py > build/kallsyms.S

Text symbols only (T, t), one per address (the first name wins), sorted; kallsyms_text_end is _etext.
"""
import sys


def main():
    syms, text_end = [], None
    seen = set()
    for line in sys.stdin:
        parts = line.split()
        if len(parts) != 3:
            continue
        addr, kind, name = int(parts[0], 16), parts[1], parts[2]
        if name == "_etext":
            text_end = addr
        if kind in "Tt" and addr not in seen and not name.startswith(".L"):
            seen.add(addr)
            syms.append((addr, name))
    if text_end is None:
        sys.exit("kallsyms.py: no _etext in the symbol list")
    out = ['\t.section .rodata.kallsyms, "a"', "\t.balign 8"]
    out += ["\t.globl kallsyms_num_syms", f"kallsyms_num_syms:\t.quad {len(syms)}"]
    out += ["\t.globl kallsyms_text_end", f"kallsyms_text_end:\t.quad {text_end:#x}"]
    out += ["\t.globl kallsyms_addresses", "kallsyms_addresses:"]
    out += [f"\t.quad {a:#x}" for a, _ in syms]
    out += ["\t.globl kallsyms_name_offsets", "kallsyms_name_offsets:"]
    offset = 0
    for _, name in syms:
        out.append(f"\t.long {offset}")
        offset += len(name) + 1
    out += ["\t.globl kallsyms_names", "kallsyms_names:"]
    out += [f'\t.asciz "{name}"' for _, name in syms]
    print("\n".join(out))


if __name__ == "__main__":
    main()
