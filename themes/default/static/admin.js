// Newsroom conveniences; every action also works without this script.
// - Live Markdown preview: the body is posted to /admin/preview and the sanitised HTML shown.
// - Confirm dialogs on buttons with data-confirm.
// - The story editor: autosaved drafts (to the server every few seconds after a change, and to
//   this browser for a new story), restoring them, a warning before leaving with unsaved
//   changes, Ctrl/Cmd+S to save, and the preview as readers will see it with its social card.
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

  // The form's fields as {name: [values]}, the shape the server keeps a draft in.
  function formFields(form) {
    var fields = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrf" || name === "version" || name === "action") return;
      (fields[name] = fields[name] || []).push(String(value));
    });
    return fields;
  }

  function formBody(form) {
    return new URLSearchParams(new FormData(form));
  }

  // Puts a draft's fields back into the form.
  function restoreFields(form, fields) {
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || name === "csrf" || name === "version" || element.type === "submit") return;
      var values = fields[name] || [];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
      } else if (values.length) {
        element.value = values[0];
      } else if (element.tagName !== "SELECT") {
        element.value = "";
      }
      element.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  function timeNow() {
    return new Date().toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
  }

  function storyEditor(form) {
    var autosaveUrl = form.getAttribute("data-autosave-url");
    var status = document.getElementById("autosave-status");
    var localKey = "marquee-draft:" + location.pathname;
    function formVersion() {
      var field = form.querySelector('input[name="version"]');
      return field ? field.value : "0";
    }
    var saved = formBody(form).toString();  // what the last real Save holds
    var sent = saved;                        // what the server's draft holds
    var submitting = false;
    var paused = false;
    var timer = null;
    var firstUnsent = 0;
    var previewShown = false;

    function say(text) { if (status) status.textContent = text; }
    function dirty() { return formBody(form).toString() !== saved; }

    function autosave() {
      timer = null;
      var body = formBody(form);
      var text = body.toString();
      if (text === sent || paused || submitting) return;
      firstUnsent = 0;
      fetch(autosaveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": csrfToken(form), "X-Requested-With": "fetch" },
        body: body
      }).then(function (response) {
        return response.json().then(function (answer) {
          if (response.status === 409) {
            paused = true;
            say(answer.error);
            return;
          }
          if (!response.ok) throw new Error(answer.error || "autosave " + response.status);
          sent = text;
          if (text === formBody(form).toString()) forgetLocal();  // the server has it all
          say("Draft kept at " + timeNow() + " (not saved as a version yet).");
          if (previewShown) showReaderPreview();
        });
      }).catch(function () {
        say("The draft could not be kept just now; trying again after the next change.");
      });
    }

    // The first line: every change is in this browser at once, until the server has it (or the
    // server cannot be reached); with the version it was made from, so a stale one is never offered.
    function keepLocal() {
      try {
        localStorage.setItem(localKey, JSON.stringify({ at: Date.now(), version: formVersion(),
                                                        fields: formFields(form) }));
      } catch (e) { /* private mode or full: the server's draft is the next line */ }
    }
    function forgetLocal() {
      try { localStorage.removeItem(localKey); } catch (e) { /* none */ }
    }

    function changed() {
      keepLocal();
      if (!autosaveUrl) return;
      // A few seconds after typing stops, and at least every ten seconds while it goes on.
      var now = Date.now();
      if (!firstUnsent) firstUnsent = now;
      clearTimeout(timer);
      timer = setTimeout(autosave, now - firstUnsent > 8000 ? 0 : 2000);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);

    form.addEventListener("submit", function () {
      submitting = true;
      clearTimeout(timer);
    });
    // Closing the tab within seconds of the last keystroke still keeps it (the token is in the body).
    window.addEventListener("pagehide", function () {
      if (!autosaveUrl || submitting || paused || !navigator.sendBeacon) return;
      var body = formBody(form);
      if (body.toString() !== sent) navigator.sendBeacon(autosaveUrl, body);
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || !dirty()) return;
      event.preventDefault();
      event.returnValue = "";  // the browser shows its own words
    });

    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "s" || event.key === "S")) {
        event.preventDefault();
        var save = form.querySelector('button[name="action"][value="save"]');
        if (save && typeof form.requestSubmit === "function") form.requestSubmit(save);
        else if (save) save.click();
      }
    });

    // A draft the server kept, offered when the editor opens.
    var offer = document.getElementById("autosave-offer");
    var draft = document.getElementById("autosave-fields");
    if (offer && draft) {
      var restore = offer.querySelector("[data-restore-draft]");
      restore.hidden = false;
      restore.addEventListener("click", function () {
        restoreFields(form, JSON.parse(draft.textContent));
        sent = formBody(form).toString();
        offer.hidden = true;
        say("Draft restored. Save to keep it as a version.");
        form.querySelector("#headline").focus();
      });
    }

    // A draft in this browser: a new story's, or changes the server never got. After a save
    // (?done=) the saved form is what counts; the server's own draft, when offered, comes first.
    if (/[?&]done=/.test(location.search)) {
      try { localStorage.removeItem("marquee-draft:/admin/stories/new"); } catch (e) { /* none */ }
      forgetLocal();
    }
    var localOffer = document.getElementById("local-draft-offer");
    if (localOffer && !(offer && draft)) {
      var kept = null;
      try { kept = JSON.parse(localStorage.getItem(localKey) || "null"); } catch (e) { kept = null; }
      if (kept && kept.fields && String(kept.version || "0") !== formVersion()) {
        forgetLocal();  // made from an older version: someone has saved since
        kept = null;
      }
      if (kept && kept.fields && JSON.stringify(kept.fields) !== JSON.stringify(formFields(form))) {
        document.getElementById("local-draft-time").textContent = new Date(kept.at).toLocaleString();
        localOffer.hidden = false;
        localOffer.querySelector("[data-restore-local]").addEventListener("click", function () {
          restoreFields(form, kept.fields);
          localOffer.hidden = true;
          say("Draft restored. Save to keep it as a version.");
        });
        localOffer.querySelector("[data-discard-local]").addEventListener("click", function () {
          forgetLocal();
          localOffer.hidden = true;
        });
      }
    }

    // The preview as readers will see it: the form posted into both frames, and the card.
    var previewButton = form.querySelector("[data-reader-preview]");
    function postInto(frameName) {
      var temporary = document.createElement("form");
      temporary.method = "post";
      temporary.action = previewButton.getAttribute("formaction");
      temporary.target = frameName;
      temporary.hidden = true;
      new FormData(form).forEach(function (value, name) {
        var carrier = document.createElement("textarea");
        carrier.name = name;
        carrier.value = value;
        temporary.appendChild(carrier);
      });
      document.body.appendChild(temporary);
      temporary.submit();
      temporary.remove();
    }
    function showCard() {
      var card = document.getElementById("social-card");
      if (!card) return;
      fetch(form.getAttribute("data-card-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": csrfToken(form), "X-Requested-With": "fetch" },
        body: formBody(form)
      }).then(function (response) {
        if (!response.ok) throw new Error("card " + response.status);
        return response.json();
      }).then(function (answer) {
        card.querySelector(".social-card-site").textContent = answer.site;
        card.querySelector(".social-card-title").textContent = answer.title;
        card.querySelector(".social-card-description").textContent = answer.description;
        var image = card.querySelector(".social-card-image");
        image.hidden = !answer.image;
        if (answer.image) {
          image.src = answer.image.path;
          image.alt = answer.image.alt;
        } else {
          image.removeAttribute("src");
        }
        card.hidden = false;
      }).catch(function () { /* a convenience: keep the last card */ });
    }
    function showReaderPreview() {
      if (!previewButton) return;
      previewShown = true;
      postInto("preview-desktop");
      postInto("preview-phone");
      showCard();
    }
    if (previewButton) {
      previewButton.addEventListener("click", function (event) {
        event.preventDefault();
        showReaderPreview();
        document.getElementById("reader-preview").scrollIntoView({ block: "start" });
      });
    }
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
    document.querySelectorAll("form[data-editor]").forEach(storyEditor);
    document.querySelectorAll("form[data-decide]").forEach(decideLink);
  });

  // The live composer posts entries with fetch: the writer stays on the page, the form is
  // cleared for the next entry, and the entry joins the list at the top. Without script the
  // form posts and the page comes back.
  var composer = document.querySelector("[data-live-composer]");
  if (composer) {
    composer.addEventListener("submit", function (event) {
      event.preventDefault();
      var status = composer.querySelector(".live-composer-status");
      var button = composer.querySelector("button[type=submit]");
      button.disabled = true;
      fetch(composer.getAttribute("action"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": csrfToken(composer), "X-Requested-With": "fetch" },
        body: new URLSearchParams(new FormData(composer))
      }).then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data.error || "Not posted.");
          return data;
        });
      }).then(function (data) {
        var entry = data.entry;
        var list = document.getElementById("live-entries");
        var item = document.createElement("li");
        item.setAttribute("data-entry-id", entry.id);
        var meta = document.createElement("span");
        meta.className = "small";
        meta.textContent = entry.posted + " · " + entry.author +
            (entry.key_moment ? " · key moment" : "") + (entry.pinned ? " · pinned" : "");
        var text = document.createElement("span");
        text.className = "entry-text";
        text.textContent = entry.text;
        item.appendChild(meta);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(text);
        if (entry.edit_url) {
          var edit = document.createElement("a");
          edit.href = entry.edit_url;
          edit.textContent = "Edit";
          edit.setAttribute("aria-label", "Edit the entry of " + entry.posted);
          item.appendChild(document.createTextNode(" "));
          item.appendChild(edit);
        }
        list.insertBefore(item, list.firstChild);
        var none = document.querySelector(".live-desk-empty");
        if (none) none.remove();
        composer.reset();
        status.textContent = data.message;
      }).catch(function (error) {
        status.textContent = error.message;
      }).then(function () {
        button.disabled = false;
      });
    });
  }
})();
