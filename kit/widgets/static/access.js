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

// ids unique on the page (each widget may load its own copy of this module)
const uid = () => Math.random().toString(36).slice(2, 10);

function labelRegion(box) {
  const name = box.dataset.kitName;
  if (!name || box.getAttribute("role")) return;
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", name);
}

function radios(box) {
  for (const group of box.querySelectorAll(".widget-radio-box")) {
    if (!group.dataset.kitName) group.dataset.kitName = `kit-radio-${uid()}`;
    group.setAttribute("role", "radiogroup");
    const prompt = box.querySelector(".kit-prompt");
    if (prompt) {
      if (!prompt.id) prompt.id = `kit-prompt-${uid()}`;
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

// the argument map: a labelled group described by the list of links above it
function maps(box) {
  const map = box.querySelector(".kit-map"), links = box.querySelector(".kit-links");
  if (!map || !links) return;
  if (!links.id) links.id = `kit-links-${uid()}`;
  map.setAttribute("role", "group");
  map.setAttribute("aria-label", "Argument map (a drawing of the links listed above)");
  map.setAttribute("aria-describedby", links.id);
  if (!map.dataset.kitScaled) {
    map.dataset.kitScaled = "1";
    new ResizeObserver(() => fit(map)).observe(map);
  }
  fit(map);
}

// plotly keeps the width it was first drawn at (the widget syncs it back to
// Python); in a narrower output the drawing is scaled down to fit, never cut
function fit(map) {
  for (const svg of map.querySelectorAll(".svg-container")) {
    const w = parseFloat(svg.style.width) || svg.getBoundingClientRect().width;
    const h = parseFloat(svg.style.height) || 0;
    const room = map.clientWidth - 2;
    const plot = svg.closest(".js-plotly-plot");
    if (w > room && room > 0) {
      const k = room / w;
      svg.style.transformOrigin = "0 0";
      svg.style.transform = `scale(${k})`;
      if (plot && h) plot.style.height = `${Math.ceil(h * k) + 2}px`;
    } else {
      svg.style.transform = "";
      if (plot) plot.style.height = "";
    }
  }
}

// after a Remove button is pressed and its row is gone, the focus goes to the
// next Remove button (or the list), never to the page body
let removed = null;
function refocus(box) {
  if (!removed || removed.button.isConnected) return;
  const buttons = box.querySelectorAll(".kit-remove-link");
  const head = box.querySelector(".kit-links-head");
  // the list is redrawn in steps: wait until the new rows are all there
  if (buttons.length !== removed.count - 1 || !head) return;
  const next = buttons[Math.min(removed.index, buttons.length - 1)];
  removed = null;
  if (next) next.focus();
  else if (head) { head.tabIndex = -1; head.focus(); }
}

export function enhance(box) {
  guard(box);
  labelRegion(box);
  radios(box);
  tables(box);
  maps(box);
  box.addEventListener("click", (e) => {
    const b = e.target.closest && e.target.closest(".kit-remove-link");
    const all = Array.from(box.querySelectorAll(".kit-remove-link"));
    if (b) removed = { button: b, index: all.indexOf(b), count: all.length };
  }, true);
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
    new MutationObserver(() => { radios(box); tables(box); maps(box); refocus(box); }).observe(box, { childList: true, subtree: true });
    return true;
  };
  // the view is put into its parent after it is drawn
  let tries = 0;
  const wait = () => { if (!attach() && ++tries < 600) requestAnimationFrame(wait); };
  wait();
  model.on("change:name", () => { if (box) { box.removeAttribute("role"); box.dataset.kitName = model.get("name"); labelRegion(box); } });
}

export default { render };
