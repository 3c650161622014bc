"""Accessibility checks for the browser suite: axe-core on a widget, and
measures of reflow (horizontal overflow) and focus.

axe-core comes from the ``axe-playwright-python`` package of the ``test``
extra, which ships ``axe.min.js``: it is read from the installed package and
injected into the page, so nothing is downloaded at test time.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["axe_source", "axe_violations", "WCAG_TAGS", "overflowing", "describe_focus", "contrast", "low_contrast"]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source() -> Path:
    """The path of ``axe.min.js`` in the installed ``axe_playwright_python`` package."""
    import importlib.util
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("axe-playwright-python is not installed (pip install -e '.[test]')")
    path = Path(list(spec.submodule_search_locations)[0]) / "axe.min.js"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: the axe-playwright-python package no longer ships axe-core")
    return path


def axe_violations(page, selector: str) -> list[dict]:
    """WCAG 2.1 A/AA violations axe-core finds inside every element matching ``selector``.

    Each violation is ``{"id", "impact", "help", "nodes": [html snippets]}``; only nodes
    inside the kit's element are reported (JupyterLab's own chrome is not tested here).
    Results axe cannot decide are included with ``"incomplete": True``.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_source()))
    return page.evaluate("""async ([selector, tags]) => {
      const els = Array.from(document.querySelectorAll(selector));
      if (!els.length) throw new Error('nothing matches ' + selector);
      const out = [];
      for (const el of els) {
        const res = await window.axe.run(el, {runOnly: {type: 'tag', values: tags}});
        for (const v of res.violations) {
          out.push({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.html.slice(0, 160) + ' :: ' + (n.failureSummary || '').slice(0, 200))});
        }
        // what axe could not decide (e.g. text over a gradient): recorded, not failed
        for (const v of res.incomplete) {
          out.push({id: v.id, impact: 'needs review', help: v.help, incomplete: true,
                    nodes: v.nodes.map(n => n.html.slice(0, 160))});
        }
      }
      return out;
    }""", [selector, WCAG_TAGS])


def overflowing(page, selector: str) -> list[str]:
    """Elements inside ``selector`` that scroll sideways or stick out to the right of it
    (WCAG 1.4.10 reflow): ``["<tag class> scrollWidth/clientWidth", ...]``."""
    return page.evaluate("""(selector) => {
      const out = [];
      for (const root of document.querySelectorAll(selector)) {
        const box = root.getBoundingClientRect();
        for (const el of [root, ...root.querySelectorAll('*')]) {
          const st = getComputedStyle(el);
          if (st.display === 'none' || st.visibility === 'hidden') continue;
          if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          const name = el.tagName.toLowerCase() + '.' + String(el.className && el.className.baseVal !== undefined ? el.className.baseVal : el.className).split(' ').slice(0, 2).join('.');
          const scrolls = ['auto', 'scroll'].includes(st.overflowX) && el.scrollWidth > el.clientWidth + 1;
          if (scrolls) out.push(`${name} scrolls sideways: ${el.scrollWidth}px in ${el.clientWidth}px`);
          else if (r.right > box.right + 1 && !root.contains(el.closest('[aria-hidden=true]') || null))
            out.push(`${name} sticks out: right edge ${Math.round(r.right)} > ${Math.round(box.right)}`);
        }
      }
      return out;
    }""", selector)


def describe_focus(page) -> dict:
    """Where the keyboard focus is: tag, classes, role, label, and the kit widget it is in."""
    return page.evaluate("""() => {
      const a = document.activeElement;
      const ex = a && a.closest ? a.closest('[class*="kit-ex-"]') : null;
      return {tag: a ? a.tagName.toLowerCase() : null, cls: a ? String(a.className) : '',
              role: a && a.getAttribute ? a.getAttribute('role') : null,
              label: a && a.getAttribute ? (a.getAttribute('aria-label') || a.textContent.slice(0, 60)) : null,
              exercise: ex ? Array.from(ex.classList).find(c => c.startsWith('kit-ex-')) : null,
              cell: !!(a && a.closest && a.closest('.jp-Cell')) && a.classList.contains('jp-Cell')};
    }""")


def _rgb(css: str):
    inside = css[css.index("(") + 1:css.index(")")].replace("/", ",").split(",")
    vals = [float(v) for v in inside if v.strip()]
    return vals[:3], (vals[3] if len(vals) > 3 else 1.0)


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two CSS ``rgb()``/``rgba()`` colours (fg blended over bg).

    >>> round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1)
    21.0
    >>> round(contrast("rgba(0, 0, 0, 0.54)", "rgb(255, 255, 255)"), 2)
    4.59
    """
    (f, a), (b, _) = _rgb(fg), _rgb(bg)
    mixed = [a * x + (1 - a) * y for x, y in zip(f, b)]

    def lum(c):
        lin = [(v / 255) / 12.92 if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted([lum(mixed), lum(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


JS_EDGES = """() => {
  const ground = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (c && !/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') return c;
    }
    return 'rgb(255, 255, 255)';
  };
  const out = [];
  const add = (what, el, color, parent) => out.push({what, color, ground: ground(parent || el.parentElement)});
  // a highlight needs an underline (a cue besides colour) of ≥ 3:1
  document.querySelectorAll('mark.kit-run').forEach(m => { const st = getComputedStyle(m);
    add('highlight underline', m, st.textDecorationLine.includes('underline') ? st.textDecorationColor : 'no underline'); });
  document.querySelectorAll('.kit-block').forEach(b => add('segment edge', b, getComputedStyle(b).borderLeftColor));
  document.querySelectorAll('.kit-label-btn').forEach(b => add('label button edge', b, getComputedStyle(b).borderLeftColor));
  document.querySelectorAll('.kit-srow').forEach(r => { if (r.dataset.label) add('labelled row edge', r, getComputedStyle(r).borderLeftColor); });
  document.querySelectorAll('.kit-map .annotation-arrow-g path').forEach(p =>
    out.push({what: 'map arrow', ground: 'rgb(255, 255, 255)',
              color: getComputedStyle(p).stroke !== 'none' ? getComputedStyle(p).stroke : getComputedStyle(p).fill}));
  document.querySelectorAll('.kit-map .annotation-text-g text').forEach(t =>
    out.push({what: 'map text', color: getComputedStyle(t).fill, ground: 'rgb(255, 255, 255)', text: true}));
  return out;
}"""


def low_contrast(page) -> list[str]:
    """Borders, underlines and arrows under 3:1, and map text under 4.5:1, against their ground."""
    bad = []
    for item in page.evaluate(JS_EDGES):
        if not (item["color"].startswith("rgb") and item["ground"].startswith("rgb")):
            bad.append(f"{item['what']}: colour {item['color']!r} on {item['ground']!r} cannot be measured")
            continue
        need = 4.5 if item.get("text") else 3.0
        ratio = contrast(item["color"], item["ground"])
        if ratio < need:
            bad.append(f"{item['what']}: {item['color']} on {item['ground']} is {ratio:.2f}:1 (needs {need}:1)")
    return sorted(set(bad))
