"""Numbers in the lessons' prose agree with the recorded outputs they come from.

A prose number taken from an output is marked with the output text it comes from
(`LIFO batch:63`<!--out: LIFO batch:#-->, see lessons/runner.py); this checks every mark against
the output blocks recorded in the same lesson file, in both languages, without booting anything.
After `lessons/runner.py --update` re-records the outputs, a failure here names the lesson, the
line, the prose number and the output's number.
"""
import glob
import os
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "lessons"))
import runner  # noqa: E402

NAMES = sorted(os.path.basename(p) for p in glob.glob(os.path.join(REPO, "lessons", "en", "*.md")))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", NAMES)
def test_prose_numbers_match_outputs(name, lang):
    problems = runner.prose_problems(os.path.join(REPO, "lessons", lang, name))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_twins_mark_the_same_numbers(name):
    """The Chinese lesson states the same output numbers as the English one."""
    en, zh = (sorted((b or 0, s, p or "") for _, b, s, p in runner.prose_numbers(os.path.join(REPO, "lessons", lang, name)))
              for lang in ("en", "zh"))
    assert en == zh


def test_lessons_mark_their_numbers():
    """Every lesson that shows outputs ties at least some prose numbers to them."""
    for name in NAMES:
        if name.startswith("00"):
            continue
        assert runner.prose_numbers(os.path.join(REPO, "lessons", "en", name)), f"{name}: no <!--out: ...--> marks"


def test_a_drifted_number_fails(tmp_path):
    lesson = tmp_path / "08-x.md"
    lesson.write_text("# x\n\n```shell\necho 'DMA32 zone: 520160 pages, LIFO batch:63'; echo 'DMA zone: 3998 pages'\n```\n"
                      "```output\nDMA32 zone: 520160 pages, LIFO batch:63\nDMA zone: 3998 pages\n```\n\n"
                      "The batch is `LIFO batch:31`<!--out: LIFO batch:#-->; DMA has 3998<!--out 1: DMA zone: # pages-->"
                      " pages; 0x3f<!--out: LIFO batch:#--> in hex is fine; 7<!--out: zone: # pages-->.\n"
                      "Nothing<!--out: no such line #-->; 2<!--out 9: DMA zone: #-->\n")
    problems = runner.prose_problems(str(lesson))
    assert [p.split("08-x.md:", 1)[1] for p in problems] == [
        "11: prose says 31, output says 63 (block 1: DMA32 zone: 520160 pages, LIFO batch:63)",
        "11: prose says 7; 'zone: # pages' matches several numbers in the outputs (3998, 520160): name a block "
        "(<!--out N: ...-->) or quote more of the line",
        "12: <!--out: no such line #--> needs a number right before it and one # in it",
        "12: there is no command block 9",
    ]
    lesson.write_text(lesson.read_text().replace("Nothing", "5").replace("DMA has 3998<", "DMA has `DMA zone: 3999 pages`<"))
    problems = [p.split("08-x.md:", 1)[1] for p in runner.prose_problems(str(lesson))]
    assert problems[1] == "11: prose says 3999, output says 3998 (block 1: DMA zone: 3998 pages)"
    assert problems[3] == "12: prose says 5, but no recorded output contains 'no such line #'"
