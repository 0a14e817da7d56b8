// The editor's desk: autosave with a visible state, reordering by buttons and drag and drop,
// previews refreshed after each save, checks and send progress as polled partials.
// Everything also works without this file (plain form posts); it only makes it smoother.
(() => {
  "use strict";

  const POLL_MS = 1500;

  function poll(element) {
    const url = element.dataset.poll;
    if (!url) return;
    window.setTimeout(async () => {
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) return;
        const holder = document.createElement("div");
        holder.innerHTML = await response.text();
        const fresh = holder.firstElementChild;
        if (!fresh) return;
        element.replaceWith(fresh);
        poll(fresh);
      } catch (error) {
        poll(element);
      }
    }, POLL_MS);
  }

  document.querySelectorAll("[data-poll]").forEach(poll);

  const form = document.getElementById("composer");
  if (!form) return;
  const state = document.getElementById("save-state");
  const alertBox = document.getElementById("conflict");
  const list = document.getElementById("items");
  const autosave = form.hasAttribute("data-autosave");
  let timer = null;
  let saving = null;
  let dirty = false;
  let stopped = false;
  let submitting = false;

  const say = (text) => { if (state) state.textContent = text; };

  let version = document.getElementById("version") ? document.getElementById("version").value : "";
  let followed = "";  // the fragment of the item being edited, for the web preview

  function refreshPreviews(fresh) {
    version = fresh;
    document.querySelectorAll("iframe[data-src]").forEach((frame) => {
      const anchor = frame.classList.contains("frame-web") && followed ? `#${followed}` : "";
      frame.src = `${frame.dataset.src}?v=${version}${anchor}`;
    });
  }

  // The web preview follows the item being edited (a fragment change: no reload).
  if (list) {
    list.addEventListener("focusin", (event) => {
      const item = event.target.closest("li.item");
      if (!item) return;
      const n = [...list.querySelectorAll(":scope > li.item")].indexOf(item) + 1;
      if (`item-${n}` === followed) return;
      followed = `item-${n}`;
      const frame = document.querySelector("iframe.frame-web[data-src]");
      if (frame) frame.src = `${frame.dataset.src}?v=${version}#${followed}`;
    });
  }

  function save() {
    if (!autosave || stopped || !dirty) return Promise.resolve(true);
    if (saving) return saving.then(() => save());
    window.clearTimeout(timer);
    dirty = false;
    say(state.dataset.saving);
    const body = new FormData(form);
    saving = fetch(form.action, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-Desk-Autosave": "1" },
    })
      .then(async (response) => {
        const answer = await response.json().catch(() => ({}));
        if (response.ok) {
          document.getElementById("version").value = answer.version;
          alertBox.hidden = true;
          if (!dirty) say(answer.state);
          refreshPreviews(answer.version);
          return true;
        }
        alertBox.textContent = answer.error || state.dataset.failed;
        alertBox.hidden = false;
        if (response.status === 409) {
          stopped = true;  // never overwrite the other editor: the page must be reloaded
          say("");
        } else {
          say(state.dataset.dirty);
        }
        return false;
      })
      .catch(() => {
        dirty = true;
        say(state.dataset.failed);
        timer = window.setTimeout(save, 5000);
        return false;
      })
      .finally(() => { saving = null; });
    return saving;
  }

  function changed(delay = 1200) {
    if (!autosave || stopped) return;
    dirty = true;
    say(state.dataset.dirty);
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  form.addEventListener("input", () => changed());

  // A button of the form (add, remove, save) posts the whole form: wait for a save in flight
  // so the form carries the version that save produced.
  form.addEventListener("submit", (event) => {
    window.clearTimeout(timer);
    if (saving) {
      event.preventDefault();
      const submitter = event.submitter;
      saving.then(() => form.requestSubmit(submitter));
      return;
    }
    stopped = true;
    submitting = true;
  });

  window.addEventListener("beforeunload", (event) => {
    if ((dirty || saving) && !submitting && !stopped) event.preventDefault();
  });

  // Forms elsewhere on the page (test, schedule, checks) act on the saved edition: save first.
  document.querySelectorAll("form[data-flush]").forEach((other) => {
    other.addEventListener("submit", (event) => {
      if (!dirty && !saving) return;
      event.preventDefault();
      save().then((ok) => { if (ok) { submitting = true; other.submit(); } });
    });
  });

  // --- reordering ------------------------------------------------------------------------

  function label(template, n) { return (template || "").replace("{n}", n); }

  function renumber() {
    if (!list) return;
    const items = [...list.querySelectorAll(":scope > li.item")];
    items.forEach((item, index) => {
      const n = index + 1;
      item.id = `item-${n}`;
      const number = item.querySelector(".item-number");
      if (number) number.textContent = n;
      const up = item.querySelector("button[data-move='up']");
      const down = item.querySelector("button[data-move='down']");
      const remove = item.querySelector("button[value^='remove:']");
      if (up) { up.disabled = index === 0; up.setAttribute("aria-label", label(list.dataset.labelUp, n)); }
      if (down) { down.disabled = index === items.length - 1; down.setAttribute("aria-label", label(list.dataset.labelDown, n)); }
      if (remove) remove.setAttribute("aria-label", label(list.dataset.labelRemove, n));
    });
  }

  function moved(item) {
    renumber();
    const n = [...list.children].indexOf(item) + 1;
    say(label(state.dataset.moved, n));
    changed(300);
  }

  if (list) {
    list.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-move]");
      if (!button) return;
      event.preventDefault();
      const item = button.closest("li.item");
      if (button.dataset.move === "up" && item.previousElementSibling) {
        list.insertBefore(item, item.previousElementSibling);
      } else if (button.dataset.move === "down" && item.nextElementSibling) {
        list.insertBefore(item.nextElementSibling, item);
      } else {
        return;
      }
      moved(item);
      // Keep the focus on the button pressed, or its twin when it can no longer move.
      const twin = item.querySelector(`button[data-move='${button.dataset.move === "up" ? "down" : "up"}']`);
      (button.disabled ? twin : button).focus();
    });

    let dragged = null;
    list.addEventListener("dragstart", (event) => {
      const handle = event.target.closest ? event.target.closest(".handle") : null;
      if (!handle) return;
      dragged = handle.closest("li.item");
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.uid);
      event.dataTransfer.setDragImage(dragged, 20, 20);
    });
    list.addEventListener("dragover", (event) => {
      if (!dragged) return;
      event.preventDefault();
      const over = event.target.closest("li.item");
      if (!over || over === dragged) return;
      const box = over.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextElementSibling : over);
    });
    list.addEventListener("drop", (event) => { if (dragged) event.preventDefault(); });
    list.addEventListener("dragend", () => {
      if (!dragged) return;
      dragged.classList.remove("dragging");
      const item = dragged;
      dragged = null;
      moved(item);
    });
  }

  // --- adding an item: its block comes from the server, in its place, without a reload ----

  const adder = document.querySelector(".add-items[data-new-item]");
  if (adder && list && autosave) {
    adder.addEventListener("click", async (event) => {
      const button = event.target.closest("button[name='op']");
      if (!button) return;
      event.preventDefault();
      const kinds = [...list.querySelectorAll(":scope > li.item")].map((li) => li.dataset.kind);
      const uid = `n${Date.now().toString(36)}`;
      const query = new URLSearchParams({ op: button.value, uid, kinds: kinds.join(",") });
      const response = await fetch(`${adder.dataset.newItem}?${query}`, { credentials: "same-origin" });
      if (!response.ok) { form.requestSubmit(button); return; }
      const holder = document.createElement("ol");
      holder.innerHTML = await response.text();
      const item = holder.querySelector("li.item");
      const at = Number(response.headers.get("X-Desk-Insert-At") || kinds.length);
      const empty = list.querySelector(":scope > li.empty");
      if (empty) empty.remove();
      const items = [...list.querySelectorAll(":scope > li.item")];
      list.insertBefore(item, items[at] || null);
      renumber();
      changed(300);
      const first = item.querySelector("input[type=text], textarea");
      if (first) first.focus();
    });
  }

  // --- previews: one at a time on narrow screens, chosen with the buttons -----------------

  const tabs = document.querySelector(".preview .tabs");
  if (tabs) {
    tabs.hidden = false;
    const show = (name) => {
      tabs.querySelectorAll("button[data-show]").forEach((button) => {
        button.setAttribute("aria-pressed", String(button.dataset.show === name));
      });
      document.querySelectorAll(".preview [data-panel]").forEach((panel) => {
        panel.hidden = panel.dataset.panel !== name;
      });
    };
    tabs.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-show]");
      if (button) show(button.dataset.show);
    });
    show("web");
  }

  // --- checks: run on the saved edition, shown in place, polled while links are checked ---

  const checksForm = document.getElementById("run-checks");
  const checksBox = document.getElementById("checks");
  if (checksForm && checksBox) {
    checksForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      await save();
      const url = `${checksForm.action}?partiel=1&relancer=1`;
      const response = await fetch(url, { credentials: "same-origin" });
      checksBox.innerHTML = await response.text();
      checksBox.querySelectorAll("[data-poll]").forEach(poll);
    });
  }
})();
