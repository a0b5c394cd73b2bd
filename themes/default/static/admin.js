// Newsroom conveniences; every action also works without this script.
// - Live Markdown preview: the body is posted to /admin/preview and the sanitised HTML shown.
// - Confirm dialogs on buttons with data-confirm.
(function () {
  "use strict";

  function csrfToken(form) {
    var field = form && form.querySelector('input[name="csrf"]');
    return field ? field.value : "";
  }

  function livePreview(textarea) {
    var target = document.getElementById(textarea.getAttribute("data-preview"));
    if (!target) return;
    var timer = null;
    var sent = 0;
    function refresh() {
      var ticket = ++sent;
      var body = new URLSearchParams();
      body.set("body", textarea.value);
      fetch("/admin/preview", {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": csrfToken(textarea.form), "X-Requested-With": "fetch" },
        body: body
      }).then(function (response) {
        if (!response.ok) throw new Error("preview " + response.status);
        return response.text();
      }).then(function (html) {
        // Only the newest answer counts; the server has sanitised the HTML.
        if (ticket === sent) target.innerHTML = html;
      }).catch(function () { /* the preview is a convenience: keep the last one */ });
    }
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-preview]").forEach(livePreview);
  });
})();
