// Newsroom conveniences; every action also works without this script.
// - Live Markdown preview: the body is posted to /admin/preview and the sanitised HTML shown.
// - Confirm dialogs on buttons with data-confirm.
// - Link decisions (forms with data-decide) are sent with fetch: a decision is not a save of the
//   story, so the story form beside it keeps whatever the editor has typed and not saved.
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

  function decideLink(form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch) return;  // the plain form post still works
      event.preventDefault();
      var button = form.querySelector('button[name="decision"]');
      var item = form.closest("li.link");
      var status = document.getElementById("link-status");
      var body = new URLSearchParams(new FormData(form));
      body.set("decision", button.value);
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": csrfToken(form), "X-Requested-With": "fetch" },
        body: body
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") !== 0) {
          throw new Error("The newsroom could not do that (" + response.status + "). Reload the page and try again.");
        }
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data.error || "The newsroom could not do that.");
          return data;
        });
      }).then(function (data) {
        item.className = "link link-" + data.state;
        var state = item.querySelector(".state");
        if (state) state.textContent = data.state;
        var next = null;
        item.querySelectorAll("form[data-decide]").forEach(function (other) {
          var value = other.querySelector('button[name="decision"]').value;
          other.hidden = (value === "confirm" && data.state === "confirmed") ||
                         (value === "reject" && data.state === "rejected");
          if (!other.hidden) next = other.querySelector("button");
        });
        if (next) next.focus();
        if (status) status.textContent = data.message;
      }).catch(function (error) {
        if (status) status.textContent = error.message;
      }).then(function () { button.disabled = false; });
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-preview]").forEach(livePreview);
    document.querySelectorAll("form[data-decide]").forEach(decideLink);
  });
})();
