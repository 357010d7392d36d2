// The fill page: skip logic, checks, and answers that are never lost on a bad connection.
//
// Every change is kept at once in the browser's database (a draft of this case); saving or
// finishing puts the whole answer set in the outbox with its key, made on this phone, and
// tries to send it. A reload, even with no connection, shows the draft again.
/* global GuanaiOutbox */
(() => {
  "use strict";
  const stateElement = document.getElementById("survey-state");
  const form = document.querySelector("form[data-survey-fill]");
  if (!stateElement || !form || !window.GuanaiOutbox) return;
  const state = JSON.parse(stateElement.textContent);
  const text = state.text;
  const { db } = GuanaiOutbox;
  const draftId = `survey-case:${state.case}`;
  const fieldsets = Array.from(form.querySelectorAll("fieldset[data-question]"));
  let key = state.key;

  const fill = (template, values) => template.replace(/%\((\w+)\)s/g, (_, name) => values[name]);

  function read(fieldset) {
    const type = fieldset.dataset.type;
    const inputs = Array.from(fieldset.querySelectorAll("input, textarea"));
    if (type === "multiple") return inputs.filter((i) => i.checked).map((i) => i.value);
    if (["single", "yes_no", "rating"].includes(type)) {
      const chosen = inputs.find((i) => i.checked);
      return chosen ? chosen.value : null;
    }
    const value = inputs[0].value.trim();
    return value === "" ? null : value;
  }

  function write(fieldset, value) {
    const type = fieldset.dataset.type;
    const inputs = Array.from(fieldset.querySelectorAll("input, textarea"));
    if (["single", "multiple", "yes_no", "rating"].includes(type)) {
      const chosen = (Array.isArray(value) ? value : value == null ? [] : [value]).map(String);
      inputs.forEach((input) => { input.checked = chosen.includes(input.value); });
    } else {
      inputs[0].value = value == null ? "" : String(value);
    }
  }

  const blank = (value) => value == null || value === "" || (Array.isArray(value) && value.length === 0);

  // Shows the questions whose condition holds, in order (a question hidden hides the ones
  // that depend on it), and returns the answers of the shown questions.
  function applySkip() {
    const answers = {};
    const shown = new Set();
    for (const fieldset of fieldsets) {
      const source = fieldset.dataset.showQuestion;
      let visible = true;
      if (source) {
        const given = answers[source];
        const values = fieldset.dataset.showValues.split("|");
        const chosen = Array.isArray(given) ? given : [given];
        visible = shown.has(source) && chosen.some((v) => values.includes(v));
      }
      fieldset.hidden = !visible;
      if (!visible) continue;
      shown.add(fieldset.dataset.question);
      const value = read(fieldset);
      if (!blank(value)) answers[fieldset.dataset.question] = value;
    }
    return answers;
  }

  function check(finish) {
    let first = null;
    for (const fieldset of fieldsets) {
      const error = fieldset.querySelector("[data-error-for]");
      error.textContent = "";
      if (fieldset.hidden) continue;
      const value = read(fieldset);
      let message = "";
      if (blank(value)) {
        if (finish && fieldset.hasAttribute("data-required")) message = text.required;
      } else if (fieldset.dataset.type === "number") {
        const low = fieldset.dataset.min === "" ? -1e9 : Number(fieldset.dataset.min);
        const high = fieldset.dataset.max === "" ? 1e9 : Number(fieldset.dataset.max);
        if (!/^-?\d+$/.test(value) || Number(value) < low || Number(value) > high) {
          message = fieldset.dataset.min === "" && fieldset.dataset.max === ""
            ? text.whole : fill(text.range, { low: String(low), high: String(high) });
        }
      } else if (fieldset.dataset.type === "text" && value.length > Number(fieldset.dataset.maxLength)) {
        message = fill(text.tooLong, { limit: fieldset.dataset.maxLength, n: String(value.length) });
      }
      if (message) {
        error.textContent = message;
        first = first || fieldset;
      }
    }
    if (first) first.scrollIntoView({ block: "center" });
    return first === null;
  }

  async function keepDraft() {
    await db.drafts.put({
      id: draftId,
      user: GuanaiOutbox.userId(),
      key,
      form: state.form,
      answers: applySkip(),
      savedAt: new Date().toISOString(),
    });
  }

  async function showStatus() {
    const status = document.querySelector("[data-fill-status]");
    const waiting = document.querySelector("[data-outbox-waiting]");
    const send = document.querySelector("[data-outbox-send]");
    const item = key ? await db.outbox.get(key) : null;
    const count = await GuanaiOutbox.waitingCount();
    waiting.textContent = fill(text.waitingCount, { n: String(count) });
    waiting.classList.toggle("d-none", count === 0);
    send.classList.toggle("d-none", count === 0);
    if (!item) return;
    status.dataset.state = item.state;
    if (item.state === "waiting") status.textContent = text.waiting;
    else if (item.state === "refused") status.textContent = `${text.refused}${item.message}`;
    else status.textContent = item.body.complete ? text.finished : text.sent;
    if (item.state === "sent" && item.body.complete) await db.drafts.delete(draftId);
  }

  async function restore() {
    const draft = await db.drafts.get(draftId);
    if (draft && draft.user === GuanaiOutbox.userId() && draft.form === state.form
        && (!state.savedAt || draft.savedAt > state.savedAt)) {
      key = key || draft.key;
      for (const fieldset of fieldsets) write(fieldset, draft.answers[fieldset.dataset.question]);
    }
    key = key || GuanaiOutbox.newKey();
    applySkip();
    await showStatus();
  }

  async function enqueue(finish) {
    const answers = applySkip();
    const savedAt = new Date().toISOString();
    await keepDraft();
    await GuanaiOutbox.put({
      key,
      kind: "survey",
      label: state.label,
      url: state.api,
      body: { key, form: state.form, answers, complete: finish, saved_at: savedAt },
    });
    await showStatus();
    await GuanaiOutbox.flush();
  }

  let pending = null;
  form.addEventListener("input", () => {
    applySkip();
    clearTimeout(pending);
    pending = setTimeout(keepDraft, 200);
  });
  form.addEventListener("change", () => { applySkip(); keepDraft(); });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const finish = event.submitter ? event.submitter.name === "finish" : true;
    if (check(finish)) enqueue(finish);
  });
  document.addEventListener("guanai:outbox", showStatus);
  restore();
})();
