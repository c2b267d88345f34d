// Back Coach's page, run before the terminal's script reads the address:
// the key leaves the address bar (it is a cookie now), and so do the terminal
// script's `ping` and `delay` options, which nothing here uses.
(function () {
  "use strict";
  const url = new URL(window.location.href);
  for (const name of ["token", "ping", "delay"]) {
    url.searchParams.delete(name);
  }
  const kept = url.pathname + (url.searchParams.toString() ? "?" + url.searchParams : "");
  window.history.replaceState(null, "", kept);
  // When the app's connection closes, the page says why (the server gives the reason:
  // the app was closed, stopped unexpectedly, too many tabs, the server stopped).
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(address, protocols) {
      super(address, protocols);
      this.addEventListener("close", function (event) {
        const message = document.querySelector(".closed-dialog .message");
        if (message && event.reason) {
          message.textContent = event.reason;
        }
      });
    }
  };
  document.addEventListener("DOMContentLoaded", function () {
    for (const button of document.querySelectorAll("[data-restart]")) {
      button.addEventListener("click", function () {
        window.location.href = kept;
      });
    }
  });
})();
