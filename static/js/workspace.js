// Workspace keyboard and selection behaviour: moving between sentences (j/k, arrows), labelling
// by shortcut key (whole sentence, or the words selected with the mouse; Ctrl/Cmd adds ranges to
// one discontinuous claim), undo (u), next unreviewed (n), edit (e), history (h) and help (?).
// Every action submits an ordinary form of the sentence, so htmx sends it and the server answers
// with the updated sentence; without this script the same forms work by mouse.

const workspace = document.getElementById("workspace");
const help = document.getElementById("help");
const toast = document.getElementById("toast");
let current = null; // the sentence row that has the reviewer's attention
let pending = []; // ranges [start, end] collected with Ctrl/Cmd for the current sentence

function rows() {
  return Array.from(document.querySelectorAll("[data-sentence]"));
}

function focusRow(row, { scroll = true } = {}) {
  if (!row) return;
  if (current && current !== row) clearPending();
  current = row;
  fillBoundaryForm(row);
  rows().forEach((r) => r.classList.toggle("current", r === row));
  row.focus({ preventScroll: !scroll });
  if (scroll) row.scrollIntoView({ block: "nearest", behavior: "smooth" });
  history.replaceState(null, "", `#s${row.dataset.position}`);
}

function move(step) {
  const all = rows();
  const index = current ? all.indexOf(current) : -1;
  focusRow(all[Math.min(all.length - 1, Math.max(0, index + step))]);
}

// Offsets of a DOM position inside the sentence text, counted in characters of its text.
function offsetIn(textElement, node, offset) {
  const range = document.createRange();
  range.selectNodeContents(textElement);
  range.setEnd(node, offset);
  return range.toString().length;
}

function selectionRange(row) {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const textElement = row.querySelector("[data-sentence-text]");
  const range = selection.getRangeAt(0);
  if (!textElement.contains(range.startContainer) || !textElement.contains(range.endContainer)) {
    return null;
  }
  let start = offsetIn(textElement, range.startContainer, range.startOffset);
  let end = offsetIn(textElement, range.endContainer, range.endOffset);
  const text = textElement.textContent;
  while (start < end && /\s/.test(text[start])) start += 1; // selections often catch a space
  while (end > start && /\s/.test(text[end - 1])) end -= 1;
  return start < end ? [start, end] : null;
}

function showPending(row) {
  row.classList.toggle("has-pending", pending.length > 0);
  const text = row.querySelector("[data-sentence-text]").textContent;
  row.dataset.pending = pending.map(([s, e]) => text.slice(s, e)).join(" … ");
}

function clearPending() {
  pending = [];
  if (current) showPending(current);
}

function addRange(range) {
  if (pending.some(([s, e]) => range[0] < e && s < range[1])) return; // overlapping: ignore
  pending.push(range);
  pending.sort((a, b) => a[0] - b[0]);
}

function submitLabel(row, button) {
  const selected = selectionRange(row);
  if (selected) addRange(selected);
  row.querySelector("[data-spans]").value = pending.length ? JSON.stringify(pending) : "";
  window.getSelection()?.removeAllRanges();
  pending = [];
  button.click();
}

// The staff's boundary form acts on the current sentence, split at the caret's position.
function fillBoundaryForm(row, caret = null) {
  const number = document.querySelector("[data-current-number]");
  if (!number) return;
  number.value = Number(row.dataset.position) + 1;
  if (caret !== null) document.querySelector("[data-split-offset]").value = caret;
}

function showToast(message, kind = "info") {
  toast.textContent = message;
  toast.dataset.kind = kind;
  toast.hidden = false;
  clearTimeout(showToast.timer);
  showToast.timer = setTimeout(() => (toast.hidden = true), 5000);
}

document.addEventListener("keydown", (event) => {
  const target = event.target;
  const typing =
    target.closest("input, textarea, select, [contenteditable]") || (help && help.open);
  if (event.key === "Escape") {
    clearPending();
    return;
  }
  if (typing || event.altKey || event.ctrlKey || event.metaKey) return;
  const row = current || rows()[0];
  const key = event.key;
  if (key === "j" || key === "ArrowDown") {
    move(1);
  } else if (key === "k" || key === "ArrowUp") {
    move(-1);
  } else if (key === "?") {
    help.showModal();
  } else if (key === "u") {
    document.querySelector("#undo-form button").click();
  } else if (key === "n") {
    const next = rows().find(
      (r) => r.dataset.state === "open" && (!current || r.compareDocumentPosition(current) & 2),
    );
    focusRow(next || rows().find((r) => r.dataset.state === "open"));
  } else if (key === "e" && row) {
    row.querySelector("[data-edit]")?.click();
  } else if (key === "h" && row) {
    row.querySelector("[data-history]")?.click();
  } else if (row) {
    const button = row.querySelector(`button[data-shortcut="${CSS.escape(key)}"]`);
    if (!button || button.disabled) return;
    focusRow(row, { scroll: false });
    submitLabel(row, button);
  } else {
    return;
  }
  event.preventDefault();
});

// Mouse selection: plain selection replaces the collected ranges, Ctrl/Cmd adds one more.
document.addEventListener("mouseup", (event) => {
  const row = event.target.closest("[data-sentence]");
  if (!row || event.target.closest("form, a, button")) return;
  if (row !== current) focusRow(row, { scroll: false });
  const selection = window.getSelection();
  const textElement = row.querySelector("[data-sentence-text]");
  if (selection?.isCollapsed && textElement.contains(selection.anchorNode)) {
    fillBoundaryForm(row, offsetIn(textElement, selection.anchorNode, selection.anchorOffset));
  }
  const range = selectionRange(row);
  if (!range) return;
  if (!(event.ctrlKey || event.metaKey)) pending = [];
  addRange(range);
  if (event.ctrlKey || event.metaKey) window.getSelection().removeAllRanges();
  showPending(row);
});

document.addEventListener("focusin", (event) => {
  const row = event.target.closest?.("[data-sentence]");
  if (row && row !== current) {
    if (current) clearPending();
    current = row;
    rows().forEach((r) => r.classList.toggle("current", r === row));
    fillBoundaryForm(row);
  }
});

document.addEventListener("click", (event) => {
  if (event.target.closest("[data-open-help]")) help.showModal();
});

// After htmx replaces a sentence, keep the reviewer's place on the new element.
document.body.addEventListener("htmx:afterSwap", (event) => {
  const swapped = event.detail.target;
  if (swapped?.id === "article-body" || !swapped?.isConnected) {
    const row = current && document.getElementById(current.id);
    if (row) focusRow(row, { scroll: false });
    return;
  }
  const row = swapped.closest?.("[data-sentence]") || document.getElementById(swapped.id);
  if (row && row.matches("[data-sentence]")) {
    focusRow(row, { scroll: false });
    row.querySelector("input:not([type=hidden]), textarea, select")?.focus();
  }
});

// Server errors and lost connections show a message; the page and the reviewer's place stay.
document.body.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  const message =
    status === 403
      ? workspace.dataset.msgForbidden
      : status === 404
        ? workspace.dataset.msgNotFound
        : workspace.dataset.msgServerError;
  showToast(`${message} (HTTP ${status})`, "error");
});
document.body.addEventListener("htmx:sendError", () =>
  showToast(workspace.dataset.msgOffline, "error"),
);
document.body.addEventListener("toast", (event) => showToast(event.detail.value));

// Start where the URL points (?focus=N or #sN), else at the first sentence.
const start = new URLSearchParams(location.search).get("focus") ?? location.hash.replace("#s", "");
focusRow(
  (start !== "" && rows().find((r) => r.dataset.position === start)) || rows()[0],
  { scroll: start !== "" },
);
