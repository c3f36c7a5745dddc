// Floor's page behaviour: countdowns that tick from absolute times, the
// server-clock offset, the connection state, and the participant's own
// place in the queue (computed here so the server renders once per role).
(function () {
  "use strict";

  // --- server clock -------------------------------------------------------
  // offset = server time - local time, from the round trip with the lowest
  // latency (its midpoint is the best estimate of when the server read its clock).
  var clock = { offset: 0, rtt: Infinity, samples: 0 };
  window.floorClock = clock;

  function sample() {
    var sent = Date.now();
    var t0 = performance.now();
    return fetch("/clock", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        var rtt = performance.now() - t0;
        clock.samples += 1;
        if (rtt <= clock.rtt) {
          clock.rtt = rtt;
          clock.offset = body.now - (sent + rtt / 2);
        }
      });
  }

  function estimate(rounds) {
    clock.rtt = Infinity;
    var chain = Promise.resolve();
    for (var i = 0; i < rounds; i++) chain = chain.then(sample);
    return chain.catch(function () { /* offline: keep the last estimate */ });
  }

  function serverNow() { return Date.now() + clock.offset; }

  // --- countdowns ----------------------------------------------------------
  function fmt(ms) {
    if (ms < 0) {
      var over = Math.floor(-ms / 1000);
      return "+" + Math.floor(over / 60) + ":" + String(over % 60).padStart(2, "0");
    }
    var s = Math.ceil(ms / 1000);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function remaining(el, now) {
    var d = el.dataset;
    var elapsed = Number(d.elapsed);
    if (d.startedAt) elapsed += Math.max(0, now - Number(d.startedAt));
    return Number(d.duration) - elapsed;
  }
  window.floorRemaining = function (el) { return remaining(el, serverNow()); };

  function level(el, left) {
    if (left < 0) return "overtime";
    if (left <= Number(el.dataset.danger)) return "danger";
    if (left <= Number(el.dataset.warning)) return "warning";
    return "normal";
  }

  function tick() {
    if (!document.body.classList.contains("offline")) {
      var now = serverNow();
      document.querySelectorAll(".countdown[data-duration]").forEach(function (el) {
        var left = remaining(el, now);
        var text = fmt(left);
        var value = el.querySelector(".countdown-value");
        if (value && value.textContent !== text) value.textContent = text;
        var lv = level(el, left);
        if (el.dataset.level !== lv) el.dataset.level = lv;
        el.classList.toggle("paused", !el.dataset.startedAt);
      });
    }
    requestAnimationFrame(tick);
  }

  // --- times of day ---------------------------------------------------------
  function hhmm(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
  }
  function localTimes() {
    document.querySelectorAll("time[data-at]").forEach(function (el) {
      var text = hhmm(Number(el.dataset.at));
      if (el.textContent !== text) el.textContent = text;
    });
    document.querySelectorAll("[data-time-of-day]").forEach(function (el) {
      var text = hhmm(serverNow());
      if (el.textContent !== text) el.textContent = text;
    });
  }

  // --- the participant's own place -----------------------------------------
  var lastState = "";
  function myPlace() {
    var me = document.body.dataset.me;
    var status = document.getElementById("my-status");
    if (!me || !status) return;
    var speaking = document.querySelector('[data-speaker-pid="' + me + '"]');
    var rows = Array.prototype.slice.call(document.querySelectorAll("#queue [data-pid]"));
    var index = rows.findIndex(function (li) { return li.dataset.pid === me; });
    var profile = document.getElementById("profile");
    var registered = profile && profile.dataset.registered === "true";
    document.body.classList.toggle("registered", !!registered);
    document.body.classList.toggle("in-queue", index >= 0);
    document.body.classList.toggle("has-floor", !!speaking);
    var state, text;
    if (speaking) {
      state = "floor"; text = "You have the floor.";
    } else if (index === 0) {
      state = "next"; text = "You're next.";
    } else if (index > 0) {
      var limit = Number(rows[index].dataset.limit) || 180;
      var current = document.querySelector("#current .countdown[data-duration]");
      var wait = index * limit * 1000 + (current && document.querySelector("#current [data-speaker-pid]")
        ? Math.max(0, remaining(current, serverNow())) : 0);
      state = "waiting:" + index;
      text = "You are #" + (index + 1) + " in the list, about " + Math.max(1, Math.round(wait / 60000)) +
        " min (" + rows[index].dataset.reason + ").";
    } else {
      state = "none";
      text = registered ? "" : "Register below to raise your hand.";
    }
    if (status.textContent !== text) status.textContent = text;
    if (state !== lastState && (state === "next" || state === "floor") && navigator.vibrate) {
      navigator.vibrate(state === "floor" ? [200, 100, 200] : 200);
    }
    lastState = state;
  }

  // --- connection state ----------------------------------------------------
  function setOnline(online) {
    document.body.classList.toggle("offline", !online);
    var text = document.querySelector(".connection-text");
    if (text) text.textContent = online ? "Live" : "Reconnecting…";
  }

  document.addEventListener("htmx:wsConnecting", function () { setOnline(false); });
  document.addEventListener("htmx:wsOpen", function () { setOnline(true); estimate(5); });
  document.addEventListener("htmx:wsClose", function () { setOnline(false); });
  document.addEventListener("htmx:wsError", function () { setOnline(false); });
  document.addEventListener("htmx:wsAfterMessage", function () { localTimes(); myPlace(); });

  // Commands go up as plain JSON: the extension's HEADERS field is not part of them.
  document.addEventListener("htmx:wsConfigSend", function (evt) {
    evt.detail.messageBody = JSON.stringify(evt.detail.parameters);
  });
  document.addEventListener("htmx:wsAfterSend", function (evt) {
    var form = evt.target.closest && evt.target.closest("form[data-reset]");
    if (form) form.reset();
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.body.classList.add("offline");
    estimate(5);
    setInterval(function () { estimate(5); }, 5 * 60 * 1000);
    setInterval(localTimes, 1000);
    localTimes();
    myPlace();
    requestAnimationFrame(tick);
  });
})();
