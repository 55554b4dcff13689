"""The course's two languages. Every text a student or a teacher reads (questions, feedback, keys,
model answers, lab briefs and explanations) is one dict holding both languages side by side, made
by text(en=..., zh=...): a string, or a function that fills in the numbers of one boot. The Chinese
uses the terms of the Chinese kernel literature as lessons/zh does: 节点, 管理区, section（不译）,
页帧号（pfn）, 伙伴系统, 阶, 空洞, 热移除; Linux identifiers stay as they are.

The language is the one a command line asks for (--lang en|zh), else the locale's (LC_ALL,
LC_MESSAGES, LANG: zh_* is Chinese), else English."""
import os

LANGS = ("en", "zh")
TEXTS = []          # every text made, for tests/lessons/test_twins.py


def text(en, zh):
    """One text in both languages."""
    t = {"en": en, "zh": zh}
    TEXTS.append(t)
    return t


# The words both graders (lessons/check.py, scripts/quiz) put around each graded answer.
LABELS = {"blank": text(en="(blank)", zh="（空）"), "right": text(en="right", zh="正确答案"),
          "why": text(en="why", zh="理由"), "see": text(en="see", zh="命令"), "score": text(en="score", zh="得分")}


def label(name, lang):
    return LABELS[name][lang]


def default():
    """The locale's language: the first of LC_ALL, LC_MESSAGES, LANG that is set."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def take_lang(argv):
    """(argv without --lang X / --lang=X, the language asked for or None)."""
    rest, lang = [], None
    args = iter(argv)
    for a in args:
        if a == "--lang":
            lang = next(args, None)
        elif a.startswith("--lang="):
            lang = a.split("=", 1)[1]
        else:
            rest.append(a)
            continue
        if lang not in LANGS:
            raise SystemExit(f"--lang {lang}: one of {', '.join(LANGS)}")
    return rest, lang
