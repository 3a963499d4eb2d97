// HarzQuiz loader for partner pages (optional): sizes our iframes to their content.
// <script src="https://<our site>/static/js/embed.js" async></script> next to the iframe.
// A message is believed only if it comes from our origin AND from the window of one of
// the page's iframes that shows our origin; anything else is ignored.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.URL) return;
  var ours = new URL(script.src).origin;
  var MIN = 120;
  var MAX = 20000;

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== ours || !data || data.type !== "harzquiz:height") return;
    if (typeof data.height !== "number" || !isFinite(data.height)) return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) continue;
      if (new URL(frame.src, document.baseURI).origin !== ours) return;
      frame.style.height = Math.min(MAX, Math.max(MIN, Math.round(data.height))) + "px";
      return;
    }
  });
})();
