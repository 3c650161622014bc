"""Every widget kind in a real JupyterLab, driven through headless chromium.

The notebook ``99-widgets.ipynb`` shows one widget of each kind (exercises in
``fixtures/exercises``). Each test acts as a student does (click, type, drag
the mouse over words, press keys), checks what the student sees and what
reached the answers file, and saves a screenshot to ``test-artifacts/browser``.
The last tests switch to the dark theme and restart the kernel: every answer
must come back.

The tests share one page and run in file order.
"""

from __future__ import annotations

import time

import pytest

from . import lab as L

pytestmark = pytest.mark.browser

SEED = "lavrov-new-regions-2025"


def ex(page, exercise_id: str):
    """The widget of an exercise (ExerciseBox adds the class ``kit-ex-99-1``)."""
    return page.locator(".kit-ex-" + exercise_id.replace(".", "-"))


def expect(locator):
    """playwright's auto-waiting assertions (imported late: the suite skips without playwright)."""
    from playwright.sync_api import expect as _expect
    return _expect(locator)


def seed_text() -> str:
    return (L.REPO / "texts" / f"{SEED}.txt").read_text(encoding="utf-8")


def test_every_widget_kind_renders(page, shoot):
    kinds = {"single_choice": "99.1", "multiple_choice": "99.2", "numeric": "99.3", "short_text": "99.4",
             "sentence_labels": "99.5", "spans": "99.6", "links": "99.7", "code": "99.8"}
    for kind, eid in kinds.items():
        box = ex(page, eid)
        box.wait_for()
        assert f"Exercise {eid}" in box.inner_text()
        assert box.locator(f".kit-type-{kind}").count() + (kind in box.get_attribute("class")) >= 1
        shoot(box, f"light-{eid}-{kind}")
    viewer = page.locator(".kit-text-viewer")
    assert viewer.locator(".kit-block").count() == 14  # every segment of the seed
    shoot(viewer, "light-text-viewer")
    shoot(page.locator(".kit-text-picker"), "light-text-picker")
    shoot(page.locator(".kit-concordance"), "light-concordance-explorer")


def test_text_viewer_colours_speakers_and_highlights_analysis_spans(page):
    viewer = page.locator(".kit-text-viewer")
    legend = viewer.locator(".kit-legend").inner_text()
    for name in ("karlof1", "Sergey Lavrov", "New Regions of Russia magazine"):
        assert name in legend
    marks = viewer.locator("mark.kit-run")
    assert marks.count() == 3  # "collective West" occurs three times
    assert set(marks.all_inner_texts()) == {"collective West"}
    start = int(marks.first.get_attribute("data-start"))
    assert seed_text()[start:start + len("collective West")] == "collective West"
    # coloured by speaker: Lavrov's answer and the interviewer's question differ
    colours = page.evaluate("""() => ['q1', 'a1'].map(id => getComputedStyle(
        document.querySelector(`.kit-text-viewer .kit-block[data-block="${id}"]`)).borderLeftColor)""")
    assert colours[0] != colours[1]


def test_text_picker_lists_every_text(page):
    import kit
    options = page.locator(".kit-text-picker select option").all_inner_texts()
    ids = list(kit.texts(L.REPO / "texts")["text_id"])
    assert len(options) == len(ids) and all(any(i in o for o in options) for i in ids)


def test_single_choice_click_shows_feedback_and_saves(page, answers, shoot, timings):
    box = ex(page, "99.1")
    t0 = time.perf_counter()
    box.locator("label", has_text="it exposed its true face").click()
    status = box.locator(".kit-status")
    status.filter(has_text="1 / 1 points").wait_for()
    timings["single_choice click -> feedback shown"] = round(time.perf_counter() - t0, 3)
    assert "“the \"collective West\" exposed its true face”" in status.inner_text()  # the key's evidence
    assert "metaphor of unmasking" in status.inner_text()  # and its rationale
    assert answers.wait_for("99.1", lambda v: v == "a") == "a"
    box.get_by_role("button", name="Hint (1 of 2)").click()
    box.get_by_text("Read sentence a1.s2").wait_for()
    shoot(box, "light-99.1-answered")


def test_multiple_choice_clicks_save_the_set(page, answers, shoot):
    box = ex(page, "99.2")
    box.locator("label", has_text="moment of truth").click()
    box.locator("label", has_text="collective West").click()
    assert answers.wait_for("99.2", lambda v: sorted(v) == ["a", "b"])
    box.locator(".kit-status", has_text="points").wait_for()
    shoot(box, "light-99.2-answered")


def test_numeric_graded_says_saved(page, answers, shoot):
    box = ex(page, "99.3")
    box.locator("input[type=text]").fill("11")
    box.locator(".kit-status", has_text="Saved at").wait_for()
    assert "graded after you submit" in box.locator(".kit-status").inner_text()
    assert "points" not in box.locator(".kit-status").inner_text()
    assert answers.wait_for("99.3", lambda v: v == 11) == 11
    shoot(box, "light-99.3-answered")


def test_short_text_typing_is_saved_and_checked(page, answers, shoot):
    box = ex(page, "99.4")
    box.locator("textarea").press_sequentially("The rule of law was discarded.", delay=5)
    box.locator(".kit-status", has_text="1 / 1 points").wait_for()
    assert answers.wait_for("99.4", lambda v: v == "The rule of law was discarded.")
    shoot(box, "light-99.4-answered")


def _active_cell(page) -> int:
    return page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")


def _focus_inside(page, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement.closest(s)", selector)


def test_code_answer_tab_indents_and_escape_tab_leaves(page, answers, shoot):
    """Issue 15: Tab in a code answer indents (it used to leave the box and turn the cell raw)."""
    box = ex(page, "99.8")
    editor = box.locator(".cm-content")
    assert "def count_words(text):" in editor.inner_text()  # the starter
    assert box.locator(".cm-editor .tok-keyword", has_text="def").count() >= 1  # Python highlighting
    editor.click()
    cell = _active_cell(page)
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type("def count_words(text):")
    page.keyboard.press("Enter")       # the editor indents after the colon
    page.keyboard.press("Shift+Tab")   # dedent …
    page.keyboard.press("Tab")         # … and Tab indents again, staying in the editor
    page.keyboard.type("return len(text.split())")
    want = "def count_words(text):\n    return len(text.split())"
    assert answers.wait_for("99.8", lambda v: v == want) == want
    assert _focus_inside(page, ".kit-ex-99-8 .cm-editor")
    box.locator(".kit-status", has_text="Saved at").wait_for()
    # the cell is still a code cell showing the widget (keys never reached JupyterLab)
    assert _active_cell(page) == cell and box.locator(".cm-editor").count() == 1
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")         # Escape, then Tab: the focus moves on
    assert not _focus_inside(page, ".cm-editor")
    assert answers.value("99.8") == want
    shoot(box, "light-99.8-answered")


def test_sentence_labeller_keyboard_and_dropdown(page, answers, shoot, timings):
    box = ex(page, "99.5")
    box.locator('.kit-srow[data-id="a1.s3"] .kit-srow-text').click()
    t0 = time.perf_counter()
    page.keyboard.press("2")  # evaluative, then the next row has the focus
    box.locator(".kit-status", has_text="points").wait_for()
    timings["sentence_labels key press -> feedback shown"] = round(time.perf_counter() - t0, 3)
    assert page.evaluate("() => document.activeElement.dataset.id") == "a1.s4"
    box.locator('.kit-srow[data-id="a1.s10"] select').select_option("policy")
    box.locator(".kit-labeller-progress", has_text="2 of 11 sentences labelled").wait_for()
    box.locator(".kit-status", has_text="3 / 3 points").wait_for()
    assert answers.wait_for("99.5", lambda v: v == {"a1.s3": "evaluative", "a1.s10": "policy"})
    assert box.locator('.kit-srow[data-id="a1.s3"]').get_attribute("data-label") == "evaluative"
    shoot(box, "light-99.5-labelled")


def _phrase_box(page, selector: str, phrase: str):
    """Viewport coordinates of the first and last character of ``phrase`` in a text widget."""
    return page.evaluate("""([selector, phrase]) => {
      for (const run of document.querySelectorAll(selector + ' .kit-run')) {
        const t = run.firstChild, i = t.data.indexOf(phrase);
        if (i < 0) continue;
        run.scrollIntoView({block: 'center'});
        const r = document.createRange();
        r.setStart(t, i); r.setEnd(t, i + 1);
        const a = r.getBoundingClientRect();
        r.setStart(t, i + phrase.length - 1); r.setEnd(t, i + phrase.length);
        const b = r.getBoundingClientRect();
        return [a.left + 1, a.top + a.height / 2, b.right - 1, b.top + b.height / 2];
      }
      return null;
    }""", [selector, phrase])


def test_span_highlighter_mouse_selection_and_label(page, answers, shoot, timings):
    box = ex(page, "99.6")
    phrase = "hegemonic instincts"
    x0, y0, x1, y1 = _phrase_box(page, ".kit-ex-99-6", phrase)
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x1, y1, steps=8)
    page.mouse.up()
    box.locator(".kit-live", has_text="Selected").wait_for()
    t0 = time.perf_counter()
    box.get_by_role("button", name="Label the selected text as loaded language (key 2)").click()
    mark = box.locator("mark.kit-run", has_text=phrase)
    mark.wait_for()
    box.locator(".kit-status", has_text="loaded language: found").wait_for()
    timings["spans label click -> highlight and feedback shown"] = round(time.perf_counter() - t0, 3)
    assert mark.inner_text() == phrase
    start = seed_text().index(phrase)
    want = [{"start": start, "end": start + len(phrase), "label": "loaded language"}]
    assert answers.wait_for("99.6", lambda v: v == want) == want
    box.locator(".kit-status", has_text="loaded language: found").wait_for()
    assert "“hegemonic instincts”" in box.locator(".kit-status").inner_text()
    shoot(box, "light-99.6-highlighted")


def test_span_highlighter_keyboard_add_and_remove(page, answers):
    box = ex(page, "99.6")
    box.locator(".kit-text").focus()
    page.keyboard.press("ArrowRight")  # selects the first word of the unit
    page.keyboard.press("Shift+ArrowRight")  # and the next
    page.keyboard.press("1")  # scare quotes
    box.locator("mark.kit-run", has_text="The past").wait_for()
    assert answers.wait_for("99.6", lambda v: len(v) == 2)[0]["label"] == "scare quotes"
    page.keyboard.press("Delete")  # the caret is still on "past": removes that span
    assert answers.wait_for("99.6", lambda v: len(v) == 1)[0]["label"] == "loaded language"
    expect(box.locator("mark.kit-run", has_text="The past")).to_have_count(0)


def test_span_highlighter_remove_button(page, answers):
    box = ex(page, "99.6")
    box.locator(".kit-text").focus()
    page.keyboard.press("Home")  # the first word, "The"
    page.keyboard.press("2")
    answers.wait_for("99.6", lambda v: len(v) == 2)
    box.get_by_role("button", name="Remove span loaded language: The").click()
    assert answers.wait_for("99.6", lambda v: len(v) == 1)[0]["start"] == seed_text().index("hegemonic instincts")


def _choose(select, prefix: str):
    value = select.locator("option", has_text=prefix).first.get_attribute("value")
    select.select_option(value=value)


def test_claim_linker_links_two_sentences(page, answers, shoot):
    box = ex(page, "99.7")
    selects = box.locator("select")
    _choose(selects.nth(0), "a1.s2:")
    _choose(selects.nth(1), "a1.s3:")
    box.get_by_role("radio", name="support").check()
    box.get_by_role("button", name="Add link").click()
    box.get_by_text("a1.s3 supports a1.s2").wait_for()
    box.locator(".kit-map .js-plotly-plot").wait_for()  # the argument map
    assert box.locator(".kit-map").get_attribute("aria-describedby")  # tied to the list of links
    box.locator(".kit-status", has_text="1 / 1 points").wait_for()
    want = [{"source": "a1.s3", "target": "a1.s2", "relation": "support"}]
    assert answers.wait_for("99.7", lambda v: v == want) == want
    shoot(box, "light-99.7-linked")


def test_concordance_explorer_typing_and_clicking_a_line(page, shoot, timings):
    import kit
    import kit.analysis
    table = kit.analysis.concordance(kit.load(L.REPO / "texts" / f"{SEED}.yml"), "West")
    box = page.locator(".kit-concordance")
    box.locator("input[type=text]").press_sequentially("West", delay=20)
    rows = box.locator(".kit-kwic tr")
    # the lines update on every keystroke ("W", "We", "Wes" match more): wait for the last query's lines
    expect(rows).to_have_count(len(table), timeout=60_000)
    expect(rows.nth(1).locator(".kit-node")).to_have_text(table.iloc[1]["node"], timeout=60_000)
    assert rows.nth(1).locator(".kit-node").inner_text() == table.iloc[1]["node"]
    # the context's words touch the node's on both sides, as the original spells them: no gap that
    # reads as a space (measured on the text itself, not on the cells, whose padding would hide it)
    gaps = rows.nth(1).evaluate("""(tr) => {
      const box = (td) => { const r = document.createRange(); r.selectNodeContents(td); return r.getBoundingClientRect(); };
      const [l, n, r] = ['.kit-left', '.kit-node', '.kit-right'].map((c) => box(tr.querySelector(c)));
      return [n.left - l.right, r.left - n.right];
    }""")
    assert all(abs(g) < 2 for g in gaps), gaps
    t0 = time.perf_counter()
    rows.nth(1).click()
    focus = box.locator(".kit-text .kit-focus")
    focus.wait_for()
    timings["concordance line click -> context shown"] = round(time.perf_counter() - t0, 3)
    assert int(focus.first.get_attribute("data-start")) == table.iloc[1]["start"]
    assert focus.first.inner_text() == "West"
    shoot(box, "light-concordance-clicked")


# ---------------------------------------------------------------- keyboard only (issue 17)

def test_keyboard_single_choice_is_one_radio_group(page, answers):
    box = ex(page, "99.1")
    group = box.locator("[role=radiogroup]")
    assert group.count() == 1 and group.get_attribute("aria-labelledby")
    box.locator("input[type=radio]:checked").focus()
    cell = _active_cell(page)
    page.keyboard.press("ArrowDown")  # used to move to the next cell; now the next option
    assert answers.wait_for("99.1", lambda v: v == "b") == "b"
    assert _focus_inside(page, ".kit-ex-99-1") and _active_cell(page) == cell
    page.keyboard.press("ArrowUp")
    assert answers.wait_for("99.1", lambda v: v == "a") == "a"
    box.locator(".kit-status", has_text="1 / 1 points").wait_for()
    page.keyboard.press("Escape")  # leaves the widget: the focus is on its notebook cell
    assert page.evaluate("() => document.activeElement.classList.contains('jp-Cell')")
    assert page.evaluate("() => !!document.activeElement.querySelector('.kit-ex-99-1')")


def test_keyboard_multiple_choice_space_toggles(page, answers):
    box = ex(page, "99.2")
    first = box.locator("input[type=checkbox]").nth(3)
    first.focus()
    page.keyboard.press("Space")
    assert answers.wait_for("99.2", lambda v: sorted(v) == ["a", "b", "d"])
    page.keyboard.press("Space")
    assert answers.wait_for("99.2", lambda v: sorted(v) == ["a", "b"])
    assert _focus_inside(page, ".kit-ex-99-2")


def test_keyboard_labeller_keys_stay_and_escape_leaves(page, answers):
    box = ex(page, "99.5")
    box.locator('.kit-srow[data-id="a1.s5"] .kit-srow-text').click()
    cell = _active_cell(page)
    page.keyboard.press("1")  # factual, then the next row
    assert answers.wait_for("99.5", lambda v: v.get("a1.s5") == "factual")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("0")  # clears it again
    assert answers.wait_for("99.5", lambda v: "a1.s5" not in v)
    assert page.evaluate("() => document.activeElement.dataset.id") == "a1.s5"
    assert _active_cell(page) == cell
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.activeElement.classList.contains('jp-Cell')")


def test_keyboard_span_remove_moves_focus_to_the_next_span(page, answers):
    box = ex(page, "99.6")
    box.locator(".kit-text").focus()
    page.keyboard.press("Home")
    page.keyboard.press("1")
    answers.wait_for("99.6", lambda v: len(v) == 2)
    # the label is in the text for screen readers, not only in a tooltip
    box.locator('mark.kit-run[data-sr=" (scare quotes)"]', has_text="The").wait_for()
    box.get_by_role("button", name="Remove span scare quotes: The").focus()
    page.keyboard.press("Enter")
    assert answers.wait_for("99.6", lambda v: len(v) == 1)[0]["label"] == "loaded language"
    # the widget redraws after the answer changes: wait for the focus to land on the next span's button
    # (reading it at once could still see the removed span's button, focused until the redraw)
    page.wait_for_function("() => document.activeElement.classList.contains('kit-remove')"
                           " && (document.activeElement.getAttribute('aria-label') || '').includes('loaded language')")
    assert "loaded language" in page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    toolbar = box.locator("[role=toolbar]")
    assert toolbar.get_attribute("aria-label") == "Labels" and toolbar.is_visible()
    assert page.locator(".kit-text-viewer [role=toolbar]").is_hidden()  # no empty, unnamed toolbar


def test_keyboard_claim_linker(page, answers):
    box = ex(page, "99.7")
    claim = box.locator("select").nth(0)
    claim.focus()
    cell = _active_cell(page)
    before = claim.input_value()
    page.keyboard.press("ArrowDown")  # a closed drop-down: the next sentence, not the next cell
    assert claim.input_value() != before and _active_cell(page) == cell
    box.locator("select").nth(1).focus()
    page.keyboard.press("ArrowDown")
    box.get_by_role("radio", name="support").focus()
    page.keyboard.press("ArrowRight")  # attack
    box.get_by_role("button", name="Add link").focus()
    page.keyboard.press("Enter")
    assert answers.wait_for("99.7", lambda v: len(v) == 2)[1]["relation"] == "attack"
    box.locator(".kit-remove-link").nth(1).focus()
    page.keyboard.press("Enter")
    assert answers.wait_for("99.7", lambda v: len(v) == 1)
    page.wait_for_function("() => document.activeElement.closest('.kit-remove-link') !== null")


def test_keyboard_concordance_lines_are_one_tab_stop(page):
    box = page.locator(".kit-concordance")
    rows = box.locator(".kit-kwic tr")
    assert rows.count() > 2
    assert box.locator('.kit-kwic tr[tabindex="0"]').count() == 1
    box.locator('.kit-kwic tr[tabindex="0"]').focus()
    first = int(page.evaluate("() => document.activeElement.dataset.i"))
    on_line = "(i) => document.activeElement && document.activeElement.dataset.i === String(i)"
    page.keyboard.press("ArrowDown")
    page.wait_for_function(on_line, arg=min(first + 1, rows.count() - 1), timeout=10_000)
    page.keyboard.press("Home")
    page.wait_for_function(on_line, arg=0, timeout=10_000)
    page.keyboard.press("Enter")
    box.locator(".kit-text .kit-focus").first.wait_for()
    assert box.locator('.kit-kwic tr[tabindex="0"]').count() == 1
    page.keyboard.press("Tab")  # one Tab leaves the lines
    assert not _focus_inside(page, ".kit-kwic")


def test_sentence_labeller_layout_at_a_laptop_width(page, shoot):
    """Issue 15: at 1366×768 no sentence id is drawn over its text and no label is cut short."""
    size = page.viewport_size
    page.set_viewport_size({"width": 1366, "height": 768})
    try:
        box = ex(page, "99.5")
        box.scroll_into_view_if_needed()
        found = page.evaluate("""() => {
          const out = [];
          for (const row of document.querySelectorAll('.kit-ex-99-5 .kit-srow')) {
            const id = row.querySelector('.kit-srow-id'), sel = row.querySelector('select');
            if (id.scrollWidth > id.clientWidth + 1) out.push(row.dataset.id + ': id cut');
            if (sel.scrollWidth > sel.clientWidth + 1) out.push(row.dataset.id + ': drop-down cut');
            const t = row.querySelector('.kit-srow-text').getBoundingClientRect(), s = sel.getBoundingClientRect();
            if (s.left < t.right - 1 && s.top < t.bottom - 1 && s.bottom > t.top + 1) out.push(row.dataset.id + ': drop-down over text');
          }
          // the widest label fits its drop-down
          const sel = document.querySelector('.kit-ex-99-5 select');
          const probe = document.createElement('span');
          probe.style.font = getComputedStyle(sel).font;
          probe.textContent = Array.from(sel.options).map(o => o.text).sort((a, b) => b.length - a.length)[0];
          document.body.append(probe);
          if (probe.getBoundingClientRect().width > sel.clientWidth) out.push('widest label wider than the drop-down');
          probe.remove();
          return out;
        }""")
        shoot(box, "laptop-1366-99.5-sentence_labels")
    finally:
        page.set_viewport_size(size)
    assert not found, found


def test_submit_button_writes_the_submission(page, lab, shoot):
    box = page.locator(".kit-submit")
    box.locator("input[type=text]").fill("s1234567")
    box.get_by_role("button", name="Submit my answers").click()
    status = box.locator(".kit-status", has_text="Submitted")
    status.wait_for()
    files = [p for p in lab.root.rglob("submission-s1234567.json") if ".lab" not in p.parts]
    assert len(files) == 1 and str(files[0]) in status.inner_text()
    import json
    data = json.loads(files[0].read_text())
    assert data["student"] == "s1234567" and "99.1" in data["answers"]["99-widgets"]
    shoot(box, "light-submit")


def test_dark_theme(page, shoot):
    def colours():
        return page.evaluate("""() => {
          const t = getComputedStyle(document.querySelector('.kit-ex-99-6 .kit-text'));
          return [t.color, t.backgroundColor];
        }""")

    def luminance(css: str) -> float:
        r, g, b = [int(x) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

    light = colours()
    L.set_theme(page, "JupyterLab Dark")
    try:
        dark = colours()
        assert luminance(light[0]) < 0.5 < luminance(light[1])  # dark text on light ground
        assert luminance(dark[0]) > 0.5 > luminance(dark[1])    # light text on dark ground
        for eid, name in [("99.6", "spans"), ("99.5", "sentence_labels"), ("99.1", "single_choice"),
                          ("99.7", "links")]:
            shoot(ex(page, eid), f"dark-{eid}-{name}")
        shoot(page.locator(".kit-concordance"), "dark-concordance-explorer")
        shoot(page.locator(".kit-text-viewer"), "dark-text-viewer")
    finally:
        L.set_theme(page, "JupyterLab Light")


def test_kernel_restart_loses_no_answer(page, answers, shoot):
    before = answers.all()
    assert set(before) == {f"99.{i}" for i in range(1, 9)}
    L.restart_kernel(page)
    L.run_all(page)
    assert ex(page, "99.1").locator("input[type=radio]:checked").count() == 1
    assert ex(page, "99.1").locator("label", has=page.locator("input:checked")).inner_text().startswith("a)")
    assert ex(page, "99.1").locator(".kit-status", has_text="1 / 1 points").count() == 1
    checked = ex(page, "99.2").locator("label", has=page.locator("input:checked")).all_inner_texts()
    assert sorted(t[0] for t in checked) == ["a", "b"]
    assert ex(page, "99.3").locator("input[type=text]").input_value() == "11"
    assert ex(page, "99.4").locator("textarea").input_value() == "The rule of law was discarded."
    assert "len(text.split())" in ex(page, "99.8").locator(".cm-content").inner_text()
    labeller = ex(page, "99.5")
    labeller.locator(".kit-labeller-progress", has_text="2 of 11").wait_for()
    assert labeller.locator('.kit-srow[data-id="a1.s10"] select').input_value() == "policy"
    assert ex(page, "99.6").locator("mark.kit-run").all_inner_texts() == ["hegemonic instincts"]
    ex(page, "99.7").get_by_text("a1.s3 supports a1.s2").wait_for()
    assert answers.all() == before or {k: v["value"] for k, v in answers.all().items()} == \
        {k: v["value"] for k, v in before.items()}
    shoot(ex(page, "99.6"), "light-99.6-after-restart")
