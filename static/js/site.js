// HarzQuiz: after an htmx swap, move focus where the server asked (data-focus-after-swap).
// Without JavaScript none of this runs; the forms post and redirect as usual.
(function () {
  "use strict";
  function focusRequested() {
    var target = document.querySelector("[data-focus-after-swap]");
    if (!target) return;
    target.removeAttribute("data-focus-after-swap");
    target.focus({ preventScroll: false });
  }
  document.addEventListener("htmx:afterSettle", focusRequested);
})();
