// Small behaviours of the page shell. No inline scripts: the CSP allows only 'self'.
document.addEventListener("DOMContentLoaded", () => {
  // Logged out: the copies of pages kept for use offline go (their data is personal). The
  // records waiting in the outbox stay, to be sent when their author logs in again.
  if (!document.body.dataset.user && window.caches) {
    caches.keys().then((keys) => {
      keys.filter((name) => name.startsWith("guanai-pages")).forEach((name) => caches.delete(name));
    });
  }
  // A select marked data-autosubmit submits its form when changed (the language switch);
  // the form keeps its own submit button for keyboards and browsers without scripts.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  // A button marked data-print prints the page (its print layout).
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // The messages button's unread count, fetched after the page (no page pays a query for
  // it) and every two minutes; never while offline (the field work pages are used there).
  const badge = document.querySelector("[data-inbox-badge]");
  if (badge) {
    const refresh = () => {
      if (!navigator.onLine) return;
      fetch(badge.dataset.inboxBadge, { credentials: "same-origin" })
        .then((answer) => (answer.ok ? answer.text() : null))
        .then((html) => {
          if (html !== null) badge.innerHTML = html;
        })
        .catch(() => {});
    };
    refresh();
    window.setInterval(refresh, 120000);
    window.addEventListener("online", refresh);
  }
});
