/* The error summary above a form that was sent with errors (templates/includes/error_summary.html).
 *
 * DKFDS's own ErrorSummary component does the work: it moves focus to the summary when the page
 * loads, so a screen reader reads the errors first and the keyboard starts there, and a click on
 * one of its links moves focus to that field, with the field's label or legend scrolled into
 * view. Loaded (with dkfds.min.js) only on a page that shows a summary; a static file, as the
 * Content-Security-Policy allows no inline script. Without JavaScript the links still jump to
 * the fields.
 */
(function () {
  "use strict";
  if (window.beredskabErrorSummary) { return; } // the include may appear twice on a page
  window.beredskabErrorSummary = true;
  var summary = document.querySelector('[data-module="error-summary"]');
  if (!summary) { return; }
  if (window.DKFDS && window.DKFDS.ErrorSummary) {
    new window.DKFDS.ErrorSummary(summary).init();
  } else {
    summary.focus();
  }
})();
