"""The lessons' pictures (lessons/pictures.py): each is what the tool draws now, byte for byte,
on the lesson's machine at its checkpoint; each is shown by its lesson in both languages with a
caption whose numbers are the picture's own."""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "lessons"))
import pictures  # noqa: E402

NAMES = [p[0] for p in pictures.PICTURES]
IMAGE = re.compile(r"^!\[[^\]]+\]\(\.\./pictures/([\w-]+)\.svg\)$", re.M)


def shown(lang):
    """{lesson file: [picture names in the order it shows them]}."""
    out = {}
    for path in sorted(glob.glob(os.path.join(REPO, "lessons", lang, "*.md"))):
        with open(path, encoding="utf-8") as f:
            out[os.path.basename(path)] = IMAGE.findall(f.read())
    return out


def captions(lang):
    """{picture name: the paragraph right under its image line}."""
    out = {}
    for path in sorted(glob.glob(os.path.join(REPO, "lessons", lang, "*.md"))):
        with open(path, encoding="utf-8") as f:
            for m in re.finditer(r"^!\[[^\]]+\]\(\.\./pictures/([\w-]+)\.svg\)\n\n((?:.+\n)+)", f.read(), re.M):
                out[m.group(1)] = " ".join(m.group(2).split("\n"))
    return out


def svg_text(name):
    root = ET.parse(os.path.join(pictures.FOLDER, name + ".svg")).getroot()
    return " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_lesson_shows_its_pictures(lang):
    """Every lesson shows at least one picture; each picture is shown once, by the lesson its name
    starts with; every image line names a picture of the list."""
    lessons = shown(lang)
    assert all(lessons.values()), [n for n, p in lessons.items() if not p]
    seen = [p for pics in lessons.values() for p in pics]
    assert sorted(seen) == sorted(NAMES)
    for lesson, pics in lessons.items():
        assert all(lesson[:3] == p[:3] for p in pics), (lesson, pics)


def test_twins_show_the_same_pictures():
    assert shown("en") == shown("zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_caption_numbers_are_the_pictures(lang):
    """Each caption's addresses (0x...) and numbers of three digits or more are in its picture."""
    caps = captions(lang)
    assert sorted(caps) == sorted(NAMES)
    for name, cap in caps.items():
        drawn = svg_text(name)
        for num in re.findall(r"(?<![\w.])(0x[0-9a-f]+|\d{3,})(?![\w.])", cap):
            assert re.search(r"(?<![\w.])" + re.escape(num) + r"(?![\w])", drawn), f"{lang} {name}: {num} is not in the picture"


def test_the_pictures_are_what_the_tool_draws(tmp_path):
    """Drawn again (one GDB session per machine), every picture is byte for byte the committed one:
    the drawing is deterministic and nobody forgot `make lessons-pictures`."""
    if not os.path.exists(os.path.join(REPO, "build", "kernel.elf")):
        pytest.skip("build/kernel.elf not built")
    missing = pictures.draw(str(tmp_path), log=lambda *a: None)
    assert missing == []
    assert pictures.differences(str(tmp_path)) == []
    for name in NAMES:
        ET.parse(str(tmp_path / f"{name}.svg"))         # well-formed


def test_a_changed_picture_fails(tmp_path, monkeypatch):
    """differences() names a committed picture that is not what was drawn, a missing one and a stray."""
    committed, drawn = tmp_path / "committed", tmp_path / "drawn"
    committed.mkdir()
    drawn.mkdir()
    for name in NAMES:
        (drawn / f"{name}.svg").write_text("<svg/>\n")
        (committed / f"{name}.svg").write_text("<svg/>\n")
    (committed / f"{NAMES[0]}.svg").write_text("<svg>old</svg>\n")
    (committed / f"{NAMES[1]}.svg").unlink()
    (committed / "stray.svg").write_text("<svg/>\n")
    monkeypatch.setattr(pictures, "FOLDER", str(committed))
    assert pictures.differences(str(drawn)) == [
        f"lessons/pictures/{NAMES[0]}.svg differs from what the tool draws now: make lessons-pictures",
        f"lessons/pictures/{NAMES[1]}.svg is missing: make lessons-pictures",
        "lessons/pictures/stray.svg is not in lessons/pictures.py's PICTURES"]
