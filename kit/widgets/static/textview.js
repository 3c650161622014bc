// Text viewer and span highlighter (anywidget front end of kit.widgets.textview.TextView).
//
// Python sends the text already cut into runs; every run element carries
// data-start / data-end, offsets in Python code points into the ORIGINAL text.
// A mouse (or keyboard) selection is mapped back to those offsets, so spans
// never depend on how the browser lays the text out.

const cp = (s) => Array.from(s).length;                        // code points in a JS string
const units = (s, n) => Array.from(s).slice(0, n).join("").length;  // UTF-16 length of n code points

function tint(hex, alpha) {
  const h = hex.replace("#", "");
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

// the palette of kit/widgets/palette.py; each colour has a strong theme-aware
// version (--kit-cN in kit.css) and an underline style (.kit-uN): a second cue
const PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"];
// the strong, theme-aware version of a palette colour (≥ 3:1 against the page)
const edge = (hex) => `var(--kit-c${Math.max(0, PALETTE.indexOf(String(hex || "").toUpperCase()))})`;
function cue(node, hex) {
  const i = Math.max(0, PALETTE.indexOf(String(hex || "").toUpperCase()));
  node.classList.add("kit-u" + i);
  node.style.setProperty("--kit-edge", `var(--kit-c${i})`);
  return `var(--kit-c${i})`;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function render({ model, el: root }) {
  root.classList.add("kit-root");
  guard(root);
  const wrap = el("div", "kit-textview");
  const legend = el("div", "kit-legend");
  legend.setAttribute("role", "list");
  legend.setAttribute("aria-label", "Legend");
  const toolbar = el("div", "kit-toolbar");
  toolbar.setAttribute("role", "toolbar");
  const body = el("div", "kit-text");
  body.tabIndex = 0;
  const live = el("div", "kit-live");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  const list = el("div", "kit-spanlist");
  let refocus = null;        // index of the span list row to focus after a remove
  wrap.append(legend, toolbar, body, live, list);
  root.append(wrap);

  let pending = null;        // {start, end} of the current selection, in original offsets
  let cursor = -1, anchor = -1;  // word indices for keyboard selection

  const editable = () => (model.get("scheme") || []).length > 0;
  const say = (msg) => { live.textContent = msg; };

  // ---- drawing ----------------------------------------------------------
  function drawLegend() {
    legend.replaceChildren();
    for (const item of model.get("legend") || []) {
      const chip = el("span", "kit-chip kit-chip-" + item.kind, item.name);
      chip.setAttribute("role", "listitem");
      if (item.kind === "label") { chip.style.background = tint(item.color, 0.35); cue(chip, item.color); }
      else chip.style.borderLeftColor = edge(item.color);
      legend.append(chip);
    }
    legend.hidden = legend.childElementCount === 0;
  }

  function drawText() {
    const colors = model.get("colors") || {};
    const focus = model.get("focus_span") || [];
    body.replaceChildren();
    body.style.maxHeight = model.get("max_height") || "";
    body.setAttribute("aria-label", model.get("label") || "Text");
    body.setAttribute("role", editable() ? "application" : "document");
    for (const block of model.get("blocks") || []) {
      const b = el("div", "kit-block");
      b.dataset.block = block.id;
      b.dataset.kind = block.kind;
      b.style.borderLeftColor = block.color ? edge(block.color) : "var(--jp-border-color2)";
      const who = el("div", "kit-who", block.heading);
      who.setAttribute("aria-hidden", "true");
      const text = el("div", "kit-body");
      for (const r of block.runs) {
        const marked = r.labels.length > 0;
        const span = el(marked ? "mark" : "span", "kit-run", r.text);
        span.dataset.start = r.start;
        span.dataset.end = r.end;
        if (marked) {
          const last = r.labels[r.labels.length - 1];
          span.style.background = tint(colors[last] || "#999999", 0.35);
          cue(span, colors[last]);
          if (r.labels.length > 1) span.classList.add("kit-overlap");
          span.title = r.labels.join(" + ");
          span.dataset.sr = ` (${r.labels.join(" + ")})`;
          span.dataset.labels = r.labels.join("|");
        }
        if (focus.length === 2 && r.start < focus[1] && r.end > focus[0]) span.classList.add("kit-focus");
        text.append(span);
      }
      b.append(who, text);
      body.append(b);
    }
    const first = body.querySelector(".kit-focus");
    if (first) {
      // scroll the text box only, never the notebook
      const top = first.offsetTop - body.offsetTop - body.clientHeight / 3;
      body.scrollTop = Math.max(0, top);
    }
  }

  function drawToolbar() {
    toolbar.replaceChildren();
    toolbar.hidden = !editable();
    if (!editable()) return;
    toolbar.setAttribute("aria-label", "Labels");
    const colors = model.get("colors") || {};
    (model.get("scheme") || []).forEach((label, i) => {
      const btn = el("button", "kit-label-btn");
      btn.type = "button";
      const key = i < 9 ? `${i + 1} ` : "";
      btn.textContent = key + label;
      btn.style.borderColor = "var(--jp-border-color1)";
      btn.style.borderLeftColor = cue(btn, colors[label]);
      btn.style.background = tint(colors[label] || "#999999", 0.2);
      btn.setAttribute("aria-label", `Label the selected text as ${label}` + (i < 9 ? ` (key ${i + 1})` : ""));
      btn.dataset.label = label;
      btn.addEventListener("mousedown", (e) => e.preventDefault());  // keep the text selection
      btn.addEventListener("click", () => addSpan(label));
      toolbar.append(btn);
    });
    const help = el("span", "kit-help",
      "Select text with the mouse, or click the text and use →/← (Shift to extend, Home/End); then a label button or its number. Delete removes; Esc clears, and Esc again leaves the widget.");
    toolbar.append(help);
  }

  function drawList() {
    list.replaceChildren();
    list.hidden = !editable();
    if (!editable()) return;
    const items = model.get("span_items") || [];
    const colors = model.get("colors") || {};
    const head = el("div", "kit-spanlist-head",
      items.length ? `Your spans (${items.length})` : "No spans yet.");
    head.tabIndex = -1;
    head.id = head.id || `kit-spans-${Math.random().toString(36).slice(2)}`;
    list.append(head);
    const ul = el("div", "kit-spanlist-rows");
    ul.setAttribute("role", "list");
    ul.setAttribute("aria-labelledby", head.id);
    list.append(ul);
    items.forEach((it, i) => {
      const row = el("div", "kit-span-row");
      row.setAttribute("role", "listitem");
      row.dataset.start = it.start;
      row.dataset.end = it.end;
      const chip = el("span", "kit-chip kit-chip-label", it.label);
      chip.style.background = tint(colors[it.label] || "#999999", 0.35);
      cue(chip, colors[it.label]);
      const quote = el("span", "kit-quote", `“${it.text}”`);
      const rm = el("button", "kit-remove", "✕");
      rm.type = "button";
      rm.setAttribute("aria-label", `Remove span ${it.label}: ${it.text}`);
      rm.title = "Remove this span";
      rm.addEventListener("click", () => { refocus = i; removeSpans([i]); });
      row.append(rm, chip, quote);
      ul.append(row);
    });
    if (refocus !== null) {
      // after a remove, the focus goes to the next span (or the list), never to the page
      const buttons = ul.querySelectorAll(".kit-remove");
      const next = buttons[Math.min(refocus, buttons.length - 1)];
      refocus = null;
      (next || head).focus();
    }
  }

  // ---- offsets <-> DOM --------------------------------------------------
  const runEls = () => Array.from(body.querySelectorAll(".kit-run"));

  function boundary(node, offset, which) {
    const host = node.nodeType === 3 ? node.parentElement : node;
    const run = host && host.closest ? host.closest(".kit-run") : null;
    if (run && node.nodeType === 3 && body.contains(run)) {
      return +run.dataset.start + cp(node.data.slice(0, offset));
    }
    const p = document.createRange();
    p.setStart(node, offset);
    p.collapse(true);
    const rs = runEls();
    const rr = document.createRange();
    if (which === "start") {
      for (const r of rs) {
        rr.selectNodeContents(r);
        if (p.compareBoundaryPoints(Range.START_TO_START, rr) <= 0) return +r.dataset.start;
      }
    } else {
      for (let i = rs.length - 1; i >= 0; i--) {
        rr.selectNodeContents(rs[i]);
        if (p.compareBoundaryPoints(Range.END_TO_END, rr) >= 0) return +rs[i].dataset.end;
      }
    }
    return null;
  }

  function domPoint(off, which) {
    for (const r of runEls()) {
      const s = +r.dataset.start, e = +r.dataset.end;
      const inside = which === "start" ? off >= s && off < e : off > s && off <= e;
      if (inside) return [r.firstChild, units(r.firstChild.data, off - s)];
    }
    return null;
  }

  function readSelection() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { pending = null; return; }
    const range = sel.getRangeAt(0);
    if (!body.contains(range.commonAncestorContainer)) { pending = null; return; }
    let start = boundary(range.startContainer, range.startOffset, "start");
    let end = boundary(range.endContainer, range.endOffset, "end");
    if (start === null || end === null || start >= end) { pending = null; return; }
    pending = { start, end };
    const text = sel.toString().trim();
    say(`Selected “${text.length > 60 ? text.slice(0, 57) + "…" : text}” — now press a label button (or its number).`);
  }

  function selectOffsets(start, end) {
    const a = domPoint(start, "start"), b = domPoint(end, "end");
    if (!a || !b) return;
    const sel = window.getSelection();
    sel.setBaseAndExtent(a[0], a[1], b[0], b[1]);
    readSelection();
  }

  // ---- editing ----------------------------------------------------------
  function addSpan(label) {
    if (!pending) { say("Select some text first, then pick a label."); return; }
    const spans = (model.get("spans") || []).slice();
    spans.push({ start: pending.start, end: pending.end, label });
    model.set("spans", spans);
    model.save_changes();
    say(`Labelled as ${label}.`);
    pending = null;
    const sel = window.getSelection();
    if (sel) sel.removeAllRanges();
  }

  function removeSpans(indices) {
    const drop = new Set(indices);
    const spans = (model.get("spans") || []).filter((_, i) => !drop.has(i));
    model.set("spans", spans);
    model.save_changes();
    say(indices.length === 1 ? "Span removed." : `${indices.length} spans removed.`);
  }

  function overlapping(start, end) {
    const out = [];
    (model.get("spans") || []).forEach((s, i) => {
      if (s.start < end && s.end > start) out.push(i);
    });
    return out;
  }

  body.addEventListener("mouseup", () => { if (editable()) setTimeout(readSelection, 0); });

  body.addEventListener("click", (e) => {
    if (!editable() || pending) return;
    const mark = e.target.closest ? e.target.closest("mark.kit-run") : null;
    if (!mark) return;
    const at = +mark.dataset.start;
    const i = (model.get("span_items") || []).findIndex((s) => s.start <= at && s.end > at);
    const row = list.querySelectorAll(".kit-span-row")[i];
    if (row) refocus = null;
    if (row) { row.querySelector(".kit-remove").focus(); say(`Span ${row.textContent.slice(1)} — press Enter to remove it.`); }
  });

  body.addEventListener("keydown", (e) => {
    if (!editable()) return;
    const words = model.get("words") || [];
    const scheme = model.get("scheme") || [];
    if (["ArrowRight", "ArrowLeft", "Home", "End"].includes(e.key)) {
      if (!words.length) return;
      e.preventDefault();
      const step = e.key === "ArrowRight" ? 1 : -1;
      if (e.key === "Home") cursor = 0;
      else if (e.key === "End") cursor = words.length - 1;
      else if (cursor < 0) cursor = step > 0 ? 0 : words.length - 1;
      else cursor = Math.min(words.length - 1, Math.max(0, cursor + step));
      if (!e.shiftKey || anchor < 0) anchor = cursor;
      const lo = Math.min(anchor, cursor), hi = Math.max(anchor, cursor);
      selectOffsets(words[lo][0], words[hi][1]);
    } else if (/^[1-9]$/.test(e.key) && +e.key <= scheme.length) {
      e.preventDefault();
      readSelection();
      addSpan(scheme[+e.key - 1]);
      anchor = cursor;
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      readSelection();
      const at = pending || (cursor >= 0 ? { start: words[cursor][0], end: words[cursor][1] } : null);
      const hit = at ? overlapping(at.start, at.end) : [];
      if (hit.length) removeSpans(hit); else say("No span here to remove.");
    } else if (e.key === "Escape") {
      const sel = window.getSelection();
      if (!pending && (!sel || sel.isCollapsed)) return;  // nothing selected: Escape leaves the widget
      e.stopPropagation();
      pending = null; anchor = cursor;
      if (sel) sel.removeAllRanges();
      say("Selection cleared.");
    }
  });

  const redraw = () => { drawLegend(); drawToolbar(); drawText(); drawList(); };
  model.on("change:blocks", () => { drawText(); });
  model.on("change:focus_span", drawText);
  model.on("change:legend", drawLegend);
  model.on("change:span_items", drawList);
  model.on("change:scheme", redraw);
  model.on("change:colors", redraw);
  redraw();
}

export default { render };
