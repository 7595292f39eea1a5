// The signature pad of the entrustment form: the principal signs on the screen with a finger, a stylus or
// the mouse; on submit the drawing goes to the hidden field as a PNG (data URL). The pad shows when
// "touch" is the chosen way of signing, the scan's file field when "scan" is.
(function () {
  "use strict";

  function setUp() {
    var pad = document.querySelector("[data-signature-pad]");
    if (!pad) return;
    var form = pad.closest("form");
    var canvas = pad.querySelector("canvas");
    var hidden = pad.querySelector("input[type=hidden]");
    var scan = form.querySelector("[data-field=signature_scan]");
    var context = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    context.lineWidth = 3;
    context.lineCap = "round";
    context.strokeStyle = "#000";

    function at(event) {
      var box = canvas.getBoundingClientRect();
      return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var p = at(event);
      context.beginPath();
      context.moveTo(p[0], p[1]);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var p = at(event);
      context.lineTo(p[0], p[1]);
      context.stroke();
      drawn = true;
      event.preventDefault();
    });
    ["pointerup", "pointercancel"].forEach(function (name) {
      canvas.addEventListener(name, function () { drawing = false; });
    });
    pad.querySelector("[data-signature-clear]").addEventListener("click", function () {
      context.clearRect(0, 0, canvas.width, canvas.height);
      drawn = false;
      hidden.value = "";
    });

    function chosen() {
      var checked = form.querySelector("input[name=signed_by]:checked");
      return checked ? checked.value : "touch";
    }
    function show() {
      pad.hidden = chosen() !== "touch";
      if (scan) scan.hidden = chosen() !== "scan";
    }
    form.querySelectorAll("input[name=signed_by]").forEach(function (radio) {
      radio.addEventListener("change", show);
    });
    show();
    form.addEventListener("submit", function () {
      hidden.value = chosen() === "touch" && drawn ? canvas.toDataURL("image/png") : "";
    });
  }

  document.addEventListener("DOMContentLoaded", setUp);
})();
