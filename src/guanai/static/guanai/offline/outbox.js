// The phone's own store: the outbox (待发送) and, for the field page, the helper's persons.
//
// The outbox keeps records made on this phone in the browser's database until the server
// has them. One queue for every kind of record (survey answers, care records): each entry is
// a POST to the API with a body that carries the record's own key, made on the phone, so that
// a record sent twice is stored once. A body is JSON, or a form with files (photos).
//
// Entries are kept by that key: saving the same record again replaces the waiting body.
// They are sent in the order they were first made, when the page opens, when the
// connection returns, every 30 seconds, and on demand; only the logged-in user's entries.
// A 2xx answer marks an entry sent; a refusal (4xx) marks it refused with the server's
// message; no connection, a lost login or a server error leaves it waiting.
//
// What is kept belongs to one user: another user logging in on this phone, or logging out,
// clears all of it (logging out asks first when records still wait); the persons are also
// cleared after the settable number of days without a sync.
/* global Dexie */
(() => {
  "use strict";
  const db = new Dexie("guanai");
  db.version(1).stores({
    outbox: "key, user, state, created",
    drafts: "id, user",
  });
  db.version(2).stores({
    outbox: "key, user, state, created",
    drafts: "id, user",
    persons: "id",
    meta: "key",
  });
  db.version(3).stores({
    outbox: "key, user, state, created, [user+state]",
    drafts: "id, user",
    persons: "id",
    meta: "key",
  });

  const body = () => document.body.dataset;
  const userId = () => Number(body().user || 0);
  const DAY = 24 * 3600 * 1000;
  const ACTIVE_KEY = "guanai-active";

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

  async function meta(key, value) {
    if (value === undefined) return (await db.meta.get(key))?.value;
    await db.meta.put({ key, value });
    return value;
  }

  // Everything this site kept on the phone: the database and the kept pages.
  async function clearAll() {
    await Promise.all([db.outbox.clear(), db.drafts.clear(), db.persons.clear(), db.meta.clear()]);
    if (window.caches) {
      for (const name of await caches.keys()) await caches.delete(name);
    }
    localStorage.removeItem(ACTIVE_KEY);
  }

  // The data kept belongs to the user it was kept for; the persons expire unsynced.
  async function claim() {
    const owner = await meta("owner");
    if (owner !== undefined && owner !== userId()) await clearAll();
    await meta("owner", userId());
    const synced = await meta("synced");
    const days = Number(body().offlineKeepDays || 7);
    if (synced && Date.now() - Date.parse(synced) > days * DAY) {
      await db.persons.clear();
      await db.meta.delete("synced");
    }
  }
  // The script is deferred: the body and its data are there.
  const ready = userId() ? claim() : Promise.resolve();

  function changed() {
    document.dispatchEvent(new CustomEvent("guanai:outbox"));
    badges();
  }

  async function put(entry) {
    await ready;
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

  function requestBody(item) {
    if (!item.fields) return JSON.stringify(item.body);
    const form = new FormData();
    for (const [name, value] of Object.entries(item.fields)) {
      if (value !== null && value !== undefined && value !== "") form.append(name, String(value));
    }
    for (const file of item.files || []) form.append("photos", file.blob, file.name);
    return form;
  }

  async function sendOne(item) {
    const headers = { Accept: "application/json", "X-CSRFToken": cookie("csrftoken") };
    if (!item.fields) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(item.url, {
        method: "POST",
        credentials: "same-origin",
        headers,
        body: requestBody(item),
      });
    } catch (error) {
      return false; // no connection: try again later
    }
    if (response.ok) {
      // A record that had arrived before says so (its "detail"); a new one needs no words.
      let message = "";
      try { message = response.status === 200 ? (await response.json()).detail || "" : ""; } catch (error) { /* no body */ }
      await db.transaction("rw", db.outbox, async () => {
        const now = await db.outbox.get(item.key);
        // Saved again while it was on its way: the newer body still waits.
        if (now && now.updated === item.updated) {
          await db.outbox.update(item.key, {
            state: "sent", sent: new Date().toISOString(), message,
          });
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
      await ready;
      const waiting = await db.outbox.where({ user: userId(), state: "waiting" }).sortBy("created");
      for (const item of waiting) {
        if (!(await sendOne(item))) break;
      }
      // Sent records are kept a week to be seen, then forgotten.
      const old = new Date(Date.now() - 7 * DAY).toISOString();
      await db.outbox.where({ state: "sent" }).filter((i) => (i.sent || "") < old).delete();
    })().finally(() => {
      sending = null;
      changed();
    });
    return sending;
  }

  async function waitingCount() {
    if (!userId()) return 0;
    await ready;
    return db.outbox.where({ user: userId(), state: "waiting" }).count();
  }

  async function badges() {
    const count = await waitingCount();
    document.querySelectorAll("[data-outbox-badge]").forEach((badge) => {
      badge.textContent = String(count);
      badge.closest("[data-outbox-nav]")?.classList.toggle("d-none", count === 0);
    });
  }

  // The idle time (DESIGN §5) holds on the phone too: past it, a page that shows what is
  // kept here asks for the login again, also with no connection.
  function touch() {
    localStorage.setItem(ACTIVE_KEY, String(Date.now()));
  }
  function idleExpired() {
    const last = Number(localStorage.getItem(ACTIVE_KEY) || 0);
    const minutes = Number(body().idleMinutes || 30);
    return last > 0 && Date.now() - last > minutes * 60 * 1000;
  }

  // Logging out clears the phone; records still waiting are sent first, or the user agrees.
  async function logout(event) {
    const form = event.target;
    event.preventDefault();
    await flush();
    const count = await waitingCount();
    if (count > 0 && !window.confirm(body().textLogoutWaiting.replace("%(count)s", count))) return;
    await clearAll();
    form.submit();
  }

  // The pages kept for use offline are fetched with the files they need, so that they open
  // with no connection even if never visited; [data-offline-ready] says when that is done.
  async function keepForOffline(registration) {
    const worker = registration.active || registration.waiting || registration.installing;
    if (!worker || !window.MessageChannel) return;
    const own = performance.getEntriesByType("resource")
      .map((entry) => entry.name)
      .filter((url) => url.startsWith(`${location.origin}${body().staticUrl || "/static/"}`));
    const pages = JSON.parse(body().offlinePaths || "[]");
    const channel = new MessageChannel();
    const done = new Promise((resolve) => { channel.port1.onmessage = resolve; });
    worker.postMessage({ type: "CACHE_URLS", payload: { urlsToCache: [...pages, ...own] } }, [channel.port2]);
    await done;
    for (let i = 0; i < 50; i += 1) {
      const kept = await Promise.all(pages.map((page) => caches.match(page, { ignoreVary: true })));
      if (kept.every(Boolean)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    document.querySelectorAll("[data-offline-ready]").forEach((element) => { element.hidden = false; });
  }

  // Whether the phone sat idle past the limit before this page opened (read before the
  // page's own activity counts).
  const idleAtLoad = idleExpired();

  window.GuanaiOutbox = {
    db, put, flush, newKey, waitingCount, userId, meta, ready, touch, idleExpired, idleAtLoad, clearAll,
  };

  document.addEventListener("DOMContentLoaded", () => {
    if (!userId()) return;
    touch();
    ["click", "keydown", "touchstart"].forEach((name) => document.addEventListener(name, touch, { passive: true }));
    // The service worker is installed by a page meant for use offline (it says so with
    // data-offline-page); from then on it keeps such pages for this browser.
    if ("serviceWorker" in navigator && body().serviceWorker && document.querySelector("[data-offline-page]")) {
      navigator.serviceWorker.register(body().serviceWorker, { scope: "/" })
        .then(() => navigator.serviceWorker.ready)
        .then((registration) => (navigator.onLine === false ? null : keepForOffline(registration)))
        .catch(() => {});
    }
    document.querySelectorAll("form[data-logout]").forEach((form) => form.addEventListener("submit", logout));
    document.querySelectorAll("[data-outbox-send]").forEach((button) => {
      button.addEventListener("click", () => flush());
    });
    window.addEventListener("online", () => flush());
    setInterval(() => flush(), 30000);
    badges();
    flush();
  });
})();
