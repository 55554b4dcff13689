# mm-step: build the replay kernel, run it, step through it, test it.
#   make                 build/kernel.elf (64-bit ELF with full debug info)
#   make run             boot it headless; TOPOLOGY=name MACHINE='qemu opts' CMDLINE='args'
#   make walkthrough     GDB stopped at the first checkpoint (the main job); DASHBOARD=1 with mm dashboard on
#   make test            every test; ends with "N passed, M failed"
#   make fuzz            the parser fuzzers, for longer;  make bench: timings against Linux
#   make demo [LESSON=]  a walkthrough played in tmux;     make record: build/demo.cast and demo.svg
#   make lessons-pictures  lessons/pictures/*.svg, drawn by the tool on each lesson's machine
#   make BUG=name        a planted-bug lab kernel (lessons/labs/bugs/name.patch on a copy of the tree in
#                        build/bug-name/); run and walkthrough then boot it

TOPOLOGY ?= two-node
KERNEL ?= replay
BZIMAGE ?=
MACHINE ?=
CMDLINE ?=
FUZZ_SECONDS ?= 60

BUILD := build
SHELL := /bin/bash

# Quiet build, as Linux's Kbuild: "  CC      kernel/mm/sparse.c" per step; V=1 prints the whole
# commands, make -s prints nothing. Compiler errors go to stderr either way.
V ?= 0
ifeq ($(V),1)
say :=
else ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
say := @
else
say = @printf '  %-7s %s\n' '$(1)' '$(2)';
endif
CC := gcc
KERNEL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare \
	-ffreestanding -fno-builtin -fno-stack-protector -fno-pic -fno-pie -fno-common \
	-fno-tree-loop-distribute-patterns -fno-omit-frame-pointer -fno-optimize-sibling-calls -fno-asynchronous-unwind-tables \
	-mno-red-zone -mcmodel=kernel -mno-sse -mno-sse2 -mno-mmx -mno-80387 -mgeneral-regs-only \
	-nostdinc -Ikernel/include -Ikernel/arch/x86/include
KERNEL_SRCS := $(filter-out %.lds.S,$(shell find kernel -name '*.c' -o -name '*.S' | sort))
KERNEL_OBJS := $(patsubst kernel/%,$(BUILD)/kernel/%.o,$(KERNEL_SRCS))
KERNEL_HDRS := $(shell find kernel -name '*.h' -o -name '*.def')

# Host unit tests link the portable kernel sources, compiled for the host, from one archive.
HOST_EXCLUDE := kernel/arch/x86/platform/% kernel/arch/x86/kernel/head64.c kernel/arch/x86/kernel/idt.c \
	kernel/arch/x86/kernel/setup.c \
	kernel/arch/x86/kernel/early_printk.c kernel/arch/x86/kernel/traps.c kernel/init/main.c
HOST_SRCS := $(filter-out $(HOST_EXCLUDE),$(filter %.c,$(KERNEL_SRCS)))
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wno-unused-parameter -fno-builtin -fno-common \
	-DMM_STEP_HOSTED -nostdinc -Ikernel/include -Ikernel/arch/x86/include -fsanitize=address,undefined
HOST_OBJS := $(patsubst kernel/%.c,$(BUILD)/host/%.o,$(HOST_SRCS))
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/test_*.c))
FUZZERS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all run walkthrough test unit fuzzers fuzz bench demo record lessons-pictures deps clean FORCE
# The kernel run and walkthrough boot: ours, or a planted-bug lab's (kernel/ itself is never patched).
ifdef BUG
RUN_KERNEL := $(BUILD)/bug-$(BUG)/build/kernel.elf
export MM_STEP_KERNEL := $(abspath $(RUN_KERNEL))
$(RUN_KERNEL): FORCE
	@python3 lessons/labs/bug.py build '$(BUG)' >/dev/null
else
RUN_KERNEL := $(BUILD)/kernel.elf
endif
all: $(RUN_KERNEL)

$(BUILD)/kernel/%.c.o: kernel/%.c $(KERNEL_HDRS)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(KERNEL_CFLAGS) -c $< -o $@
$(BUILD)/kernel/%.S.o: kernel/%.S
	@mkdir -p $(dir $@)
	$(call say,AS,$<)$(CC) $(KERNEL_CFLAGS) -c $< -o $@
# Two links, as Linux's kallsyms: the second adds the symbol table of the first. The table sits at
# the end of .rodata, so no text address moves; scripts/kallsyms.py checks nothing else is needed.
LD_KERNEL := ld -nostdlib -z max-page-size=4096 -z noexecstack -T $(BUILD)/vmlinux.lds
$(BUILD)/vmlinux.lds: kernel/arch/x86/kernel/vmlinux.lds.S kernel/include/mm_step/linux_image.h
	@mkdir -p $(BUILD)
	$(call say,LDS,$@)$(CC) -E -P -undef -x assembler-with-cpp -Ikernel/include $< -o $@
$(BUILD)/kernel.elf: $(KERNEL_OBJS) $(BUILD)/vmlinux.lds scripts/kallsyms.py
	$(call say,LD,$(BUILD)/kernel.pass1.elf)$(LD_KERNEL) -o $(BUILD)/kernel.pass1.elf $(KERNEL_OBJS)
	$(call say,KSYM,$(BUILD)/kallsyms.S)nm -n $(BUILD)/kernel.pass1.elf | python3 scripts/kallsyms.py > $(BUILD)/kallsyms.S
	$(call say,AS,$(BUILD)/kallsyms.S)$(CC) -c $(BUILD)/kallsyms.S -o $(BUILD)/kallsyms.o
	$(call say,LD,$@)$(LD_KERNEL) -o $@ $(KERNEL_OBJS) $(BUILD)/kallsyms.o
	@nm -n $@ | grep -i ' t ' | cmp -s - <(nm -n $(BUILD)/kernel.pass1.elf | grep -i ' t ') || \
		{ echo "kallsyms: text moved between the two links" >&2; rm -f $@; exit 1; }

$(BUILD)/host/%.o: kernel/%.c $(KERNEL_HDRS)
	@mkdir -p $(dir $@)
	$(call say,HOSTCC,$<)$(CC) $(HOST_CFLAGS) -c $< -o $@
# The string routines in x86 assembly, for tests/unit/test_string_asm.c under names of their own
HOST_ASM_OBJS := $(BUILD)/host/arch/x86/lib/memset_64.o $(BUILD)/host/arch/x86/lib/memcpy_64.o
$(BUILD)/host/%.o: kernel/%.S
	@mkdir -p $(dir $@)
	$(call say,HOSTAS,$<)$(CC) -Wa,--noexecstack -Dmemset=asm_memset -Dmemcpy=asm_memcpy -c $< -o $@
$(BUILD)/host/libkernel.a: $(HOST_OBJS) $(HOST_ASM_OBJS) Makefile
	$(call say,AR,$@)rm -f $@ && ar rcsP $@ $(filter %.o,$^)
$(BUILD)/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) tests/unit/hosted.c $(BUILD)/host/libkernel.a
	@mkdir -p $(dir $@)
	$(call say,HOSTLD,$@)$(CC) -std=gnu11 -g -O1 -Wall -fsanitize=address,undefined -Itests/unit -o $@ $< tests/unit/hosted.c $(BUILD)/host/libkernel.a

# Fuzzers: libFuzzer (Debian's clang) over the same portable sources.
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fno-builtin -fno-common -DMM_STEP_HOSTED -nostdinc \
	-Ikernel/include -Ikernel/arch/x86/include -fsanitize=fuzzer-no-link,address,undefined
FUZZ_OBJS := $(patsubst kernel/%.c,$(BUILD)/fuzzobj/%.o,$(HOST_SRCS))
$(BUILD)/fuzzobj/%.o: kernel/%.c $(KERNEL_HDRS)
	@mkdir -p $(dir $@)
	$(call say,FUZZCC,$<)clang $(FUZZ_CFLAGS) -c $< -o $@
$(BUILD)/fuzzobj/libkernel.a: $(FUZZ_OBJS) Makefile
	$(call say,AR,$@)rm -f $@ && ar rcsP $@ $(filter %.o,$^)
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/unit/hosted.c $(BUILD)/fuzzobj/libkernel.a
	@mkdir -p $(dir $@)
	$(call say,FUZZLD,$@)clang -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -DUNIT_NO_MAIN -Itests/unit -o $@ $< \
		tests/unit/hosted.c $(BUILD)/fuzzobj/libkernel.a

unit: $(UNIT_TESTS)

# The user's strings reach the scripts through the environment, as they were typed: neither make
# ($(value ...) does not expand them; unexport: make would expand them to export them as they are)
# nor the shell ("$$VAR" is not re-read) interprets them.
unexport TOPOLOGY MACHINE CMDLINE LESSON KERNEL BZIMAGE
MM_STEP_ARGS = --topology "$$MM_STEP_TOPOLOGY" --machine "$$MM_STEP_MACHINE" --cmdline "$$MM_STEP_CMDLINE"
run walkthrough demo record: export MM_STEP_TOPOLOGY = $(value TOPOLOGY)
run walkthrough: export MM_STEP_MACHINE = $(value MACHINE)
run walkthrough: export MM_STEP_CMDLINE = $(value CMDLINE)
demo: export MM_STEP_LESSON = $(value LESSON)

run: deps $(RUN_KERNEL)
	@python3 scripts/run $(MM_STEP_ARGS)

# No pager (it would swallow the next command typed), no "Quit anyway?", no "0x...fff0 in ?? ()"
# on connecting: the first screen is the first checkpoint's banner and what to type next.
# KERNEL=linux-4.19|linux-6.1 (or a vmlinux with BZIMAGE=its image): real Linux at the same checkpoints.
walkthrough: export MM_STEP_KERNEL_ARG = $(value KERNEL)
walkthrough: export MM_STEP_BZIMAGE = $(value BZIMAGE)
walkthrough: deps $(RUN_KERNEL)
	@scripts/mm-gdb --kernel "$$MM_STEP_KERNEL_ARG" $${MM_STEP_BZIMAGE:+--bzimage "$$MM_STEP_BZIMAGE"} \
		$(MM_STEP_ARGS) $(WALKTHROUGH_GDB)

WALKTHROUGH_GDB = -iex 'set pagination off' -iex 'set confirm off' -iex 'set suppress-cli-notifications on' \
	-ex 'set suppress-cli-notifications off' $(if $(DASHBOARD),-ex 'mm dashboard on') -ex 'mm-goto 1'

# run-tests builds the kernel, unit tests and fuzzers itself (make -k), so that a build failure
# is counted and reported, not the end of the run.
test: deps
	@python3 scripts/run-tests

fuzzers: $(FUZZERS)

# Every target runs, even after one fails; the failures are named at the end.
fuzz: $(FUZZERS)
	@failed=""; for f in $(FUZZERS); do n=$$(basename $$f); echo "== $$n ($(FUZZ_SECONDS) s)"; \
		mkdir -p $(BUILD)/fuzz-artifacts $(BUILD)/fuzz-corpus/$$n; \
		$$f -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(BUILD)/fuzz-artifacts/ \
			$(BUILD)/fuzz-corpus/$$n tests/fuzz/corpus/$$n || failed="$$failed $$n"; done; \
	if [ -n "$$failed" ]; then echo "fuzz: failed:$$failed (inputs in $(BUILD)/fuzz-artifacts/)"; exit 1; fi

demo: deps $(BUILD)/kernel.elf
	@scripts/demo --topology "$$MM_STEP_TOPOLOGY" $${MM_STEP_LESSON:+--lesson "$$MM_STEP_LESSON"}

record: deps $(BUILD)/kernel.elf
	@scripts/record --topology "$$MM_STEP_TOPOLOGY"

# The lessons' pictures: mm map [pgdat|sparse] --svg at each lesson's checkpoint (lessons/pictures.py
# lists them); tests/lessons/test_pictures.py fails when a committed one differs from what the tool draws.
lessons-pictures: deps $(BUILD)/kernel.elf
	@python3 lessons/pictures.py

bench: deps $(BUILD)/kernel.elf
	@python3 scripts/bench

deps:
	@scripts/install-deps

clean:
	rm -rf $(BUILD)
