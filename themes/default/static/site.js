// Readers' conveniences; every page works without this script.
// - Embeds: a story's facade (figure.embed, text/embeds.h) gets a button, and only a click on it
//   loads the provider's player. Nothing is asked of the provider before that click.
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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("figure.embed[data-embed-src]").forEach(facade);
  });
})();
