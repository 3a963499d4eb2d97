// HarzQuiz: keep keyboard focus sensible across htmx swaps.
// 1. The server marks where focus should go with data-focus-after-swap.
// 2. Otherwise, if the swap removed the focused element, focus moves to the first
//    control of the swapped region instead of falling back to the page body.
// Without JavaScript none of this runs; the forms post and redirect as usual.
(function () {
  "use strict";
  var swappedId = null;
  var FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]), [tabindex]";

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    swappedId = target && target.id ? target.id : null;
  });

  document.addEventListener("htmx:afterSettle", function () {
    var requested = document.querySelector("[data-focus-after-swap]");
    if (requested) {
      requested.removeAttribute("data-focus-after-swap");
      requested.focus();
      return;
    }
    var active = document.activeElement;
    if (active && active !== document.body) return;
    var region = swappedId && document.getElementById(swappedId);
    var control = region && (region.matches(FOCUSABLE) ? region : region.querySelector(FOCUSABLE));
    if (control) control.focus();
  });

  // Enter in a field marked data-enter-clicks presses that button instead of the form's
  // first (e.g. "Antwort prüfen" rather than saving the whole riddle form).
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || !field.dataset || !field.dataset.enterClicks) return;
    var button = document.getElementById(field.dataset.enterClicks);
    if (!button) return;
    event.preventDefault();
    button.click();
  });
})();
