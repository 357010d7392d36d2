// The outbox page: the user's records on this phone, newest first, with their state.
/* global GuanaiOutbox */
(() => {
  "use strict";
  const list = document.querySelector("[data-outbox-list]");
  if (!list || !window.GuanaiOutbox) return;
  const badge = { waiting: "text-bg-warning", sent: "text-bg-success", refused: "text-bg-danger" };

  async function draw() {
    const items = await GuanaiOutbox.db.outbox.where({ user: GuanaiOutbox.userId() }).reverse().sortBy("created");
    list.replaceChildren();
    if (items.length === 0) {
      const empty = document.createElement("p");
      empty.className = "text-body-secondary";
      empty.textContent = list.dataset.textEmpty;
      list.append(empty);
      return;
    }
    const ul = document.createElement("ul");
    ul.className = "list-group";
    for (const item of items) {
      const li = document.createElement("li");
      li.className = "list-group-item";
      li.dataset.state = item.state;
      const state = document.createElement("span");
      state.className = `badge ${badge[item.state] || "text-bg-secondary"} me-2`;
      state.textContent = list.dataset[`text${item.state[0].toUpperCase()}${item.state.slice(1)}`] || item.state;
      const label = document.createElement("span");
      label.textContent = item.label;
      const when = document.createElement("div");
      when.className = "small text-body-secondary";
      when.textContent = new Date(item.updated).toLocaleString();
      li.append(state, label, when);
      if (item.message) {
        const message = document.createElement("div");
        message.className = "small text-danger";
        message.textContent = item.message;
        li.append(message);
      }
      ul.append(li);
    }
    list.append(ul);
  }

  document.addEventListener("guanai:outbox", draw);
  draw();
})();
