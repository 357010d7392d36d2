// The outbox page: the user's records on this phone, newest first, with their state. A record
// refused keeps the server's reason and can be corrected and sent again (where its page offers
// that), copied, or — only when the user says so — deleted; nothing is dropped silently.
/* global GuanaiOutbox */
(() => {
  "use strict";
  const list = document.querySelector("[data-outbox-list]");
  if (!list || !window.GuanaiOutbox) return;
  const text = list.dataset;
  const badge = { waiting: "text-bg-warning", sent: "text-bg-success", refused: "text-bg-danger" };

  function button(label, className, action) {
    const element = document.createElement(action.href ? "a" : "button");
    element.className = `btn btn-sm ${className}`;
    element.textContent = label;
    if (action.href) element.href = action.href;
    else {
      element.type = "button";
      element.addEventListener("click", action.click);
    }
    return element;
  }

  async function copy(item, element) {
    try {
      await navigator.clipboard.writeText(item.text);
    } catch (error) {
      // No clipboard outside a secure context: show the text selected, to copy by hand.
      const area = document.createElement("textarea");
      area.className = "form-control mt-2";
      area.rows = 4;
      area.value = item.text;
      area.setAttribute("aria-label", text.textCopy);
      element.closest("li").append(area);
      area.select();
      return;
    }
    element.textContent = text.textCopied;
  }

  async function remove(item) {
    if (!window.confirm(text.textConfirmDelete)) return;
    await GuanaiOutbox.db.outbox.delete(item.key);
    document.dispatchEvent(new CustomEvent("guanai:outbox"));
  }

  function actions(item) {
    const row = document.createElement("div");
    row.className = "d-flex flex-wrap gap-2 mt-2";
    if (item.edit) row.append(button(text.textEdit, "btn-primary", { href: item.edit }));
    if (item.text) {
      const copyButton = button(text.textCopy, "btn-outline-secondary", { click: () => copy(item, copyButton) });
      row.append(copyButton);
    }
    row.append(button(text.textDelete, "btn-outline-danger", { click: () => remove(item) }));
    return row;
  }

  async function draw() {
    await GuanaiOutbox.ready;
    const items = await GuanaiOutbox.db.outbox.where({ user: GuanaiOutbox.userId() }).reverse().sortBy("created");
    list.replaceChildren();
    if (items.length === 0) {
      const empty = document.createElement("p");
      empty.className = "text-body-secondary";
      empty.textContent = text.textEmpty;
      list.append(empty);
      return;
    }
    const ul = document.createElement("ul");
    ul.className = "list-group";
    for (const item of items) {
      const li = document.createElement("li");
      li.className = "list-group-item";
      li.dataset.state = item.state;
      li.dataset.key = item.key;
      const state = document.createElement("span");
      state.className = `badge ${badge[item.state] || "text-bg-secondary"} me-2`;
      state.textContent = text[`text${item.state[0].toUpperCase()}${item.state.slice(1)}`] || item.state;
      const label = document.createElement("span");
      label.textContent = item.label;
      const when = document.createElement("div");
      when.className = "small text-body-secondary";
      when.textContent = new Date(item.updated).toLocaleString();
      li.append(state, label, when);
      if (item.message) {
        const message = document.createElement("div");
        message.className = `small ${item.state === "refused" ? "text-danger" : "text-body-secondary"}`;
        message.dataset.message = "";
        message.textContent = item.message;
        li.append(message);
      }
      if (item.state === "refused") li.append(actions(item));
      ul.append(li);
    }
    list.append(ul);
  }

  document.addEventListener("guanai:outbox", draw);
  draw();
})();
