// Submits a form as soon as one of its <select data-submit-on-change> changes (the language
// switcher); a script file rather than an onchange attribute, so the CSP can forbid inline code.
for (const field of document.querySelectorAll("[data-submit-on-change]")) {
  field.addEventListener("change", () => field.form.requestSubmit());
}
