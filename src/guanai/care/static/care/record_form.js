// The record form: the family-call fields (which parent, how long) show only while the
// kind chosen is a family call. Hidden, they are disabled too, so that a parent chosen
// before the kind was changed is not sent. Without scripts every field shows, labelled.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector('[data-testid="record-form"]');
  if (!form) return;
  const kinds = form.querySelectorAll('input[name="kind"]');
  const parts = form.querySelectorAll("fieldset[data-for-kind]");
  const update = () => {
    const chosen = form.querySelector('input[name="kind"]:checked');
    parts.forEach((part) => {
      const shown = chosen !== null && chosen.value === part.dataset.forKind;
      part.hidden = !shown;
      part.disabled = !shown;
    });
  };
  kinds.forEach((input) => input.addEventListener("change", update));
  update();
});
