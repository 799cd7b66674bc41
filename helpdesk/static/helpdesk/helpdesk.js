// Print buttons only make sense with JavaScript; without it the browser's own print menu works.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".js-print")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
