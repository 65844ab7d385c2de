// Workspace suggestions: Shift+A opens the current sentence's first machine suggestion for editing
// (label, speaker, note) with the cursor in its speaker field; Esc closes it again. Accepting (a)
// and rejecting (x) are the suggestion's own buttons, pressed by workspace.js's shortcut keys.
// A press on a suggestion's button in another sentence does not move the focus first: that
// would hide the current sentence's label buttons, shift the page up under the pointer and
// lose the click; the answer to the click moves the focus instead.

import { currentRow, rows } from "./workspace.js";

document.addEventListener("mousedown", (event) => {
  const control = event.target.closest?.("[data-suggestion] button, [data-suggestion] summary");
  if (control && control.closest("[data-sentence]") !== currentRow()) event.preventDefault();
});

document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (event.key === "Escape") {
    const open = target.closest?.("details.suggestion-edit[open]");
    if (open) {
      open.open = false;
      open.closest("[data-sentence]")?.focus({ preventScroll: true });
      event.preventDefault();
    }
    return;
  }
  if (event.key !== "A" || event.altKey || event.ctrlKey || event.metaKey) return;
  if (target.closest("input, textarea, select, [contenteditable]")) return;
  const row = currentRow() || rows()[0];
  const editor = row?.querySelector("details[data-suggestion-edit]");
  if (!editor) return;
  editor.open = true;
  editor.querySelector("input[name=attributed_to]")?.focus();
  event.preventDefault();
});
