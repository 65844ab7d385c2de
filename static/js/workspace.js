// Workspace keyboard, mouse and touch behaviour: moving between sentences (j/k, arrows), labelling
// by shortcut key or label button (whole sentence, or the words selected; Ctrl/Cmd or "Add another
// range" adds ranges to one discontinuous claim), undo (u), next unreviewed (n), edit (e, with a
// choice when a sentence has several claims), history (h, Esc closes it) and help (?).
// Every action submits an ordinary form of the sentence, so htmx sends it and the server answers
// with the updated sentence; without this script the same forms work by mouse.
//
// Offsets sent to the server are Unicode code points, as the server and the exports count them;
// the DOM counts UTF-16 units, so every offset is converted here. Ranges start and end between
// grapheme clusters (Intl.Segmenter, the rule the server enforces with the same Unicode data).
// A selection dragged into another sentence is clamped to the sentence where it began, and the
// browser's selection is narrowed to what will be stored.
// Rows are looked up in the document whenever needed, never cached: rows added after load (long
// articles load in chunks) work like the first ones. Other modules can import what they need
// from here or listen to the "workspace:focus" event on the row.

const workspace = document.getElementById("workspace");
const help = document.getElementById("help");
const toast = document.getElementById("toast");
const header = document.querySelector(".workspace-head");
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const BLANK = /^[\s\p{Cc}\p{Cf}\p{Z}]*$/u;
const PENDING = "pending"; // name of the CSS highlight showing the collected ranges

let current = null; // the sentence row that has the reviewer's attention
let pendingRow = null; // the row the collected ranges belong to
let kept = []; // UTF-16 ranges [start, end] kept for one discontinuous claim (Ctrl/Cmd, "Add")
let live = null; // the range selected right now in pendingRow
let pointerDown = false;
let adding = false; // the next selection adds to the kept ranges instead of replacing them
let picking = null; // the row whose claims are numbered for "e", waiting for a digit

export function rows() {
  return Array.from(document.querySelectorAll("[data-sentence]"));
}

export function currentRow() {
  return current;
}

export function focusRow(row, { scroll = true } = {}) {
  if (!row) return;
  if (pendingRow && pendingRow !== row) clearPending();
  stopPicking();
  current = row;
  fillBoundaryForm(row);
  document.querySelectorAll("[data-sentence].current").forEach((r) => {
    if (r !== row) r.classList.remove("current");
  });
  row.classList.add("current");
  row.focus({ preventScroll: true });
  if (scroll) scrollToRow(row);
  history.replaceState(null, "", `#s${row.dataset.position}`);
  row.dispatchEvent(new CustomEvent("workspace:focus", { bubbles: true }));
}

// The sticky header stays on top; rows keep clear of it (scroll-margin uses this height).
function trackHeaderHeight() {
  if (!header) return;
  const update = () =>
    document.documentElement.style.setProperty("--sticky-head", `${header.offsetHeight}px`);
  new ResizeObserver(update).observe(header);
  update();
}

function scrollToRow(row) {
  const top = row.getBoundingClientRect().top;
  const covered = header ? header.getBoundingClientRect().bottom : 0;
  if (top < covered || row.getBoundingClientRect().bottom > window.innerHeight) {
    row.scrollIntoView({ block: "nearest", behavior: "instant" });
  }
}

function move(step) {
  const all = rows();
  const index = current ? all.indexOf(current) : -1;
  focusRow(all[Math.min(all.length - 1, Math.max(0, index + step))]);
}

// --- Offsets: DOM positions, UTF-16 units, grapheme clusters and code points ---

function textOf(row) {
  return row.querySelector("[data-sentence-text]");
}

// UTF-16 offset of a DOM position inside the sentence text.
function utf16Offset(textElement, node, offset) {
  const range = document.createRange();
  range.selectNodeContents(textElement);
  range.setEnd(node, offset);
  return range.toString().length;
}

// Code points before a UTF-16 offset (offsets are on cluster boundaries, never inside a pair).
function codePoints(text, utf16) {
  return Array.from(text.slice(0, utf16)).length;
}

function clusters(text) {
  return Array.from(segmenter.segment(text), (s) => [s.index, s.index + s.segment.length]);
}

// A UTF-16 range widened to whole grapheme clusters, then trimmed of blank clusters; null if blank.
function snap(text, start, end) {
  const parts = clusters(text).filter(([s, e]) => e > start && s < end);
  while (parts.length && BLANK.test(text.slice(...parts[0]))) parts.shift();
  while (parts.length && BLANK.test(text.slice(...parts[parts.length - 1]))) parts.pop();
  return parts.length ? [parts[0][0], parts[parts.length - 1][1]] : null;
}

function snapPoint(text, offset) {
  for (const [s, e] of clusters(text)) if (offset < e) return offset - s < e - offset ? s : e;
  return text.length;
}

// The selection's range inside ``row``, clamped to the row's text, in UTF-16 units.
function selectedRange(row) {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const textElement = textOf(row);
  const range = selection.getRangeAt(0);
  const whole = document.createRange();
  whole.selectNodeContents(textElement);
  if (
    range.compareBoundaryPoints(Range.END_TO_START, whole) >= 0 ||
    range.compareBoundaryPoints(Range.START_TO_END, whole) <= 0
  ) {
    return null; // entirely outside this sentence
  }
  const length = textElement.textContent.length;
  const startsInside = range.compareBoundaryPoints(Range.START_TO_START, whole) >= 0;
  const endsInside = range.compareBoundaryPoints(Range.END_TO_END, whole) <= 0;
  const start = startsInside ? utf16Offset(textElement, range.startContainer, range.startOffset) : 0;
  const end = endsInside ? utf16Offset(textElement, range.endContainer, range.endOffset) : length;
  return snap(textElement.textContent, start, end);
}

// The row whose text holds the selection's anchor: where the reviewer began selecting.
function anchorRow() {
  const node = window.getSelection()?.anchorNode;
  const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
  const text = element?.closest("[data-sentence-text]");
  return text ? text.closest("[data-sentence]") : null;
}

function domRange(row, [start, end]) {
  const textElement = textOf(row);
  const walker = document.createTreeWalker(textElement, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent.length;
    if (!started && start <= seen + length) {
      range.setStart(node, start - seen);
      started = true;
    }
    if (started && end <= seen + length) {
      range.setEnd(node, end - seen);
      return range;
    }
    seen += length;
  }
  return range;
}

// --- Pending ranges: what the next label will claim ---

function pendingRanges() {
  const all = live ? [...kept, live] : [...kept];
  const merged = [];
  for (const range of all.sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && range[0] < last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

function showPending(row) {
  if (!row) return;
  const ranges = row === pendingRow ? pendingRanges() : [];
  const text = textOf(row).textContent;
  const bar = row.querySelector("[data-pending-bar]");
  row.classList.toggle("has-pending", ranges.length > 0);
  if (bar) {
    bar.hidden = ranges.length === 0;
    bar.querySelector("[data-pending-text]").textContent = ranges
      .map(([s, e]) => `«${text.slice(s, e)}»`)
      .join(" … ");
    bar.querySelector("[data-add-range]").setAttribute("aria-pressed", String(adding));
  }
  if (window.CSS?.highlights && window.Highlight) {
    if (ranges.length) CSS.highlights.set(PENDING, new Highlight(...ranges.map((r) => domRange(row, r))));
    else CSS.highlights.delete(PENDING);
  }
}

function clearPending() {
  const row = pendingRow;
  kept = [];
  live = null;
  adding = false;
  pendingRow = null;
  if (row) showPending(row);
}

function startPending(row) {
  if (pendingRow !== row) clearPending();
  pendingRow = row;
}

// Code point spans for the server, from the pending UTF-16 ranges.
function spansOf(row) {
  const text = textOf(row).textContent;
  return pendingRanges().map(([s, e]) => [codePoints(text, s), codePoints(text, e)]);
}

// The current row changes only once a pointer is up again: moving the highlight (and the
// label buttons with it) under a finger or mouse that is still down would move the target.
function onSelectionChange() {
  const row = syncLive();
  if (row && row !== current && !pointerDown) focusRow(row, { scroll: false });
}

// Reads the selection into ``live`` now: selectionchange arrives a moment after the selection
// changed, and a tap or key may come first. Returns the selection's row, if any.
function syncLive() {
  const row = anchorRow();
  const range = row && selectedRange(row);
  if (!range) return null;
  startPending(row);
  live = range;
  showPending(row);
  return row;
}

// When a drag ends outside its sentence, narrow the visible selection to what will be stored.
function narrowSelection() {
  const row = syncLive();
  const selection = window.getSelection();
  if (!row || !selection || selection.isCollapsed) return;
  const range = selection.getRangeAt(0);
  const textElement = textOf(row);
  if (textElement.contains(range.startContainer) && textElement.contains(range.endContainer)) return;
  selection.removeAllRanges();
  selection.addRange(domRange(row, live));
}

// A new selection replaces the collected ranges, unless Ctrl/Cmd is held or "Add" was chosen.
function onPointerDown(event) {
  pointerDown = true;
  syncLive();
  if (event.target.closest("button, a, input, textarea, select, label")) return;
  const row = event.target.closest("[data-sentence]");
  if (!row || !event.target.closest("[data-sentence-text]")) return;
  if (row === pendingRow && (event.ctrlKey || event.metaKey || adding)) {
    if (live) kept.push(live);
  } else {
    startPending(row);
    kept = [];
  }
  live = null;
  adding = false;
  showPending(row);
}

function onPointerUp(event) {
  pointerDown = false;
  narrowSelection();
  if (pendingRow && pendingRow !== current && live) focusRow(pendingRow, { scroll: false });
  const row = event.target.closest?.("[data-sentence]");
  if (!row || event.target.closest("form, a, button")) return;
  const selection = window.getSelection();
  const textElement = textOf(row);
  if (selection?.isCollapsed && textElement.contains(selection.anchorNode)) {
    const text = textElement.textContent;
    const caret = snapPoint(text, utf16Offset(textElement, selection.anchorNode, selection.anchorOffset));
    fillBoundaryForm(row, codePoints(text, caret));
  }
}

// Label buttons and keys submit the row's form; the pending ranges travel with it.
function onSubmit(event) {
  const form = event.target;
  const row = form.closest?.("[data-sentence]");
  const spansInput = form.querySelector?.("[data-spans]");
  if (!row || !spansInput) return;
  const isLabel = event.submitter?.name === "label";
  if (anchorRow() === row) syncLive();
  const ranges = row === pendingRow ? pendingRanges() : [];
  spansInput.value = isLabel && ranges.length ? JSON.stringify(spansOf(row)) : "";
  if (isLabel) {
    window.getSelection()?.removeAllRanges();
    clearPending();
  }
}

function onClick(event) {
  if (event.target.closest("[data-open-help]")) help.showModal();
  const row = event.target.closest("[data-sentence]");
  if (row && row !== current && !event.target.closest("button, a, input, textarea, select")) {
    focusRow(row, { scroll: false }); // a click or tap on a sentence makes it the current one
  }
  if (event.target.closest("[data-add-range]") && row) {
    syncLive();
    if (live && pendingRow === row) kept.push(live);
    live = null;
    adding = true;
    window.getSelection()?.removeAllRanges();
    showPending(row);
  } else if (event.target.closest("[data-clear-pending]") && row) {
    window.getSelection()?.removeAllRanges();
    clearPending();
  }
}

// --- Edit (e), history (h) ---

// Follow an hx-get link through htmx directly rather than clicking it: content swapped in a
// moment ago may not be processed by htmx yet, and a click would then leave the workspace for
// the link's full page (the claim editor, or the article after "Cancel").
function htmxGet(link) {
  window.htmx.ajax("GET", link.getAttribute("hx-get"), {
    source: link,
    target: link.getAttribute("hx-target"),
    swap: link.getAttribute("hx-swap") || "outerHTML",
  });
}

function editClaim(row) {
  const links = Array.from(row.querySelectorAll(".claims [data-edit]"));
  if (links.length === 1) htmxGet(links[0]);
  else if (links.length > 1) {
    picking = row;
    row.classList.add("picking");
    showToast(workspace.dataset.msgPickClaim);
  }
}

function stopPicking() {
  if (picking) picking.classList.remove("picking");
  picking = null;
}

function historyOpen(row) {
  const panel = row.querySelector(".history");
  return panel && panel.childElementCount > 0 ? panel : null;
}

function toggleHistory(row) {
  const panel = historyOpen(row);
  if (panel) panel.replaceChildren();
  else {
    const link = row.querySelector("[data-history]");
    if (link) htmxGet(link);
  }
}

// The staff's boundary form acts on the current sentence, split at the caret's position.
function fillBoundaryForm(row, caret = null) {
  const number = document.querySelector("[data-current-number]");
  if (!number) return;
  number.value = Number(row.dataset.position) + 1;
  if (caret !== null) document.querySelector("[data-split-offset]").value = caret;
}

export function showToast(message, kind = "info") {
  toast.textContent = message;
  toast.dataset.kind = kind;
  toast.hidden = false;
  clearTimeout(showToast.timer);
  showToast.timer = setTimeout(() => (toast.hidden = true), 6000);
}

function onKeyDown(event) {
  const target = event.target;
  if (event.key === "Escape") {
    // The editor closes even when Esc comes before the cursor has reached it.
    const editing =
      target.closest?.(".claim.editing") || current?.querySelector(".claim.editing");
    const cancel = editing?.querySelector("[data-cancel]");
    if (cancel) {
      htmxGet(cancel);
      event.preventDefault();
      return;
    }
    stopPicking();
    if (current && historyOpen(current)) historyOpen(current).replaceChildren();
    window.getSelection()?.removeAllRanges();
    clearPending();
    return;
  }
  const typing =
    target.closest("input, textarea, select, [contenteditable]") || (help && help.open);
  if (typing || event.altKey || event.ctrlKey || event.metaKey) return;
  const row = current || rows()[0];
  const key = event.key;
  if (picking) {
    const links = Array.from(picking.querySelectorAll(".claims [data-edit]"));
    const chosen = links[Number(key) - 1];
    const row = picking;
    stopPicking();
    if (/^[1-9]$/.test(key) && chosen && row === current) {
      htmxGet(chosen);
      event.preventDefault();
      return;
    }
  }
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
    editClaim(row);
  } else if (key === "h" && row) {
    toggleHistory(row);
  } else if (row) {
    const button = row.querySelector(`button[data-shortcut="${CSS.escape(key)}"]`);
    if (!button || button.disabled) return;
    if (row !== current) focusRow(row, { scroll: false });
    button.click();
  } else {
    return;
  }
  event.preventDefault();
}

document.addEventListener("keydown", onKeyDown);
document.addEventListener("selectionchange", onSelectionChange);
document.addEventListener("pointerdown", onPointerDown);
document.addEventListener("pointerup", onPointerUp);
document.addEventListener("pointercancel", () => (pointerDown = false));
document.addEventListener("touchend", () => setTimeout(narrowSelection, 0));
document.addEventListener("submit", onSubmit, true); // before htmx reads the form
document.addEventListener("click", onClick);

document.addEventListener("focusin", (event) => {
  const row = event.target.closest?.("[data-sentence]");
  if (row && row !== current) {
    if (pendingRow && pendingRow !== row) clearPending();
    stopPicking();
    current = row;
    document.querySelectorAll("[data-sentence].current").forEach((r) => r.classList.remove("current"));
    row.classList.add("current");
    fillBoundaryForm(row);
  }
});

// After htmx replaces a sentence, keep the reviewer's place on the new element; an opened claim
// editor gets the cursor.
document.body.addEventListener("htmx:afterSwap", (event) => {
  const swapped = event.detail.target;
  if (swapped?.id === "article-body" || !swapped?.isConnected) {
    const row = current && document.getElementById(current.id);
    if (row) focusRow(row, { scroll: false });
    return;
  }
  const row = swapped.closest?.("[data-sentence]") || document.getElementById(swapped.id);
  if (row && row.matches("[data-sentence]")) focusRow(row, { scroll: false });
});

// A claim editor that just appeared gets the cursor in its speaker field.
document.body.addEventListener("htmx:afterSettle", () => {
  const editor = document.querySelector(".claim.editing:not([data-focused])");
  if (!editor) return;
  editor.dataset.focused = "";
  editor.querySelector("input[type=text], textarea")?.focus();
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
trackHeaderHeight();
const start = new URLSearchParams(location.search).get("focus") ?? location.hash.replace("#s", "");
focusRow(
  (start !== "" && rows().find((r) => r.dataset.position === start)) || rows()[0],
  { scroll: start !== "" },
);
