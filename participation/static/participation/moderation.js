/* Keyboard shortcuts of the moderation queue: A approves, R rejects the idea whose card has the focus.
 * They act only while focus is inside a card and not in a text field (WCAG 2.1.4), and only
 * press the card's own buttons, so without this script the same buttons work with Tab and Enter. */
(function () {
  "use strict";

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".shortcut-help").forEach(function (help) { help.hidden = false; });
    // Arriving from a decision (…#idea-12): the next card has the focus, so the shortcuts apply to it.
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target) {
      target.focus();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) {
      return;
    }
    var card = event.target.closest(".queue-card");
    if (!card) {
      return;
    }
    var button = card.querySelector('button[data-shortcut="' + event.key.toLowerCase() + '"]');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
})();
