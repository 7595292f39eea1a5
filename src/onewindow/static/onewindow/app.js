// Behaviour that would otherwise sit in inline attributes, which the Content-Security-Policy refuses:
// print buttons, confirmations before what cannot be undone (data-confirm on a button: the click, or the
// Enter that submits its form, goes on only if the person confirms), and progress bars whose width the
// server gives as data-width-percent.
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
  document.addEventListener("click", function (event) {
    var asking = event.target.closest("[data-confirm]");
    if (asking && !window.confirm(asking.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:load", function (event) { setUp(event.target.parentNode || document); });
})();
