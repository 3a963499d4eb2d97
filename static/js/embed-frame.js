// HarzQuiz, inside a partner's iframe: tell the parent page how tall the content is, so the
// optional loader there (static/js/embed.js) sizes the frame. Only a height leaves, no
// secret, so the target origin may be "*" (the partner's origin is not known for sure).
(function () {
  "use strict";
  if (window.parent === window || typeof ResizeObserver !== "function") return;
  var root = document.documentElement;
  var last = -1;
  function report() {
    var height = Math.ceil(root.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "harzquiz:height", height: height }, "*");
  }
  new ResizeObserver(report).observe(root);
})();
