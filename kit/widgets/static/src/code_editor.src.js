// Source of static/code_editor.js: a Python code editor for code answers
// (front end of kit.widgets.code_editor.CodeEditor), on CodeMirror 6.
// Build (see README.md here): npm install, then npm run build.
//
// Tab and Shift+Tab indent and dedent; Escape, then Tab, moves the focus on
// (WCAG 2.1.2, no keyboard trap). Keys typed in the editor never reach
// JupyterLab's notebook shortcuts.

import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { indentOnInput, bracketMatching, syntaxHighlighting, indentUnit } from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { classHighlighter } from "@lezer/highlight";

function render({ model, el }) {
  el.classList.add("kit-root", "kit-code-editor");
  const help = document.createElement("div");
  help.className = "kit-code-help";
  help.id = `kit-code-help-${Math.random().toString(36).slice(2)}`;
  help.textContent = "Tab indents, Shift+Tab dedents. To leave the editor: Esc, then Tab.";
  let fromModel = false;

  const view = new EditorView({
    parent: el,
    state: EditorState.create({
      doc: model.get("value") || "",
      extensions: [
        lineNumbers(), history(), drawSelection(), highlightActiveLine(), indentOnInput(), bracketMatching(),
        indentUnit.of("    "), EditorState.tabSize.of(4), python(),
        syntaxHighlighting(classHighlighter),
        keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap]),
        EditorView.contentAttributes.of({
          "aria-label": model.get("label") || "Python code",
          "aria-describedby": help.id,
          "aria-multiline": "true",
        }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !fromModel) {
            model.set("value", u.state.doc.toString());
            model.save_changes();
          }
        }),
        EditorView.domEventHandlers({
          keydown(e, v) {
            // Escape: the next Tab leaves the editor instead of indenting
            if (e.key === "Escape") { v.setTabFocusMode(true); return false; }
            if (e.key !== "Tab" && e.key !== "Shift") v.setTabFocusMode(false);
            return false;
          },
          focus(_e, v) { v.setTabFocusMode(false); return false; },
        }),
      ],
    }),
  });
  el.append(help);

  // keys stay in the editor: JupyterLab's notebook shortcuts never see them
  el.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.key === "Tab") return;
    e.stopPropagation();
  });

  model.on("change:value", () => {
    const text = model.get("value") || "";
    if (text === view.state.doc.toString()) return;
    fromModel = true;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    fromModel = false;
  });
  return () => view.destroy();
}

export default { render };
