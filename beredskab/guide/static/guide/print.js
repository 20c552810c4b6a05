/* The "Udskriv" button on a printable action card: shown only when JavaScript runs. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-guide-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
