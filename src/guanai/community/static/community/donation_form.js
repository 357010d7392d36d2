// The donation form: each destination (need, unit, fund) shows only its own field, and
// each kind its own (cash: the amount; in kind: item, quantity, measure, value). Hidden
// parts are disabled too, so that a value typed before the choice changed is not sent.
// Without scripts every field shows, labelled; the server refuses what does not fit.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector('[data-testid="donation-form"]');
  if (!form) return;
  const parts = form.querySelectorAll("fieldset[data-for-destination], fieldset[data-for-kind]");
  const chosen = (name) => {
    const select = form.querySelector(`select[name="${name}"]`);
    return select === null ? "" : select.value;
  };
  const update = () => {
    const destination = chosen("destination");
    const kind = chosen("kind");
    parts.forEach((part) => {
      const shown =
        part.dataset.forDestination !== undefined
          ? part.dataset.forDestination === destination
          : part.dataset.forKind === kind;
      part.hidden = !shown;
      part.disabled = !shown;
    });
  };
  form.querySelectorAll('select[name="destination"], select[name="kind"]').forEach((select) => {
    select.addEventListener("change", update);
  });
  update();
});
