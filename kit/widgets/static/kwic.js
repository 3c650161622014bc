// Concordance lines (front end of kit.widgets.concordance.KwicLines).
// Click a line (or focus it and press Enter) to choose it: sets `selected`.

function render({ model, el: root }) {
  root.classList.add("kit-root");
  const box = document.createElement("div");
  box.className = "kit-kwic";
  root.append(box);

  function draw() {
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
    table.setAttribute("aria-label", model.get("label") || "Concordance lines");
    const selected = model.get("selected");
    lines.forEach((line, i) => {
      const tr = document.createElement("tr");
      tr.tabIndex = 0;
      tr.dataset.i = i;
      tr.setAttribute("aria-selected", String(i === selected));
      tr.setAttribute("aria-label", `Line ${i + 1}, ${line.where}: ${line.left} ${line.node} ${line.right}. Press Enter to see it in the text.`);
      for (const [cls, text] of [["kit-where", line.where], ["kit-left", line.left], ["kit-node", line.node], ["kit-right", line.right]]) {
        const td = document.createElement("td");
        td.className = cls;
        td.textContent = text;
        tr.append(td);
      }
      const choose = () => { model.set("selected", i); model.save_changes(); };
      tr.addEventListener("click", choose);
      tr.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(); }
        else if (e.key === "ArrowDown" && tr.nextSibling) { e.preventDefault(); tr.nextSibling.focus(); }
        else if (e.key === "ArrowUp" && tr.previousSibling) { e.preventDefault(); tr.previousSibling.focus(); }
      });
      table.append(tr);
    });
    box.append(table);
  }

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
