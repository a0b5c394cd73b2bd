// Readers' conveniences; every page works without this script.
// - Embeds: a story's facade (figure.embed, text/embeds.h) gets a button, and only a click on it
//   loads the provider's player. Nothing is asked of the provider before that click.
// - Galleries: the arrow keys and a swipe across the photo follow the page's own previous and
//   next links (each photo is a page of its own, so this only saves a reach for the link).
(function () {
  "use strict";

  function loadPlayer(figure, button) {
    var src = figure.getAttribute("data-embed-src");
    // The server let only the allowlist's player addresses through; https is checked again here.
    if (!src || src.indexOf("https://") !== 0) return;
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = (figure.getAttribute("data-embed-provider") || "Embedded") + " player";
    frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.className = "embed-player";
    button.remove();
    figure.insertBefore(frame, figure.firstChild);
    figure.classList.add("embed-loaded");
    frame.focus();
  }

  function facade(figure) {
    var provider = figure.getAttribute("data-embed-provider") || "the provider";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "embed-load";
    button.textContent = "Load from " + provider;
    var note = document.createElement("span");
    note.className = "embed-note";
    note.textContent = "Loading it connects to " + provider + ", which may set cookies.";
    var caption = figure.querySelector("figcaption") || figure;
    caption.appendChild(button);
    caption.appendChild(note);
    button.addEventListener("click", function () { loadPlayer(figure, button); note.remove(); });
  }

  function follow(selector) {
    var link = document.querySelector(selector);
    if (link && link.href) window.location.assign(link.href);
  }

  function galleryKeys(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    if (event.key === "ArrowRight") { event.preventDefault(); follow("[data-gallery-next]"); }
    if (event.key === "ArrowLeft") { event.preventDefault(); follow("[data-gallery-prev]"); }
  }

  function gallerySwipes(viewer) {
    var startX = null, startY = 0;
    viewer.addEventListener("touchstart", function (e) {
      if (e.touches.length !== 1) { startX = null; return; }
      startX = e.touches[0].clientX;
      startY = e.touches[0].clientY;
    }, { passive: true });
    viewer.addEventListener("touchend", function (e) {
      if (startX === null) return;
      var dx = e.changedTouches[0].clientX - startX;
      var dy = e.changedTouches[0].clientY - startY;
      startX = null;
      // A clear sideways move; a mostly vertical one is the reader scrolling.
      if (Math.abs(dx) < 50 || Math.abs(dx) < Math.abs(dy) * 1.5) return;
      follow(dx < 0 ? "[data-gallery-next]" : "[data-gallery-prev]");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("figure.embed[data-embed-src]").forEach(facade);
    if (document.querySelector(".gallery-story")) {
      document.addEventListener("keydown", galleryKeys);
      document.querySelectorAll("[data-gallery-viewer]").forEach(gallerySwipes);
    }
  });
})();
