// HarzQuiz: the "Text kopieren" button beside a quiz result's share text.
// Without JavaScript the button stays hidden and the readonly textarea is there to select.
(function () {
  "use strict";

  function showButtons() {
    document.querySelectorAll("button[data-copy-target][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function say(button, text) {
    var status = button.parentElement.querySelector("[role=status]");
    if (status) status.textContent = text;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy-target]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) return;
    var fallback = function () {
      field.focus();
      field.select();
      say(button, button.getAttribute("data-copy-failed"));
    };
    if (!navigator.clipboard || !navigator.clipboard.writeText) {
      fallback();
      return;
    }
    navigator.clipboard.writeText(field.value).then(function () {
      say(button, button.getAttribute("data-copied"));
    }, fallback);
  });

  document.addEventListener("DOMContentLoaded", showButtons);
  document.addEventListener("htmx:afterSettle", showButtons);
})();
