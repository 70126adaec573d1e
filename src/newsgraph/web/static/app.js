// newsgraph UI: a quote jumps to its speaker's entity page when clicked
// (links inside it keep their own target). No other behaviour; no external code.
"use strict";
document.addEventListener("click", function (event) {
  var target = event.target;
  if (!(target instanceof Element) || target.closest("a")) {
    return;
  }
  var mark = target.closest("[data-href]");
  if (!mark) {
    return;
  }
  var href = mark.getAttribute("data-href");
  // only same-origin paths built by the server
  if (href && href.charAt(0) === "/" && href.charAt(1) !== "/") {
    window.location.assign(href);
  }
});
