// Print buttons only make sense with JavaScript; without it the browser's own print menu works.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".js-print")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});

// Copy buttons need the clipboard API; without JavaScript the read-only field can be selected and copied.
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll(".js-copy")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field) continue;
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(field.value);
      button.textContent = button.dataset.copied;
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
});
