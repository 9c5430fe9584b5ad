/* SSR Monitor — the little JavaScript the pages use, loaded with `defer` (CSP: script-src 'self').
 *
 * Every page works without it. It only shows the messages that the server sends to HTMX
 * requests in the HX-Trigger header (core.middleware.HtmxMessagesMiddleware), and a readable
 * message when an HTMX request fails (403 with its reason, network down, server error).
 */
(function () {
  "use strict";

  var LEVELS = ["success", "info", "warning", "error", "debug"];

  function messageArea() {
    return document.getElementById("messages");
  }

  function show(level, text) {
    var area = messageArea();
    if (!area || !text) {
      return;
    }
    var item = document.createElement("p");
    var safeLevel = LEVELS.indexOf(level) >= 0 ? level : "info";
    item.className = "message message--" + safeLevel;
    item.textContent = text; // never innerHTML: messages may quote user input
    area.appendChild(item);
    while (area.children.length > 5) {
      area.removeChild(area.firstElementChild);
    }
  }

  function clearMessages() {
    var area = messageArea();
    if (area) {
      area.textContent = "";
    }
  }

  // Messages of an HTMX response: {"messages": [{"level": "success", "text": "…"}]}.
  document.addEventListener("messages", function (event) {
    var items = event.detail && event.detail.value;
    if (!Array.isArray(items)) {
      return;
    }
    items.forEach(function (message) {
      show(String(message.level || "info"), String(message.text || ""));
    });
  });

  document.addEventListener("htmx:beforeRequest", clearMessages);

  // A table wider than the screen scrolls inside its .table-scroll box: make that box reachable
  // by keyboard (a focusable region named by the table's caption) only while it does scroll.
  function markScrollRegions(root) {
    var boxes = (root || document).querySelectorAll(".table-scroll");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (caption && !box.hasAttribute("aria-label")) {
          box.setAttribute("aria-label", caption.textContent.trim());
        }
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { markScrollRegions(document); });
  window.addEventListener("resize", function () { markScrollRegions(document); });
  document.addEventListener("htmx:afterSettle", function (event) { markScrollRegions(event.target); });

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (!xhr) {
      return;
    }
    if (xhr.getResponseHeader("HX-Trigger")) {
      return; // the server already said why, in a message
    }
    var lang = document.documentElement.lang === "fr" ? "fr" : "en";
    var text = {
      en: "The action did not succeed (error " + xhr.status + "). Reload the page and try again.",
      fr: "L’action n’a pas abouti (erreur " + xhr.status + "). Rechargez la page et réessayez."
    }[lang];
    show("error", text);
  });

  document.addEventListener("htmx:sendError", function () {
    var lang = document.documentElement.lang === "fr" ? "fr" : "en";
    show("error", {
      en: "No connection: nothing was sent. Try again when the network is back.",
      fr: "Pas de connexion : rien n’a été envoyé. Réessayez quand le réseau sera revenu."
    }[lang]);
  });

  // After a swap that brought form errors, move focus to the error summary.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    var summary = target && target.querySelector ? target.querySelector(".form-errors") : null;
    if (summary) {
      summary.focus();
    }
  });
})();
