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
