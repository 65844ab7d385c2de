// Long articles arrive in chunks of sentences. htmx loads the next chunk when its sentinel
// scrolls into view (hx-trigger="revealed"); this module lets the keyboard reach past the
// sentences loaded so far: j / ArrowDown on the last loaded sentence, or n with no open sentence
// loaded after the focused one, first loads the next chunk, then repeats the key so the
// workspace's own handler (workspace.js) moves the focus as usual.

const KEYS = new Set(["j", "ArrowDown", "n"]);

function needsMore(key) {
  const rows = Array.from(document.querySelectorAll("[data-sentence]"));
  const current = document.activeElement?.closest?.("[data-sentence]");
  const index = rows.indexOf(current);
  if (key === "n") return !rows.slice(index + 1).some((row) => row.dataset.state === "open");
  return index === rows.length - 1;
}

document.addEventListener(
  "keydown",
  (event) => {
    if (!KEYS.has(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest?.("input, textarea, select, [contenteditable]")) return;
    const sentinel = document.querySelector("[data-chunk-sentinel]");
    if (!sentinel || !needsMore(event.key)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const { key } = event;
    const focused = document.activeElement;
    document.body.addEventListener(
      "htmx:afterSettle",
      () => {
        focused?.focus?.({ preventScroll: true });
        (focused || document).dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
      },
      { once: true },
    );
    // Scrolling may already have started loading it; then the key just waits for it.
    if (!sentinel.classList.contains("htmx-request")) window.htmx.trigger(sentinel, "load-chunk");
  },
  { capture: true },
);
