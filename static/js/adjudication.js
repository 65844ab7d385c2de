// Adjudication workspace keyboard and selection behaviour: moving between sentences (j/k,
// arrows), taking reviewer N's claims (1-9), accepting the proposal (a), gold "no claim" (0),
// confirming stale gold (c), editing a claim of one's own or a gold claim (e; choosing the gold
// claim it replaces fills its label, characters and speaker; selecting words in a reviewer's
// copy of the sentence fills the characters), the rationale (r), hiding names (h), help (?).
// Every key presses an ordinary submit button of the sentence's form, so htmx sends it and the
// server answers with the updated sentence; after a decision the next open sentence gets the
// focus. Without this script the same forms work by mouse.

const root = document.getElementById("adjudication");
const help = document.getElementById("help");
const toast = document.getElementById("toast");
let current = null;

function sentences() {
  return Array.from(document.querySelectorAll("[data-adj-sentence]"));
}

function focusSentence(element) {
  if (!element) return;
  current = element;
  for (const other of sentences()) other.classList.toggle("is-current", other === element);
  element.focus({ preventScroll: true });
  element.scrollIntoView({ block: "nearest" });
}

// A long article arrives in chunks; the sentinel after the last loaded sentence fetches the next
// one (when scrolled into view, or here when the keyboard gets there first). Resolves once the
// new sentences are in the page; at once when everything is loaded.
function loadMore() {
  const sentinel = document.querySelector("[data-chunk-sentinel]");
  if (!sentinel) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (event) => {
      if (event.detail.elt !== sentinel && event.detail.target !== sentinel) return;
      document.body.removeEventListener("htmx:afterSettle", done);
      document.body.removeEventListener("htmx:responseError", done);
      resolve(event.type === "htmx:afterSettle");
    };
    document.body.addEventListener("htmx:afterSettle", done);
    document.body.addEventListener("htmx:responseError", done);
    // Scrolling may already have started loading it; then this just waits for it.
    if (!sentinel.classList.contains("htmx-request")) window.htmx.trigger(sentinel, "load-chunk");
  });
}

async function move(step) {
  let all = sentences();
  const index = current ? all.indexOf(current) : -1;
  if (step > 0 && index === all.length - 1 && (await loadMore())) all = sentences();
  const next = all[Math.min(Math.max(index + step, 0), all.length - 1)];
  focusSentence(next);
}

async function nextOpenAfter(element) {
  let all = sentences();
  let start = Math.max(all.indexOf(element), 0);
  const open = (s) => s.dataset.open === "1";
  // Later sentences first, loading further chunks until one is open, then back to the top.
  while (!all.slice(start + 1).some(open) && (await loadMore())) {
    all = sentences();
    start = all.indexOf(element);
  }
  const later = all.slice(start + 1).concat(all.slice(0, start));
  return later.find(open) || element;
}

function press(selector) {
  const button = current && current.querySelector(selector);
  if (button) button.click();
  return Boolean(button);
}

function showToast(message) {
  if (!toast) return;
  toast.textContent = message;
  toast.hidden = false;
  window.setTimeout(() => {
    toast.hidden = true;
  }, 5000);
}

// Code-point offset of a DOM position inside a reviewer's copy of the sentence. Each segment
// carries its start in code points; the browser counts UTF-16 units inside the text node.
function codePointOffset(node, offset) {
  const segment = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest(
    "[data-start]",
  );
  if (!segment) return null;
  const text = node.nodeType === Node.TEXT_NODE ? node.textContent.slice(0, offset) : "";
  return Number(segment.dataset.start) + Array.from(text).length;
}

function selectionSpans(sentence) {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed) return null;
  const ranges = [];
  for (let i = 0; i < selection.rangeCount; i += 1) {
    const range = selection.getRangeAt(i);
    const box = range.commonAncestorContainer;
    const text = (box.nodeType === Node.TEXT_NODE ? box.parentElement : box).closest(
      "[data-sentence-text]",
    );
    if (!text || !sentence.contains(text)) continue;
    const start = codePointOffset(range.startContainer, range.startOffset);
    const end = codePointOffset(range.endContainer, range.endOffset);
    if (start !== null && end !== null && end > start) ranges.push([start, end]);
  }
  return ranges.length ? ranges : null;
}

// The editor's first field: which gold claim to replace, when the gold has claims; else the label.
function editor(sentence) {
  return sentence.querySelector("[data-edit-replace]") || sentence.querySelector("[data-edit-label]");
}

function typing(target) {
  return target.closest("input, textarea, select, [contenteditable]");
}

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.altKey || event.metaKey || event.ctrlKey) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && typing(event.target)) {
      const sentence = event.target.closest("[data-adj-sentence]");
      const submit = sentence && sentence.querySelector("[data-edit-submit]");
      if (submit) {
        event.preventDefault();
        current = sentence;
        submit.click();
      }
    }
    return;
  }
  if (typing(event.target)) {
    if (event.key === "Escape") {
      const sentence = event.target.closest("[data-adj-sentence]");
      event.target.blur();
      focusSentence(sentence || current);
    }
    return;
  }
  if (help && help.open) return;
  const key = event.key;
  let handled = true;
  if (key === "j" || key === "ArrowDown") move(1);
  else if (key === "k" || key === "ArrowUp") move(-1);
  else if (key === "?") help && help.showModal();
  else if (key === "h") document.getElementById("toggle-names")?.click();
  else if (!current) handled = false;
  else if (/^[0-9]$/.test(key)) handled = press(`[data-key="${key}"]`);
  else if (key === "a") handled = press('[data-key="a"]');
  else if (key === "c") handled = press('[data-key="c"]');
  else if (key === "e") editor(current)?.focus();
  else if (key === "r") current.querySelector("[data-rationale]")?.focus();
  else handled = false;
  if (handled) event.preventDefault();
});

// A click or a text selection inside a sentence makes it current; a selection fills the
// characters of the curator's own claim.
root?.addEventListener("mouseup", (event) => {
  const sentence = event.target.closest("[data-adj-sentence]");
  if (!sentence) return;
  if (!typing(event.target)) current = sentence;
  const spans = selectionSpans(sentence);
  if (spans) {
    const input = sentence.querySelector("[data-edit-spans]");
    input.value = spans.map(([start, end]) => `${start}-${end}`).join(", ");
    sentence.querySelector("[data-edit-label]")?.focus();
  }
});

// Choosing the gold claim to replace fills the fields with it, to be changed from there;
// choosing "a new claim" empties them.
function fillFromGoldClaim(select) {
  const fieldset = select.closest("fieldset");
  const chosen = select.selectedOptions[0];
  const data = chosen && chosen.value ? chosen.dataset : { label: "", spans: "", speaker: "" };
  fieldset.querySelector("[data-edit-label]").value = data.label;
  fieldset.querySelector("[data-edit-spans]").value = data.spans;
  fieldset.querySelector("[name=attributed_to]").value = data.speaker;
}

root?.addEventListener("change", (event) => {
  if (event.target.matches("[data-edit-replace]")) fillFromGoldClaim(event.target);
});

// "edit" beside a gold claim: the same as choosing it in the editor, then on to its label.
root?.addEventListener("click", (event) => {
  const button = event.target.closest("[data-edit-gold]");
  if (!button) return;
  const sentence = button.closest("[data-adj-sentence]");
  const select = sentence.querySelector("[data-edit-replace]");
  select.value = button.dataset.editGold;
  fillFromGoldClaim(select);
  current = sentence;
  sentence.querySelector("[data-edit-label]").focus();
});

root?.addEventListener("focusin", (event) => {
  const sentence = event.target.closest("[data-adj-sentence]");
  if (sentence) current = sentence;
});

document.querySelectorAll("[data-open-help]").forEach((button) =>
  button.addEventListener("click", () => help.showModal()),
);

// htmx replaced a sentence: keep the focus on it, or move on after a decision.
let decided = false;
document.body.addEventListener("gold-decided", () => {
  decided = true;
});
document.body.addEventListener("htmx:afterSwap", async (event) => {
  // A chunk arriving (its sentinel scrolled into view) adds sentences; the focus stays put.
  if (event.detail.target.matches?.("[data-chunk-sentinel]")) return;
  const swapped = document.getElementById(event.detail.target.id) || event.detail.elt;
  const sentence = swapped && swapped.closest && swapped.closest("[data-adj-sentence]");
  if (!sentence) return;
  const moveOn = decided;
  decided = false;
  focusSentence(moveOn ? await nextOpenAfter(sentence) : sentence);
});
document.body.addEventListener("htmx:responseError", () => {
  showToast(root.dataset.msgServerError);
});
document.body.addEventListener("htmx:sendError", () => {
  showToast(root.dataset.msgOffline);
});

const first = sentences().find((s) => s.dataset.open === "1") || sentences()[0];
const fromHash = window.location.hash && document.querySelector(window.location.hash);
focusSentence(fromHash && fromHash.matches("[data-adj-sentence]") ? fromHash : first);
