// The composer's heading picker (desk/_heading_picker.html): a click on an offered pun puts
// it in the item's heading field, which the autosave then sees as any typed change; the
// offers also become the field's suggestions (datalist). Loaded once per item: runs once.
(function () {
  "use strict";
  if (window.numeriqHeadingPicker) return;
  window.numeriqHeadingPicker = true;

  function wire() {
    document.querySelectorAll("[data-heading-picker]").forEach((picker) => {
      const field = document.getElementById(picker.dataset.headingPicker);
      const list = picker.querySelector("datalist");
      if (field && list) field.setAttribute("list", list.id);
    });
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-pun]");
    if (!button) return;
    const picker = button.closest("[data-heading-picker]");
    const field = picker && document.getElementById(picker.dataset.headingPicker);
    if (!field || field.disabled) return;
    field.value = button.dataset.pun;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    picker.querySelectorAll("button[data-pun]").forEach((b) => {
      b.setAttribute("aria-pressed", b === button ? "true" : "false");
    });
    field.focus();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
