// Concordance lines (front end of kit.widgets.concordance.KwicLines).
// The lines are one Tab stop (a roving tabindex): ↑/↓, Home/End move between
// lines, Enter or Space (or a click) chooses one and sets `selected`.
// Keys stay in the widget; Escape leaves to the notebook cell.

function render({ model, el: root }) {
  root.classList.add("kit-root");
  guard(root);
  const box = document.createElement("div");
  box.className = "kit-kwic";
  root.append(box);
  let active = 0;

  const rows = () => Array.from(box.querySelectorAll("tr"));

  function move(i, focus = true) {
    const all = rows();
    if (!all.length) return;
    active = Math.max(0, Math.min(all.length - 1, i));
    all.forEach((tr, j) => { tr.tabIndex = j === active ? 0 : -1; });
    if (focus) all[active].focus();
  }

  function draw() {
    // new lines may arrive while a keyboard user is on a line: they stay on the same line number
    const hadFocus = box.contains(document.activeElement);
    const kept = active;
    box.replaceChildren();
    box.style.maxHeight = model.get("max_height") || "";
    const lines = model.get("lines") || [];
    if (!lines.length) {
      const empty = document.createElement("div");
      empty.className = "kit-empty";
      empty.textContent = model.get("empty") || "No lines.";
      box.append(empty);
      return;
    }
    const table = document.createElement("table");
    table.setAttribute("role", "grid");
    table.setAttribute("aria-label", (model.get("label") || "Concordance lines") +
      ` (${lines.length}; ↑/↓ move, Enter shows a line in the text)`);
    const body = document.createElement("tbody");
    body.setAttribute("role", "rowgroup");
    const selected = model.get("selected");
    active = hadFocus && kept < lines.length ? kept : selected >= 0 && selected < lines.length ? selected : 0;
    lines.forEach((line, i) => {
      const tr = document.createElement("tr");
      tr.setAttribute("role", "row");
      tr.tabIndex = i === active ? 0 : -1;
      tr.dataset.i = i;
      tr.setAttribute("aria-selected", String(i === selected));
      tr.setAttribute("aria-label", `Line ${i + 1} of ${lines.length}, ${line.where}: ${line.left}${line.node}${line.right}`);
      // The node and its right context share one cell, so the node's words run on into the
      // right context as the original spells them, whatever the width of other lines' nodes.
      for (const [cls, parts] of [["kit-where", [["", line.where]]], ["kit-left", [["", line.left]]],
                                  ["kit-hit", [["kit-node", line.node], ["kit-right", line.right]]]]) {
        const td = document.createElement("td");
        td.setAttribute("role", "gridcell");
        td.className = cls;
        for (const [inner, text] of parts) {
          if (!inner) { td.append(text); continue; }
          const span = document.createElement("span");
          span.className = inner;
          span.textContent = text;
          td.append(span);
        }
        tr.append(td);
      }
      tr.addEventListener("click", () => { move(i, false); choose(i); });
      body.append(tr);
    });
    table.append(body);
    box.append(table);
    if (hadFocus) rows()[active].focus();
  }

  function choose(i) { model.set("selected", i); model.save_changes(); }

  box.addEventListener("keydown", (e) => {
    const tr = e.target.closest ? e.target.closest("tr") : null;
    if (!tr) return;
    const i = +tr.dataset.i, n = rows().length;
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(i); }
    else if (e.key === "ArrowDown") { e.preventDefault(); move(i + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(i - 1); }
    else if (e.key === "Home") { e.preventDefault(); move(0); }
    else if (e.key === "End") { e.preventDefault(); move(n - 1); }
    else if (e.key === "PageDown") { e.preventDefault(); move(i + 10); }
    else if (e.key === "PageUp") { e.preventDefault(); move(i - 10); }
  });

  function mark() {
    const selected = model.get("selected");
    box.querySelectorAll("tr").forEach((tr) => tr.setAttribute("aria-selected", String(+tr.dataset.i === selected)));
  }

  model.on("change:lines", draw);
  model.on("change:empty", draw);
  model.on("change:selected", mark);
  draw();
}

export default { render };
