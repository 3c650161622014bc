// Sentence labeller (front end of kit.widgets.labeller.SentenceLabels).
// One row per sentence with a drop-down; keyboard: ↑/↓ (or k/j) move,
// 1–9 then a, b, c… (no j, k) set a label and go to the next sentence,
// 0 or Delete clears, Escape leaves the widget.

const PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"];
const edge = (hex) => `var(--kit-c${Math.max(0, PALETTE.indexOf(String(hex || "").toUpperCase()))})`;
// the key of the n-th label (0-based): 1–9, then letters other than j and k
const LETTERS = "abcdefghilmnopqrstuvwxyz";
export const keyOf = (n) => (n < 9 ? String(n + 1) : LETTERS[n - 9] || "");

function tint(hex, alpha) {
  const h = hex.replace("#", "");
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function render({ model, el: root }) {
  root.classList.add("kit-root", "kit-labeller");
  guard(root);
  const keys = el("div", "kit-labeller-keys");
  const progress = el("div", "kit-labeller-progress");
  progress.setAttribute("role", "status");
  progress.setAttribute("aria-live", "polite");
  const rowsBox = el("div", "kit-labeller-rows");
  rowsBox.setAttribute("role", "list");
  root.append(keys, progress, rowsBox);
  let active = 0;

  function drawKeys() {
    keys.replaceChildren();
    const colors = model.get("colors") || {};
    keys.append("Keys on a sentence: ↑/↓ move · ");
    const list = el("span", "kit-labeller-keylist");
    list.setAttribute("role", "list");
    list.setAttribute("aria-label", "Labels and their keys");
    (model.get("scheme") || []).forEach((label, i) => {
      const chip = el("span", "kit-chip kit-chip-label");
      chip.setAttribute("role", "listitem");
      const key = el("kbd", "kit-key", keyOf(i));
      chip.append(key, " " + label);
      chip.style.background = tint(colors[label] || "#999999", 0.35);
      chip.style.borderLeft = `4px solid ${edge(colors[label])}`;
      list.append(chip);
    });
    keys.append(list, " · 0 clears · Esc leaves");
  }

  function setLabel(id, label) {
    const value = Object.assign({}, model.get("value") || {});
    if (label) value[id] = label; else delete value[id];
    model.set("value", value);
    model.save_changes();
  }

  function focusRow(i) {
    const rows = rowsBox.querySelectorAll(".kit-srow");
    if (!rows.length) return;
    active = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, j) => { r.tabIndex = j === active ? 0 : -1; });
    rows[active].focus();
  }

  function drawRows() {
    rowsBox.replaceChildren();
    rowsBox.style.maxHeight = model.get("max_height") || "";
    rowsBox.setAttribute("aria-label", model.get("label") || "Sentences");
    const scheme = model.get("scheme") || [];
    (model.get("rows") || []).forEach((row, i) => {
      const r = el("div", "kit-srow");
      r.dataset.id = row.id;
      r.setAttribute("role", "listitem");
      r.setAttribute("aria-label", `Sentence ${row.id}: ${row.text}`);
      r.tabIndex = i === active ? 0 : -1;
      const text = el("div", "kit-srow-text");
      const id = el("span", "kit-srow-id", row.id);
      text.append(id, " " + row.text);
      const select = document.createElement("select");
      select.setAttribute("aria-label", `Label for sentence ${row.id}`);
      select.tabIndex = -1;
      select.append(new Option("—", ""));
      scheme.forEach((label, k) => select.append(new Option(`${keyOf(k)} · ${label}`, label)));
      select.addEventListener("change", () => setLabel(row.id, select.value));
      select.addEventListener("keydown", (e) => e.stopPropagation());
      r.addEventListener("focus", () => { active = i; select.tabIndex = 0; });
      r.addEventListener("blur", () => { select.tabIndex = -1; });
      r.addEventListener("click", (e) => { if (e.target !== select) focusRow(i); });
      r.append(text, select);
      rowsBox.append(r);
    });
    paint();
  }

  function paint() {
    const value = model.get("value") || {};
    const colors = model.get("colors") || {};
    const rows = rowsBox.querySelectorAll(".kit-srow");
    rows.forEach((r) => {
      const label = value[r.dataset.id] || "";
      r.querySelector("select").value = label;
      r.style.borderLeftColor = label ? edge(colors[label]) : "transparent";
      r.dataset.label = label;
    });
    const n = Object.keys(value).length;
    progress.textContent = `${n} of ${rows.length} sentences labelled.`;
  }

  rowsBox.addEventListener("keydown", (e) => {
    const row = e.target.closest ? e.target.closest(".kit-srow") : null;
    if (!row || e.target.tagName === "SELECT") return;
    const scheme = model.get("scheme") || [];
    const i = Array.from(rowsBox.children).indexOf(row);
    if (e.key === "ArrowDown" || e.key === "j") { e.preventDefault(); focusRow(i + 1); }
    else if (e.key === "ArrowUp" || e.key === "k") { e.preventDefault(); focusRow(i - 1); }
    else if (e.key.length === 1 && !e.shiftKey && scheme.some((_, n) => keyOf(n) === e.key.toLowerCase())) {
      e.preventDefault();
      const n = scheme.findIndex((_, m) => keyOf(m) === e.key.toLowerCase());
      setLabel(row.dataset.id, scheme[n]);
      focusRow(i + 1);
    } else if (e.key === "0" || e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      setLabel(row.dataset.id, "");
    }
  });

  model.on("change:value", paint);
  model.on("change:rows", drawRows);
  model.on("change:scheme", () => { drawKeys(); drawRows(); });
  model.on("change:colors", () => { drawKeys(); paint(); });
  drawKeys();
  drawRows();
}

export default { render };
