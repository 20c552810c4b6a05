/* The idle timeout without surprises (WCAG 2.2.1 Timing Adjustable), and text given back after
 * a new login. Server side: beredskab/accounts/idle.py and kept_drafts.py.
 *
 * Warning. The login ends after a stretch without requests (30 minutes). A few minutes before
 * (data-warn-before), a DKFDS modal (role="alertdialog") opens with "Forbliv logget ind", which
 * renews the login with a POST, and "Log ud nu". Focus moves to the dialog and back afterwards;
 * the rest of the page is inert meanwhile; Escape counts as "Forbliv logget ind". Someone who is
 * typing in a form is present, so the login is renewed quietly instead of interrupting them.
 *
 * The server's expiry is the truth: before warning, and when the time is up, the script asks
 * the status address (which does not renew the login) how long is left, so a request in another
 * tab, a download or a renewal elsewhere is respected. Tabs also share the latest known expiry
 * in localStorage (a time only, nothing personal), so "Forbliv logget ind" or a page load in one
 * tab closes the warning in the others, and "Log af" in one tab tells the others at once.
 *
 * When the login has ended: a modal says so. If a form on the page holds typed text, "Log ind
 * igen" sends it with a keep-only marker: the server keeps it encrypted (never saves it in the
 * case) and gives it back in the form after the login. Otherwise it goes to the login page.
 *
 * Text given back: a page with #kept-draft-data fills its form in (visible fields only; hidden
 * fields keep the fresh page's values) and says so; it is never sent automatically. Every form
 * on a logged-in page carries an opaque mark of the page's user (data-page-user), so text from
 * a page left open by one person is never handed to another who logs in on the same browser.
 */
(function () {
  "use strict";

  var SKIPPED_TYPES = { hidden: 1, password: 1, file: 1, submit: 1, button: 1, reset: 1, image: 1 };
  var STORE = "beredskab-idle-deadline";
  var KEEP_ONLY_FIELD = "beredskab_keep_draft";

  function postForms() {
    return Array.prototype.filter.call(document.forms, function (form) {
      return (form.getAttribute("method") || "get").toLowerCase() === "post" &&
        !form.closest(".beredskab-idle, #kept-draft, .header, .footer");
    });
  }

  function pathOf(url) {
    try { return new URL(url || window.location.href, window.location.href).pathname; } catch (error) { return ""; }
  }

  function announceChange(element) {
    element.dispatchEvent(new Event("input", { bubbles: true }));
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // --- text given back after a new login ------------------------------------------------------

  function findForm(action, fields) {
    var names = {};
    fields.forEach(function (pair) { names[pair[0]] = true; });
    var best = null;
    var bestScore = 0;
    postForms().forEach(function (form) {
      if (pathOf(form.getAttribute("action")) !== action) { return; }
      var score = 0;
      Array.prototype.forEach.call(form.elements, function (element) {
        if (element.name && names[element.name]) { score += 1; }
      });
      if (score > bestScore) { best = form; bestScore = score; }
    });
    return best;
  }

  function fillForm(form, fields) {
    var values = {};
    var used = {};
    var filled = 0;
    fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      var type = (element.type || "").toLowerCase();
      if (!name || element.disabled || SKIPPED_TYPES[type]) { return; }
      var list = values[name] || [];
      if (type === "checkbox" || type === "radio") {
        if (type === "radio" && !list.length) { return; }
        element.checked = list.indexOf(element.value) !== -1;
        if (element.checked) { filled += 1; }
        announceChange(element);
        return;
      }
      if (!Object.prototype.hasOwnProperty.call(values, name)) { return; }
      if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = list.indexOf(option.value) !== -1;
        });
        filled += 1;
        announceChange(element);
        return;
      }
      var index = used[name] || 0;
      if (index >= list.length) { return; }
      used[name] = index + 1;
      element.value = list[index];
      if (list[index]) { filled += 1; }
      announceChange(element);
    });
    return filled;
  }

  function restoreKeptDraft() {
    var data = document.getElementById("kept-draft-data");
    if (!data) { return; }
    var draft;
    try { draft = JSON.parse(data.textContent); } catch (error) { return; }
    var form = draft && draft.fields ? findForm(draft.action, draft.fields) : null;
    if (!form || !fillForm(form, draft.fields)) {
      var unfilled = document.querySelector("[data-kept-draft-unfilled]");
      if (unfilled) { unfilled.hidden = false; }
    }
  }

  restoreKeptDraft();

  // --- the warning ---------------------------------------------------------------------------

  var warning = document.getElementById("idle-warning");
  var ended = document.getElementById("idle-ended");
  var backdrop = document.getElementById("idle-backdrop");
  var statusLine = document.getElementById("idle-status");
  if (!warning || !ended || !backdrop || !window.fetch) { return; }

  var config = warning.dataset;

  // Each form says whose page it was on, so a form sent after someone else logged in on this
  // browser is kept for its own user, never handed to the new one.
  if (config.pageUser) {
    postForms().forEach(function (form) {
      var mark = document.createElement("input");
      mark.type = "hidden";
      mark.name = "beredskab_page_user";
      mark.value = config.pageUser;
      form.appendChild(mark);
    });
  }
  var warnMs = Math.max(1, Number(config.warnBefore) || 300) * 1000;
  var typingGraceMs = Math.min(60000, warnMs / 2);
  var token = warning.querySelector("input[name=csrfmiddlewaretoken]");
  var remainingText = warning.querySelector("[data-idle-remaining]");
  var atText = warning.querySelector("[data-idle-at]");
  var atWrap = warning.querySelector("[data-idle-at-wrap]");
  var errorText = warning.querySelector("[data-idle-error]");
  var keptText = ended.querySelector("[data-idle-kept]");
  var lang = document.documentElement.lang || "da";

  var deadline = 0;        // local clock (ms) when the server's login ends, as last known
  var open = null;         // the dialog showing, if any
  var busy = false;        // a request to the server is under way
  var loggedOut = false;   // the server said the login has ended
  var retryAt = 0;         // after a failed request, wait before asking again
  var lastTyped = 0;
  var returnTo = null;
  var inerted = [];

  function now() { return Date.now(); }

  function setDeadline(value, share) {
    deadline = value;
    if (share) {
      try { window.localStorage.setItem(STORE, String(value)); } catch (error) { /* storage off: this tab only */ }
    }
  }

  function fromServer(answer) {
    setDeadline(now() + Math.max(0, Number(answer.expires_in) || 0) * 1000, true);
  }

  function ask(url, method) {
    var headers = { "Accept": "application/json", "X-Requested-With": "fetch" };
    if (method === "POST" && token) { headers["X-CSRFToken"] = token.value; }
    return window.fetch(url, { method: method, headers: headers, credentials: "same-origin", redirect: "manual", cache: "no-store" })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 401) { return { authenticated: false }; }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      });
  }

  // --- dialogs ---

  function inertTheRest() {
    Array.prototype.forEach.call(document.body.children, function (element) {
      if (element === warning || element === ended || element === backdrop || element === statusLine) { return; }
      if (element.tagName === "SCRIPT" || element.inert) { return; }
      element.inert = true;
      inerted.push(element);
    });
  }

  function show(dialog) {
    if (open === dialog) { return; }
    if (open) {
      open.hidden = true;
      open.setAttribute("aria-hidden", "true");
    } else {
      returnTo = document.activeElement;
      inertTheRest();
      backdrop.hidden = false;
      backdrop.classList.add("show");
      document.body.classList.add("modal-open");
    }
    open = dialog;
    dialog.hidden = false;
    dialog.setAttribute("aria-hidden", "false");
    var first = dialog.querySelector("[data-idle-stay], [data-idle-login]");
    if (first) { first.focus(); }
  }

  function close() {
    if (!open) { return; }
    open.hidden = true;
    open.setAttribute("aria-hidden", "true");
    open = null;
    backdrop.hidden = true;
    backdrop.classList.remove("show");
    document.body.classList.remove("modal-open");
    inerted.forEach(function (element) { element.inert = false; });
    inerted = [];
    var target = returnTo && returnTo.isConnected && returnTo !== document.body ? returnTo : document.getElementById("main-content");
    returnTo = null;
    if (target && target.focus) { target.focus(); }
  }

  function announce(text) {
    if (!statusLine || !text) { return; }
    statusLine.textContent = "";
    window.setTimeout(function () { statusLine.textContent = text; }, 50);
  }

  function formatRemaining(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var minutes = Math.floor(total / 60);
    var seconds = total % 60;
    try {
      var parts = [];
      var unit = function (value, name) {
        return new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: "long" }).format(value);
      };
      if (minutes) { parts.push(unit(minutes, "minute")); }
      if (seconds || !minutes) { parts.push(unit(seconds, "second")); }
      return Intl.ListFormat ? new Intl.ListFormat(lang, { type: "conjunction" }).format(parts) : parts.join(" ");
    } catch (error) {
      return minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    }
  }

  function showRemaining() {
    var left = deadline - now();
    remainingText.textContent = formatRemaining(left);
    try {
      atText.textContent = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", timeZone: config.timeZone || undefined }).format(new Date(deadline));
      atWrap.hidden = false;
    } catch (error) {
      atWrap.hidden = true;
    }
  }

  function isDirty(form) {
    return Array.prototype.some.call(form.elements, function (element) {
      var type = (element.type || "").toLowerCase();
      if (!element.name || element.disabled) { return false; }
      if (type === "checkbox" || type === "radio") { return element.checked !== element.defaultChecked; }
      if (type === "file") { return !!(element.files && element.files.length); }
      if (SKIPPED_TYPES[type]) { return false; }
      if (element.tagName === "SELECT") {
        return Array.prototype.some.call(element.options, function (option) { return option.selected !== option.defaultSelected; });
      }
      return element.value !== element.defaultValue;
    });
  }

  function dirtyForm() {
    var forms = postForms().filter(isDirty);
    return forms.length ? forms[0] : null;
  }

  function showWarning() {
    errorText.hidden = true;
    showRemaining();
    show(warning);
  }

  function showEnded() {
    loggedOut = true;
    keptText.hidden = !dirtyForm();
    show(ended);
  }

  // --- talking to the server ---

  function check(then) {
    busy = true;
    ask(config.statusUrl, "GET").then(function (answer) {
      busy = false;
      if (!answer.authenticated) { showEnded(); return; }
      if (answer.csrf_token && token) { token.value = answer.csrf_token; }
      fromServer(answer);
      then(true);
    }, function () {
      busy = false;
      retryAt = now() + 5000;
      then(false);
    });
  }

  function stay(quietly) {
    busy = true;
    ask(config.keepaliveUrl, "POST").then(function (answer) {
      busy = false;
      if (!answer.authenticated) { showEnded(); return; }
      fromServer(answer);
      if (open === warning) {
        close();
        announce(statusLine.getAttribute("data-stayed"));
      }
    }, function () {
      busy = false;
      retryAt = now() + 5000;
      if (!quietly) { errorText.hidden = false; }
    });
  }

  function tick() {
    if (open === warning) { showRemaining(); }
    if (busy || loggedOut || now() < retryAt) { return; }
    var left = deadline - now();
    if (left > warnMs) {
      if (open === warning) { close(); }
      return;
    }
    if (left > 0 && open === warning) { return; }
    check(function (answered) {
      var leftNow = deadline - now();
      if (leftNow > warnMs) {
        if (open === warning) { close(); }
      } else if (leftNow > 0) {
        if (open !== warning) {
          if (now() - lastTyped < typingGraceMs) { stay(true); } else { showWarning(); }
        }
      } else if (!answered) {
        showEnded();
      }
    });
  }

  // --- events ---

  warning.querySelector("[data-idle-stay]").addEventListener("click", function () { stay(false); });

  ended.querySelector("[data-idle-login]").addEventListener("click", function () {
    var form = dirtyForm();
    if (form) {
      var marker = document.createElement("input");
      marker.type = "hidden";
      marker.name = KEEP_ONLY_FIELD;
      marker.value = "1";
      form.appendChild(marker);
      HTMLFormElement.prototype.submit.call(form);  // no submit handlers: the server only keeps it
      return;
    }
    var next = window.location.pathname + window.location.search;
    window.location.href = config.loginUrl + "?next=" + encodeURIComponent(next);
  });

  ended.querySelector("[data-idle-close]").addEventListener("click", close);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    if (open === warning) { event.preventDefault(); stay(false); } else if (open === ended) { event.preventDefault(); close(); }
  });

  document.addEventListener("input", function (event) {
    if (event.isTrusted && event.target && event.target.form && !event.target.closest(".beredskab-idle")) { lastTyped = now(); }
  }, true);

  // "Log af" anywhere: the other tabs learn at once that the login has ended.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && pathOf(form.getAttribute("action")) === config.logoutUrl) { setDeadline(0, true); }
  }, true);

  window.addEventListener("storage", function (event) {
    if (event.key !== STORE || event.newValue === null) { return; }
    var value = Number(event.newValue) || 0;
    if (value <= 0) {
      if (!loggedOut && !busy) { check(function () {}); }
      return;
    }
    setDeadline(value, false);
    if (loggedOut && value > now()) {
      loggedOut = false;  // logged in again in another tab
      if (open === ended) { close(); }
    }
    tick();
  });

  document.addEventListener("visibilitychange", function () { if (!document.hidden) { tick(); } });

  setDeadline(now() + Math.max(0, Number(config.expiresIn) || 0) * 1000, true);
  window.setInterval(tick, 1000);
})();
