// The key guard every kit widget shares (kit/widgets/textview.py puts this file in
// front of each widget's own module): keys pressed in a widget stay in it, so
// JupyterLab's notebook shortcuts never see them; Ctrl/Cmd/Alt combinations and Tab
// pass; Escape leaves to the notebook cell (inside the code editor, Escape first
// leaves the editor's own keys, then Tab moves on).
function guard(box) {
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
