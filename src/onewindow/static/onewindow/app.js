// Behaviour that would otherwise sit in inline attributes, which the Content-Security-Policy refuses:
// print buttons, and progress bars whose width the server gives as data-width-percent.
(function () {
  "use strict";

  function setUp(root) {
    root.querySelectorAll("[data-width-percent]").forEach(function (bar) {
      bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.widthPercent) || 0)) + "%";
    });
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:load", function (event) { setUp(event.target.parentNode || document); });
})();
