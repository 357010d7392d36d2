// The outbox (待发送): records made on this phone, kept in the browser's database until the
// server has them. One queue for every kind of record (survey answers now, care records
// later): each entry is a POST to the API with a body that carries the record's own key,
// made on the phone, so that a record sent twice is stored once.
//
// Entries are kept by that key: saving the same record again replaces the waiting body.
// They are sent in the order they were first made, when the page opens, when the
// connection returns, every 30 seconds, and on demand; only the logged-in user's entries.
// A 2xx answer marks an entry sent; a refusal (4xx) marks it refused with the server's
// message; no connection, a lost login or a server error leaves it waiting.
/* global Dexie */
(() => {
  "use strict";
  const db = new Dexie("guanai");
  db.version(1).stores({
    outbox: "key, user, state, created",
    drafts: "id, user",
  });

  const userId = () => Number(document.body.dataset.user || 0);

  function cookie(name) {
    const found = document.cookie.split("; ").find((part) => part.startsWith(`${name}=`));
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // Plain http on a county's intranet is not a secure context: build a version 4 UUID.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function changed() {
    document.dispatchEvent(new CustomEvent("guanai:outbox"));
    badges();
  }

  async function put(entry) {
    const now = new Date().toISOString();
    await db.transaction("rw", db.outbox, async () => {
      const old = await db.outbox.get(entry.key);
      await db.outbox.put({
        ...entry,
        user: userId(),
        state: "waiting",
        message: "",
        created: old ? old.created : now,
        updated: now,
      });
    });
    changed();
  }

  async function messageOf(response) {
    try {
      const data = await response.json();
      return data.detail || response.statusText;
    } catch (error) {
      return response.statusText;
    }
  }

  async function sendOne(item) {
    let response;
    try {
      response = await fetch(item.url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": cookie("csrftoken"),
        },
        body: JSON.stringify(item.body),
      });
    } catch (error) {
      return false; // no connection: try again later
    }
    if (response.ok) {
      await db.transaction("rw", db.outbox, async () => {
        const now = await db.outbox.get(item.key);
        // Saved again while it was on its way: the newer body still waits.
        if (now && now.updated === item.updated) {
          await db.outbox.update(item.key, { state: "sent", sent: new Date().toISOString() });
        }
      });
      return true;
    }
    const message = await messageOf(response);
    if (response.status === 401 || response.status === 429 || response.status >= 500) return false;
    if (response.status === 403 && /csrf/i.test(message)) return false;
    await db.outbox.update(item.key, { state: "refused", message });
    return true;
  }

  let sending = null;
  function flush() {
    // The browser knows it has no connection: nothing to try (and no failed request to log).
    if (!userId() || navigator.onLine === false) return Promise.resolve();
    if (sending) return sending;
    sending = (async () => {
      const waiting = await db.outbox.where({ user: userId(), state: "waiting" }).sortBy("created");
      for (const item of waiting) {
        if (!(await sendOne(item))) break;
      }
    })().finally(() => {
      sending = null;
      changed();
    });
    return sending;
  }

  async function waitingCount() {
    if (!userId()) return 0;
    return db.outbox.where({ user: userId(), state: "waiting" }).count();
  }

  async function badges() {
    const count = await waitingCount();
    document.querySelectorAll("[data-outbox-badge]").forEach((badge) => {
      badge.textContent = String(count);
      badge.closest("[data-outbox-nav]")?.classList.toggle("d-none", count === 0);
    });
  }

  window.GuanaiOutbox = { db, put, flush, newKey, waitingCount, userId };

  document.addEventListener("DOMContentLoaded", () => {
    if (!userId()) return;
    // The service worker is installed by a page meant for use offline (it says so with
    // data-offline-page); from then on it keeps such pages for this browser.
    if ("serviceWorker" in navigator && document.body.dataset.serviceWorker
        && document.querySelector("[data-offline-page]")) {
      navigator.serviceWorker.register(document.body.dataset.serviceWorker, { scope: "/" }).catch(() => {});
    }
    document.querySelectorAll("[data-outbox-send]").forEach((button) => {
      button.addEventListener("click", () => flush());
    });
    window.addEventListener("online", () => flush());
    setInterval(() => flush(), 30000);
    flush();
  });
})();
