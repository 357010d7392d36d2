// The field page (外出走访): the helper's persons and work list kept on the phone, and quick
// entry of a talk or visit that goes to the outbox — all of it with or without a connection.
//
// The page itself holds no person's data. The cards come from the API's sync, which sends
// only the cards that changed since the phone's copy (their hashes) and the ids that left
// the list; they are kept in the browser's database (GuanaiOutbox.db.persons). Views are
// chosen by the address's fragment: the list, #p/<id> a person's card, #new/<id> the form,
// #edit/<key> a record of the outbox corrected and sent again.
/* global GuanaiOutbox */
(() => {
  "use strict";
  const root = document.querySelector("[data-field]");
  const stateElement = document.getElementById("field-state");
  if (!root || !stateElement || !window.GuanaiOutbox) return;
  const state = JSON.parse(stateElement.textContent);
  const text = state.text;
  const { db } = GuanaiOutbox;
  const $ = (selector) => root.querySelector(selector);
  const views = Object.fromEntries(Array.from(root.querySelectorAll("[data-view]"), (v) => [v.dataset.view, v]));
  const form = $("[data-field-form]");
  const fill = (template, values) => template.replace(/%\((\w+)\)s/g, (_, name) => values[name]);
  const AREAS = ["study", "life", "mood", "friends", "health"];
  const PNG = [0x89, 0x50, 0x4e, 0x47];
  const JPEG = [0xff, 0xd8, 0xff];
  let photos = [];
  let editing = null; // the outbox entry being corrected
  let justSaved = false;
  let locked = false;

  const present = (nodes) => nodes.filter((node) => node !== null && node !== undefined);

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    node.append(...present(children));
    return node;
  }

  function localDay(date = new Date()) {
    const pad = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }

  const badgeOf = { overdue: "text-bg-danger", due: "text-bg-warning", done: "text-bg-success" };
  const riskBadge = { high: "text-bg-danger", medium: "text-bg-warning", low: "text-bg-secondary" };

  // --- Sync ------------------------------------------------------------------------------

  async function showStatus() {
    if (locked) return;
    const synced = await GuanaiOutbox.meta("synced");
    $("[data-field-status]").textContent = synced
      ? fill(text.synced, { when: new Date(synced).toLocaleString() }) : text.never;
    const offline = $("[data-field-offline]");
    offline.hidden = navigator.onLine !== false;
    offline.textContent = text.offline;
  }

  async function sync() {
    if (locked) return null;
    if (navigator.onLine === false) return showStatus();
    $("[data-field-status]").textContent = text.syncing;
    const have = Object.fromEntries((await db.persons.toArray()).map((p) => [p.id, p.hash]));
    let response;
    try {
      response = await fetch(state.sync, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": (document.cookie.match(/(?:^|; )csrftoken=([^;]*)/) || [])[1] || "",
        },
        body: JSON.stringify({ have }),
      });
    } catch (error) {
      return showStatus();
    }
    if (response.status === 401) {
      window.location.assign(`${state.login}?next=${encodeURIComponent(location.pathname)}`);
      return null;
    }
    if (!response.ok) {
      let reason = response.statusText;
      try { reason = (await response.json()).detail || reason; } catch (error) { /* not JSON */ }
      $("[data-field-status]").textContent = fill(text.syncFailed, { reason });
      return null;
    }
    const data = await response.json();
    await db.transaction("rw", db.persons, db.meta, async () => {
      await db.persons.bulkDelete(data.removed);
      await db.persons.bulkPut(data.persons);
      await db.meta.put({ key: "synced", value: data.synced_at });
      await db.meta.put({ key: "quotas", value: data.quotas });
    });
    await showStatus();
    // What is on the screen is drawn anew, except a form being filled in.
    return views.form.hidden ? route() : null;
  }

  // --- The list and the card -------------------------------------------------------------

  async function pending() {
    const items = await db.outbox.where({ user: GuanaiOutbox.userId() }).toArray();
    return items.filter((i) => i.person && i.state !== "sent");
  }

  function workLine(item) {
    const when = item.deadline ? ` · ${fill(text.by, { day: item.deadline })}` : "";
    return el("li", { class: "mb-1" },
      el("span", { class: `badge text-nowrap me-1 ${badgeOf[item.status] || "text-bg-secondary"}`, text: item.status_label }),
      el("span", { text: `${item.name}${when}` }));
  }

  async function drawList() {
    const quotas = (await GuanaiOutbox.meta("quotas")) || [];
    $("[data-field-quotas]").replaceChildren(...quotas.map((q) => el("div", { class: "small mb-1" },
      el("span", { class: "fw-semibold", text: `${q.name}：` }),
      `${q.period_label} ${q.done}/${q.at_least} `,
      el("span", { class: `badge ${badgeOf[q.status] || "text-bg-secondary"}`, text: q.status_label }))));
    const persons = await db.persons.toArray();
    const waiting = await pending();
    const list = $("[data-field-list]");
    if (persons.length === 0) {
      list.replaceChildren(el("p", { class: "text-body-secondary", text: text.empty }));
      return;
    }
    const order = { overdue: 0, due: 1, done: 2 };
    const urgency = (p) => Math.min(3, ...p.work.map((w) => order[w.status] ?? 3));
    persons.sort((a, b) => urgency(a) - urgency(b) || a.name.localeCompare(b.name, "zh"));
    const ul = el("ul", { class: "list-group" });
    for (const person of persons) {
      const todo = person.work.filter((w) => w.status !== "done");
      const mine = waiting.filter((i) => i.person === person.id).length;
      ul.append(el("li", { class: "list-group-item", "data-person": String(person.id) },
        el("a", { class: "fw-semibold stretched-link text-decoration-none", href: `#p/${person.id}`, text: person.name }),
        person.risk_level ? el("span", { class: `badge ms-2 ${riskBadge[person.risk_level]}`, text: person.risk_label }) : null,
        mine ? el("span", { class: "badge ms-2 text-bg-warning", text: `${text.waiting} ${mine}` }) : null,
        el("div", { class: "small text-body-secondary", text: person.place }),
        todo.length ? el("div", { class: "small" }, ...todo.slice(0, 2).map((w) => el("span", {
          class: `badge me-1 ${badgeOf[w.status]}`, text: `${w.name} ${w.status_label}`,
        }))) : null));
    }
    list.replaceChildren(ul);
  }

  function section(title, ...children) {
    return el("div", { class: "mb-3" }, el("h3", { class: "h6 mb-1", text: title }), ...children);
  }

  async function drawPerson(id) {
    const person = await db.persons.get(id);
    const view = views.person;
    if (!person) {
      view.replaceChildren(el("p", { text: text.gone }), el("a", { href: "#", class: "btn btn-outline-secondary", text: text.back }));
      return;
    }
    const facts = [person.age !== null ? fill(text.years, { age: person.age }) : "", person.place, ...person.categories].filter(Boolean);
    const guardian = person.guardian
      ? [person.guardian.name, person.guardian.relation, person.guardian.phone].filter(Boolean).join(" · ") : "—";
    const waiting = (await pending()).filter((i) => i.person === id);
    const contacts = [
      ...waiting.map((i) => el("li", { class: "text-warning-emphasis", text: `${i.label} · ${text.waiting}` })),
      ...person.last_contacts.map((c) => el("li", { text: `${c.on} ${c.kind_label} · ${c.author}` })),
    ];
    view.replaceChildren(...present([
      justSaved ? el("div", { class: "alert alert-success py-2", role: "status", "data-saved": "", text: text.saved }) : null,
      el("a", { href: "#", class: "small", text: `‹ ${text.back}` }),
      el("h2", { class: "h4 mt-2 mb-1", text: person.name },
        person.risk_level ? el("span", { class: `badge ms-2 fs-6 ${riskBadge[person.risk_level]}`, text: `${text.risk} ${person.risk_label}` }) : null),
      el("p", { class: "text-body-secondary mb-2", text: facts.join(" · ") }),
      el("a", { class: "btn btn-primary mb-3", href: `#new/${id}`, "data-record": "", text: text.record }),
      section(text.work, person.work.length
        ? el("ul", { class: "list-unstyled mb-0" }, ...person.work.map(workLine))
        : el("p", { class: "mb-0 text-body-secondary", text: text.nothingDue })),
      section(text.guardian, el("p", { class: "mb-0", text: guardian })),
      section(text.lastContacts, contacts.length ? el("ul", { class: "mb-0 ps-3" }, ...contacts)
        : el("p", { class: "mb-0 text-body-secondary", text: text.noContacts })),
      person.goals.length ? section(text.goals, el("ul", { class: "mb-0 ps-3" }, ...person.goals.map((g) =>
        el("li", { text: `${g.domain_label}：${g.goals}（${fill(text.until, { day: g.ends_on })}）` })))) : null,
    ]));
  }

  // --- The form --------------------------------------------------------------------------

  const field = (name) => form.elements.namedItem(name);
  const checked = (name) => form.querySelector(`input[name="${name}"]:checked`);

  function callOnly() {
    form.querySelector("[data-call-only]").hidden = checked("kind")?.value !== "family_call";
  }

  function setForm(values) {
    form.reset();
    photos = values.photos || [];
    const kind = form.querySelector(`input[name="kind"][value="${values.kind || "talk"}"]`);
    if (kind) kind.checked = true;
    field("occurred_on").value = values.occurred_on || localDay();
    field("occurred_on").max = localDay();
    for (const name of ["summary", "needs", "follow_up_on", "parent", "minutes"]) field(name).value = values[name] ?? "";
    for (const area of AREAS) {
      const input = form.querySelector(`input[name="${area}"][value="${values[area]}"]`);
      if (input) input.checked = true;
    }
    callOnly();
    showPhotos();
    $("[data-form-error]").hidden = true;
  }

  function showPhotos() {
    $("[data-form-photos]").textContent = photos.map((p) => p.name).join("、");
  }

  async function readPhotos(files) {
    const chosen = Array.from(files);
    if (chosen.length > state.photosMax) throw new Error(text.tooMany);
    const result = [];
    for (const file of chosen) {
      if (file.size > state.photoBytes) throw new Error(fill(text.tooLarge, { name: file.name }));
      const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
      const starts = (sig) => sig.every((b, i) => head[i] === b);
      if (!starts(PNG) && !starts(JPEG)) throw new Error(fill(text.notPhoto, { name: file.name }));
      result.push({ name: file.name, blob: file });
    }
    return result;
  }

  function readForm() {
    const values = {
      kind: checked("kind")?.value || "talk",
      occurred_on: field("occurred_on").value,
      summary: field("summary").value.trim(),
      needs: field("needs").value.trim(),
      follow_up_on: field("follow_up_on").value,
      parent: "",
      minutes: "",
    };
    for (const area of AREAS) values[area] = checked(area)?.value || "";
    if (values.kind === "family_call") {
      values.parent = field("parent").value;
      values.minutes = field("minutes").value;
    }
    return values;
  }

  function problem(values) {
    if (!values.occurred_on || values.occurred_on > localDay()) return text.future;
    if (values.follow_up_on && values.follow_up_on < values.occurred_on) return text.followBefore;
    if (!values.summary) return text.required;
    if (values.kind === "family_call") {
      if (!values.parent) return text.parent;
      const minutes = Number(values.minutes);
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > state.maxMinutes) return text.minutes;
    }
    return "";
  }

  function copyText(person, values) {
    const lines = [`${state.kinds[values.kind]} · ${person} · ${values.occurred_on}`, values.summary];
    if (values.needs) lines.push(values.needs);
    return lines.join("\n");
  }

  async function save(event) {
    event.preventDefault();
    const values = readForm();
    const error = problem(values);
    const box = $("[data-form-error]");
    if (error) {
      box.textContent = error;
      box.hidden = false;
      box.scrollIntoView({ block: "center" });
      return;
    }
    const personId = editing ? editing.person : Number(form.dataset.person);
    const name = editing ? editing.personName : (await db.persons.get(personId))?.name || "";
    const key = editing ? editing.key : GuanaiOutbox.newKey();
    await GuanaiOutbox.put({
      key,
      url: state.records,
      kind: "care",
      person: personId,
      personName: name,
      label: `${state.kinds[values.kind]} · ${name} · ${values.occurred_on}`,
      values,
      fields: { key, person_id: personId, ...values },
      files: photos,
      edit: `${location.pathname}#edit/${key}`,
      text: copyText(name, values),
    });
    editing = null;
    justSaved = true;
    if (location.hash === `#p/${personId}`) await route();
    else location.hash = `#p/${personId}`;
    GuanaiOutbox.flush();
  }

  form.addEventListener("submit", save);
  form.addEventListener("change", (event) => {
    if (event.target.name === "kind") callOnly();
  });
  field("photos").addEventListener("change", async (event) => {
    const box = $("[data-form-error]");
    try {
      photos = await readPhotos(event.target.files);
      box.hidden = true;
    } catch (error) {
      photos = [];
      event.target.value = "";
      box.textContent = error.message;
      box.hidden = false;
    }
    showPhotos();
  });
  $("[data-form-cancel]").addEventListener("click", () => history.back());

  // --- Views -----------------------------------------------------------------------------

  function show(name) {
    for (const [key, view] of Object.entries(views)) view.hidden = key !== name;
    window.scrollTo(0, 0);
  }

  async function route() {
    if (locked) return null;
    const [what, arg] = location.hash.slice(1).split("/");
    if (what === "p") {
      await drawPerson(Number(arg));
      justSaved = false;
      show("person");
    } else if (what === "new") {
      const person = await db.persons.get(Number(arg));
      if (!person) return drawPerson(Number(arg)).then(() => show("person"));
      editing = null;
      form.dataset.person = arg;
      $("[data-form-title]").textContent = `${text.record} · ${person.name}`;
      setForm({});
      show("form");
    } else if (what === "edit") {
      editing = await db.outbox.get(arg);
      if (!editing || editing.user !== GuanaiOutbox.userId() || editing.state === "sent") {
        location.hash = "";
        return null;
      }
      $("[data-form-title]").textContent = editing.label;
      setForm({ ...editing.values, photos: editing.files });
      show("form");
    } else {
      await drawList();
      show("list");
    }
    return null;
  }

  // --- Idle lock -------------------------------------------------------------------------

  function lock() {
    locked = true;
    const minutes = Number(document.body.dataset.idleMinutes || 30);
    $("[data-field-locked-text]").textContent = fill(text.locked, { minutes });
    $("[data-field-locked]").hidden = false;
    const body = $("[data-field-body]");
    body.remove(); // what was drawn from the phone's data is gone from the page
    return true;
  }

  if (GuanaiOutbox.idleAtLoad && navigator.onLine === false) {
    lock();
    return;
  }
  const idleCheck = setInterval(() => {
    if (GuanaiOutbox.idleExpired()) {
      clearInterval(idleCheck);
      lock();
    }
  }, 30000);

  window.addEventListener("hashchange", route);
  window.addEventListener("online", () => { showStatus(); sync(); });
  window.addEventListener("offline", showStatus);
  document.addEventListener("guanai:outbox", () => {
    if (!locked && views.list.hidden === false) drawList();
  });
  $("[data-field-sync]").addEventListener("click", sync);
  GuanaiOutbox.ready.then(async () => {
    await showStatus();
    await route();
    await sync();
  });
})();
