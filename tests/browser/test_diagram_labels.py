"""The lessons' structure diagrams (lessons/pictures/*-pgdat.svg, *-sparse.svg) in a real browser:
every label fits inside its box, and every box inside the picture (the renderer sizes boxes from
an estimate of the monospace font's width; Chromium measures the real one)."""
import glob
import os

import pytest

from chromium import Chromium

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIAGRAMS = sorted(glob.glob(os.path.join(ROOT, "lessons", "pictures", "*-pgdat.svg")) +
                  glob.glob(os.path.join(ROOT, "lessons", "pictures", "*-sparse.svg")))

# each text of a box (the first two texts are the picture's title and subtitle) against the box
# whose body rectangle (rx=3, white) holds its baseline: [name, text, right edge, box's right edge]
OVERFLOWS = """(() => {
  const svg = document.documentElement, out = [];
  const boxes = [...svg.querySelectorAll('rect[rx="3"][fill="white"]')].map(r => r.getBBox());
  const texts = [...svg.querySelectorAll('text')];
  texts.slice(2).forEach(t => {
    const b = t.getBBox(), y = b.y + b.height / 2;
    const box = boxes.find(r => r.x <= b.x && b.x < r.x + r.width && r.y <= y && y <= r.y + r.height);
    if (!box) out.push([t.textContent, 'outside every box']);
    else if (b.x + b.width > box.x + box.width) out.push([t.textContent, b.x + b.width, box.x + box.width]);
  });
  const w = svg.viewBox.baseVal.width;
  texts.slice(0, 2).concat(boxes).forEach(e => {
    const b = e.getBBox ? e.getBBox() : e;
    if (b.x + b.width > w) out.push(['past the picture', b.x + b.width, w]);
  });
  return out;
})()"""


@pytest.fixture(scope="module")
def browser():
    b = Chromium()
    yield b
    b.close()


def test_there_are_diagrams():
    assert len(DIAGRAMS) >= 6


@pytest.mark.parametrize("path", DIAGRAMS, ids=os.path.basename)
def test_labels_fit_their_boxes(browser, path):
    browser.navigate("file://" + path)
    browser.wait_for("document.readyState === 'complete' && document.documentElement.tagName === 'svg'")
    assert browser.evaluate(OVERFLOWS) == []
