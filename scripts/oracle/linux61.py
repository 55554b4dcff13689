"""Debian 12's Linux 6.1 for real-kernel sessions (scripts/mm-gdb --kernel linux-6.1): the image
fetch-linux unpacks (build/linux/vmlinuz) and its vmlinux with debug info, from the package
linux-image-RELEASE-dbg (about 280 MB): `apt-get download`ed once, only the vmlinux extracted
(about 590 MB) into $XDG_CACHE_HOME/mm-step/linux-6.1/, the .deb removed, checked against the image
by its GNU build id."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from linux419 import ReferenceError, bzimage_build_id, file_build_id, user_cache  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
LINUX = os.path.join(REPO, "build", "linux")
VMLINUZ = os.path.join(LINUX, "vmlinuz")
# 6.1 moves vmemmap_base with 5-level paging (-cpu max has LA57): four levels, as 4.19
CMDLINE = "no5lvl"


def with_cmdline(extra):
    """A machine's own command line, with what 6.1 needs to be inspected like 4.19."""
    return " ".join(w for w in (extra, CMDLINE) if w)


def cache_dir():
    return user_cache("linux-6.1")


def bzimage():
    """build/linux/vmlinuz, fetched with scripts/oracle/fetch-linux when absent; its release."""
    version = os.path.join(LINUX, "version")
    if not (os.path.isfile(VMLINUZ) and os.path.isfile(version)):
        r = subprocess.run([os.path.join(HERE, "fetch-linux")], stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if r.returncode != 0 or not os.path.isfile(VMLINUZ):
            raise ReferenceError("fetching Debian's 6.1 failed: " + ((r.stderr or r.stdout).strip().splitlines() or ["?"])[-1])
    with open(version) as f:
        package = f.read().split()[0]           # linux-image-6.1.0-NN-cloud-amd64
    return VMLINUZ, package[len("linux-image-"):]


def vmlinux(image, release):
    """The cached vmlinux of @release, downloaded and extracted once; checked against @image."""
    path = os.path.join(cache_dir(), f"vmlinux-{release}")
    if not os.path.isfile(path):
        try:
            download(release, path)
        except OSError as e:       # e.g. no room for the .deb (280 MB) and the vmlinux (590 MB)
            raise ReferenceError(f"fetching the vmlinux of {release} into {cache_dir()} failed: {e}") from None
    ours, theirs = file_build_id(path), bzimage_build_id(image)
    if not ours or ours != theirs:
        raise ReferenceError(f"{path} does not match {image} (build id {ours} vs {theirs}): remove it to download it again")
    return path


def download(release, path):
    """apt-get download the -dbg package of @release into the cache and keep only its vmlinux, as @path."""
    with tempfile.TemporaryDirectory(prefix="dbg-", dir=cache_dir()) as d:
        pkg = f"linux-image-{release}-dbg"
        r = subprocess.run(["apt-get", "download", pkg], cwd=d, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True)
        debs = [f for f in os.listdir(d) if f.endswith(".deb")]
        if r.returncode != 0 or not debs:
            raise ReferenceError(f"apt-get download {pkg} failed: "
                                 + (r.stderr.strip().splitlines() or ["no package"])[-1])
        member = f"./usr/lib/debug/boot/vmlinux-{release}"
        cmd = f"dpkg-deb --fsys-tarfile {debs[0]} | tar -x '{member}'"
        r = subprocess.run(["sh", "-c", cmd], cwd=d, capture_output=True, text=True)
        if r.returncode != 0:
            raise ReferenceError(f"extracting {member} failed: " + (r.stderr.strip().splitlines() or ["?"])[-1])
        shutil.move(os.path.join(d, member), path + ".tmp")
        os.replace(path + ".tmp", path)


def reference():
    """(image, vmlinux) of Debian's 6.1."""
    image, release = bzimage()
    return image, vmlinux(image, release)


def missing():
    """None when Debian's 6.1 and its vmlinux are here or could be fetched (apt, once), else the
    one-line reason: the tests that need it skip with it."""
    try:
        reference()
    except ReferenceError as e:
        return str(e)
    return None
