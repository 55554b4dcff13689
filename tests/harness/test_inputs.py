"""Every input is checked before QEMU starts, with one clear line; no user string is interpreted
by make or a shell."""
import os
import subprocess

import pytest

from conftest import MM_GDB, RUN, REPO, one_line_refusal

import topology

TOOLS = ["mm-gdb", "run"]
# The least RAM that holds the kernel's footprint (its image, bss and brk, as Linux 4.19's), in MiB.
LEAST = topology.round_up_mib(topology.kernel_end()) >> 20


def tool(name, *args, timeout=60, env=None):
    cmd = [MM_GDB, *args, "-batch", "-ex", "mm-goto 1"] if name == "mm-gdb" else ["python3", RUN, *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.mark.parametrize("name", TOOLS)
@pytest.mark.parametrize("memory", ["16M", "16", "1M", "16900K", "size=16M", "0.015G", "16M,slots=2,maxmem=1G",
                                    f"{LEAST - 1}M", f"{LEAST * 1024 - 1}K"])
def test_ram_below_the_kernel_is_one_line(name, memory):
    line = one_line_refusal(tool(name, "--machine", f"-m {memory}", timeout=30))
    assert "too little" in line and f"-m {LEAST}M" in line


def test_the_least_ram_that_works_boots():
    assert LEAST == 33      # the reference's image ends at 32 MiB (__bss_stop), its brk 176 KiB later
    r = tool("run", "--machine", f"-m {LEAST}M")
    assert r.returncode == 0, r.stdout[-1000:]
    r = tool("mm-gdb", "--machine", f"-m {LEAST}M")
    assert "checkpoint 1/" in r.stdout, r.stdout[-1000:] + r.stderr


@pytest.mark.parametrize("name", TOOLS)
@pytest.mark.parametrize("size", [2048, 4608, 20000, 24576])
def test_command_line_over_linux_limit_is_one_line(name, size):
    preset = topology.kernel_cmdline("one-node", "", "")
    user = "x" * (size - len(preset) - 1 if preset else size)
    line = one_line_refusal(tool(name, "--topology", "one-node", "--cmdline", user, timeout=30))
    assert f"is {size} bytes" in line and "2047" in line


@pytest.mark.parametrize("name", TOOLS)
@pytest.mark.parametrize("machine", ["-m abc", "-m -1", "-m", "-m 1G; touch /tmp/x", "-m ''"])
def test_a_size_qemu_cannot_read_is_one_line(name, machine):
    assert "-m" in one_line_refusal(tool(name, "--machine", machine, timeout=30))


def test_command_line_at_linux_limit_is_read_whole():
    # 2047 bytes, the last word mem=1G: the kernel reads it all when the RAM ends at 1 GiB
    words = "y" * (2047 - len(" mem=1G")) + " mem=1G"
    r = tool("run", "--machine", "-m 2G", "--cmdline", words)
    assert r.returncode == 0, r.stdout[-1000:]
    assert "user-defined physical RAM map:" in r.stdout
    assert "Memory: " in r.stdout and "K/1048184K available" in r.stdout


@pytest.mark.parametrize("name", TOOLS)
@pytest.mark.parametrize("topo", ["../../x", "/etc/passwd", "two-node/../two-node", "..", "-x", "two node", "two\nnode"])
def test_topology_outside_the_presets_is_refused(name, topo, tmp_path):
    line = one_line_refusal(tool(name, "--topology", topo, timeout=30))
    assert "unknown topology" in line or (topo == "-x" and "expected one argument" in line)


def test_a_machine_file_elsewhere_is_not_loaded(tmp_path):
    (tmp_path / "evil.machine").write_text("qemu = -m 64M\n")
    rel = os.path.relpath(tmp_path / "evil", topology.TOPOLOGY_DIR)
    assert "unknown topology" in one_line_refusal(tool("run", "--topology", rel, timeout=30))


@pytest.mark.parametrize("name", TOOLS)
@pytest.mark.parametrize("machine", ["-m 1G '", '-m "1G', "-m 1G \\"])
def test_unbalanced_quote_is_one_line(name, machine):
    assert "MACHINE" in one_line_refusal(tool(name, "--machine", machine, timeout=30))


@pytest.mark.parametrize("option", ["-S", "-s", "-gdb tcp::1234", "-vnc :0", "-serial tcp::4444,server=on",
                                    "-monitor telnet::4445,server,nowait", "-kernel /bin/true", "-append x",
                                    "-chardev socket,id=c,host=0.0.0.0,port=4446,server=on",
                                    "-netdev user,id=n,hostfwd=tcp::2222-:22", "-nographic", "-monitor stdio",
                                    "-serial mon:stdio", "-accel kvm", "-enable-kvm", "-machine pc,accel=kvm"])
def test_options_that_listen_or_replace_the_kernel_are_refused(option):
    assert "not allowed" in one_line_refusal(tool("run", "--machine", f"-m 64M {option}", timeout=30))


def make_run(marker, **variables):
    r = subprocess.run(["make", "-s", "run"] + [f"{k}={v}" for k, v in variables.items()], cwd=REPO,
                       capture_output=True, text=True, timeout=300)
    return r, os.path.exists(marker)


@pytest.mark.parametrize("var", ["CMDLINE", "MACHINE", "TOPOLOGY"])
@pytest.mark.parametrize("template", ["x'; touch {m}; echo '", "$(shell touch {m})", "`touch {m}`",
                                      "$$(touch {m})", '"; touch {m}; echo "', "x\\'; touch {m}; echo \\'"])
def test_make_interprets_no_user_string(var, template, tmp_path):
    marker = str(tmp_path / "ran")
    value = template.format(m=marker)
    # a MACHINE replaces the preset: the topology is read only without one
    variables = {} if var == "TOPOLOGY" else {"MACHINE": "-m 64M"}
    variables[var] = value
    r, ran = make_run(marker, **variables)
    assert not ran, f"{var}={value} ran a command"
    if var == "CMDLINE":
        assert r.returncode == 0, r.stdout[-1000:] + r.stderr
        assert f"Kernel command line: {value}" in r.stdout
    else:
        assert r.returncode != 0 and "Traceback" not in r.stderr


def test_make_run_passes_a_quoted_machine_through():
    r, _ = make_run("/nonexistent", MACHINE="-m 64M -name 'a b'")
    assert r.returncode == 0, r.stderr
