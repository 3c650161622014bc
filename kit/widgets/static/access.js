// Keyboard and semantics for an exercise built from ipywidgets
// (front end of kit.widgets.access.Access, a zero-size child of the box).
//
// Once drawn, it finds the box it sits in (the closest .kit-guard) and
//  - keeps the keys inside: a key without Ctrl/Alt/Meta pressed in the box
//    stops there, so JupyterLab's notebook shortcuts (arrows, Space, Enter,
//    digits, letters) never act on it; Tab still moves on;
//  - Escape leaves the widget: the focus goes to the notebook cell (command mode);
//  - makes the box a labelled region, single-choice radios one radio group
//    (one Tab stop, arrow keys inside), scrolling tables focusable and named.

let serial = 0;

export function guard(box) {
  if (box.dataset.kitGuarded) return;
  box.dataset.kitGuarded = "1";
  box.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;     // Ctrl+S, Ctrl+Enter… stay JupyterLab's
    if (e.key === "Tab") return;                          // Tab always moves on
    if (e.key === "Escape") {
      const inEditor = e.target.closest && e.target.closest(".cm-editor");
      if (inEditor) { e.stopPropagation(); return; }      // the code editor: Escape, then Tab leaves
      const cell = box.closest(".jp-Cell");
      if (cell) {
        if (!cell.hasAttribute("tabindex")) cell.tabIndex = -1;
        e.preventDefault();
        e.stopPropagation();
        cell.focus();
      }
      return;
    }
    e.stopPropagation();
  });
}

function labelRegion(box) {
  const name = box.dataset.kitName;
  if (!name || box.getAttribute("role")) return;
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", name);
}

function radios(box) {
  for (const group of box.querySelectorAll(".widget-radio-box")) {
    if (!group.dataset.kitName) group.dataset.kitName = `kit-radio-${++serial}`;
    group.setAttribute("role", "radiogroup");
    const prompt = box.querySelector(".kit-prompt");
    if (prompt) {
      if (!prompt.id) prompt.id = `kit-prompt-${++serial}`;
      group.setAttribute("aria-labelledby", prompt.id);
    }
    for (const input of group.querySelectorAll('input[type="radio"]')) {
      input.name = group.dataset.kitName;
      if (!input.dataset.kitWired) {
        input.dataset.kitWired = "1";
        // arrow keys check a radio without a click; ipywidgets only listens to clicks
        input.addEventListener("change", () => {
          if (input.checked) input.dispatchEvent(new MouseEvent("click", { bubbles: true }));
        });
      }
    }
  }
}

function tables(box) {
  for (const t of box.querySelectorAll(".jp-RenderedHTMLCommon table, .widget-html-content table")) {
    const holder = t.parentElement;
    if (!holder || holder.dataset.kitTable) continue;
    holder.dataset.kitTable = "1";
    holder.tabIndex = 0;
    holder.setAttribute("role", "region");
    holder.setAttribute("aria-label", t.getAttribute("aria-label") || "Table (scrolls)");
  }
}

export function enhance(box) {
  guard(box);
  labelRegion(box);
  radios(box);
  tables(box);
}

function render({ model, el }) {
  el.classList.add("kit-access");
  el.setAttribute("aria-hidden", "true");
  let box = null;
  const attach = () => {
    box = el.closest(".kit-guard");
    if (!box) return false;
    box.dataset.kitName = model.get("name") || "";
    enhance(box);
    new MutationObserver(() => { radios(box); tables(box); }).observe(box, { childList: true, subtree: true });
    return true;
  };
  // the view is put into its parent after it is drawn
  let tries = 0;
  const wait = () => { if (!attach() && ++tries < 600) requestAnimationFrame(wait); };
  wait();
  model.on("change:name", () => { if (box) { box.removeAttribute("role"); box.dataset.kitName = model.get("name"); labelRegion(box); } });
}

export default { render };
