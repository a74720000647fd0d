/* After a live (htmx) update, mark each field invalid exactly when the error next to it says
   something, so that screen readers hear the state the page shows. Error slots are "e-<name>",
   their fields "f-<name>". */
document.addEventListener("htmx:afterSettle", function () {
  document.querySelectorAll("[id^='e-']").forEach(function (slot) {
    var field = document.getElementById("f-" + slot.id.slice(2));
    if (!field) { return; }
    if (slot.textContent.trim()) { field.setAttribute("aria-invalid", "true"); }
    else { field.removeAttribute("aria-invalid"); }
  });
});
