/* Quick exit: leave for a neutral site at once, replacing this page in the history.
 * What a browser cannot do: remove earlier pages of this site from the back history, or
 * from the browser's history list. The public pages therefore hold no personal data, and the
 * guide tells visitors to use private browsing if someone may check their history. */
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  var target = link.getAttribute("data-quick-exit-url");

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.title = "";
    document.body.textContent = "";
    try { window.open(target, "_blank", "noopener"); } catch (error) { /* pop-up blocked: fine */ }
    window.location.replace(target);
  }

  link.addEventListener("click", leave);

  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    presses = presses.filter(function (time) { return now - time < 1500; });
    presses.push(now);
    if (presses.length >= 2) { leave(event); }
  });
})();
