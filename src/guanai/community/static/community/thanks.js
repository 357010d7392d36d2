// The acknowledgement list: a button marked data-copy copies the text of the textarea it
// names, for the group chat. The clipboard API needs a secure page; elsewhere (and on
// older phones) the text is selected and copied the old way, and stays selected so that
// the user can copy it by hand if the browser refuses both.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-copy]").forEach((button) => {
    const area = document.getElementById(button.dataset.copy);
    const status = button.parentElement.querySelector("[data-copy-status]");
    if (!area) return;
    const done = () => {
      if (status) status.textContent = button.dataset.copied || "";
    };
    const byHand = () => {
      area.focus();
      area.select();
      area.setSelectionRange(0, area.value.length);
      try {
        if (document.execCommand("copy")) done();
      } catch (error) {
        // The text stays selected: the user copies it themselves.
      }
    };
    button.addEventListener("click", () => {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(area.value).then(done, byHand);
      } else {
        byHand();
      }
    });
  });
});
