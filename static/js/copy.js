// Copy buttons for the desk's embed snippets: a button[data-copy=<textarea id>] copies that
// box's text; the status beside it says so (role=status). Without this script the buttons
// stay hidden and the read-only box is selected and copied by hand.
(function () {
  "use strict";
  function copied(status, text) {
    if (status) { status.textContent = text; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var box = document.getElementById(button.getAttribute("data-copy"));
      var status = document.querySelector('[data-copy-status="' + button.getAttribute("data-copy") + '"]');
      if (!box) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = button.getAttribute("data-copied");
        var failed = button.getAttribute("data-copy-failed");
        box.select();
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(box.value).then(
            function () { copied(status, done); },
            function () { copied(status, document.execCommand("copy") ? done : failed); }
          );
        } else {
          copied(status, document.execCommand("copy") ? done : failed);
        }
      });
    });
  });
})();
