/* The error summary (templates/web/_error_summary.html), as GOV.UK's: focused when the page loads,
   so that the clerk and a screen reader are taken to it; a link in it moves focus to its field and
   scrolls the field's label (or its fieldset's legend) into view with the field, not the bare input. */
(function () {
  function target(link) {
    var id = (link.getAttribute("href") || "").slice(1);
    return id ? document.getElementById(id) : null;
  }
  function show(field) {
    var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    var label = document.querySelector("label[for='" + field.id + "']");
    var anchor = label || legend || field;
    anchor.scrollIntoView();
    field.focus({ preventScroll: true });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    var field = link && target(link);
    if (!field) { return; }
    event.preventDefault();
    show(field);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  });
})();
