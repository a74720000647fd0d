/* The case form (templates/unit/case.html). Its live panel answers the values on the page without
   saving them (web.unit.cases.case_live); the draft is saved by 保存草稿 and 提交申请 (the form's
   own submission) and, when the clerk leaves the page with changes not yet saved, by this script:
   on `pagehide`, or when the page is hidden (a tab switched, a phone's app left: the last moment
   a mobile browser is sure to give), the form is sent with navigator.sendBeacon to the case page's
   save with `leaving` (answered 204, the CSRF token is in the form). A photo or a copy uploaded
   redraws the panel for the saved draft: with changes on the page, it is asked again for them. */
(function () {
  var form = document.getElementById("case-form");
  if (!form) { return; }

  function values() { return new URLSearchParams(new FormData(form)).toString(); }
  var saved = values();
  function changed() { return values() !== saved; }

  form.addEventListener("submit", function () { saved = values(); });

  function saveOnLeaving() {
    if (!changed()) { return; }
    var body = new FormData(form);
    body.append("leaving", "1");
    if (navigator.sendBeacon(form.action, body)) { saved = values(); }
  }
  window.addEventListener("pagehide", saveOnLeaving);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { saveOnLeaving(); }
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var from = event.detail.elt;
    if (event.detail.successful && from !== form && !form.contains(from) && changed()) {
      htmx.trigger(form, "change");
    }
  });
})();
