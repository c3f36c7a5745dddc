// Before and after the meeting: "starts in 12 min", planned times in the viewer's
// own zone when it differs from the meeting's, links that carry the page's key,
// and the builder's time zone defaulting to the browser's. Formatting only: what
// is shown and when comes from the server.
(function () {
  "use strict";
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }

  function clock(ms) {
    var d = new Date(ms);
    var h = d.getHours(), m = d.getMinutes();
    return ((h % 12) || 12) + ":" + (m < 10 ? "0" : "") + m + (h < 12 ? "am" : "pm");
  }

  function setText(el, text) { if (el.textContent !== text) el.textContent = text; }

  function startsIn() {
    document.querySelectorAll("[data-starts-at]").forEach(function (el) {
      var left = Number(el.dataset.startsAt) - Date.now();
      var minutes = Math.round(left / 60000);
      var text;
      if (minutes > 120) text = "";
      else if (minutes > 1) text = el.dataset.in.replace("{n}", minutes);
      else if (minutes >= -1) text = el.dataset.now;
      else text = "";
      setText(el, text);
    });
  }

  function localTimes() {
    document.querySelectorAll("[data-local-at]").forEach(function (el) {
      var theirs = el.dataset.zone;
      setText(el, theirs && zone && theirs !== zone ? el.dataset.yours.replace("{time}", clock(Number(el.dataset.localAt))) : "");
    });
  }

  function keyedLinks() {
    var key = new URLSearchParams(location.search).get("key");
    if (!key) return;
    document.querySelectorAll("a[data-keyed]").forEach(function (a) {
      var url = new URL(a.getAttribute("href"), location.href);
      if (url.searchParams.get("key") !== key) {
        url.searchParams.set("key", key);
        a.setAttribute("href", url.pathname + url.search);
      }
    });
  }

  function builderZone() {
    var input = document.querySelector(".builder input[name=timezone]");
    if (input && !input.value && zone) input.value = zone;
  }

  function refresh() { startsIn(); localTimes(); keyedLinks(); }

  document.addEventListener("DOMContentLoaded", function () {
    builderZone();
    refresh();
    setInterval(startsIn, 15000);
  });
  document.addEventListener("htmx:wsAfterMessage", refresh);
  document.addEventListener("click", function (evt) {
    if (evt.target.closest && evt.target.closest("[data-print]")) window.print();
  });
})();
