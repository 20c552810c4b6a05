/* Quick exit on every public page ("Forlad siden", or the Escape key pressed twice).
 *
 * What it does, as far as a browser allows:
 * - blanks the page at once, then replaces it in the history with a neutral site
 *   (location.replace), so the back button does not lead to the page that was left;
 * - also opens the neutral site in a new tab where the browser permits it (a tab with no
 *   history of its own);
 * - moving between public pages (links and GET forms on this site) replaces the current
 *   history entry instead of adding one, so the site holds at most one place in the back
 *   history, and the quick exit replaces that one;
 * - a public page that the browser restores from its back-forward cache after a quick exit in
 *   this tab leaves again at once.
 *
 * What a browser cannot do: remove pages from its history list (Ctrl+H), from other tabs, or
 * from downloads. The public pages therefore hold no personal data, are sent with
 * "Cache-Control: no-store", and the guide's help page (/guide/sikker-brug/) advises private
 * browsing. Without JavaScript the button is a plain link to the neutral site.
 */
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  var target = link.getAttribute("data-quick-exit-url") || link.href;
  var FLAG = "beredskab-quick-exit";
  var leaving = false;

  function blank() {
    document.title = "";
    if (document.body) { document.body.textContent = ""; }
  }

  function leave(event) {
    if (event) { event.preventDefault(); }
    if (leaving) { return; }
    leaving = true;
    try { window.sessionStorage.setItem(FLAG, "1"); } catch (error) { /* storage off: fine */ }
    blank();
    try { window.open(target, "_blank", "noopener,noreferrer"); } catch (error) { /* pop-up blocked: fine */ }
    window.location.replace(target);
  }

  link.addEventListener("click", leave);

  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    var now = Date.now();
    presses = presses.filter(function (time) { return now - time < 1500; });
    presses.push(now);
    if (presses.length >= 2) { leave(event); }
  });

  window.addEventListener("pageshow", function (event) {
    var left = false;
    try { left = window.sessionStorage.getItem(FLAG) === "1"; } catch (error) { /* storage off */ }
    if (event.persisted && left) {
      blank();
      window.location.replace(target);
    }
  });

  function sameSite(url) {
    return url.origin === window.location.origin && (url.protocol === "http:" || url.protocol === "https:");
  }

  // Links on this site: replace the history entry instead of adding one.
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var anchor = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!anchor || anchor === link || anchor.hasAttribute("download")) { return; }
    if (anchor.target && anchor.target !== "_self") { return; }
    if (anchor.hasAttribute("hx-get") || anchor.hasAttribute("hx-post")) { return; }
    var url = new URL(anchor.href, window.location.href);
    if (!sameSite(url)) { return; }
    if (url.hash && url.pathname === window.location.pathname && url.search === window.location.search) {
      return; // a link within the page (e.g. "Gå til sidens indhold")
    }
    event.preventDefault();
    window.location.replace(url.href);
  });

  // GET forms on this site (e.g. the guide's questions): the same.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form || (form.getAttribute("method") || "get").toLowerCase() !== "get") { return; }
    if (form.hasAttribute("hx-get") || form.hasAttribute("hx-post") || (form.target && form.target !== "_self")) { return; }
    var action = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    if (!sameSite(action)) { return; }
    var data;
    try { data = new FormData(form, event.submitter || undefined); } catch (error) { data = new FormData(form); }
    var query = new URLSearchParams();
    data.forEach(function (value, key) { if (typeof value === "string") { query.append(key, value); } });
    action.search = query.toString();
    event.preventDefault();
    window.location.replace(action.href);
  });
})();
