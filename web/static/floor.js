// Floor's page behaviour: countdowns that tick from absolute times, the
// server-clock offset, the connection state, the participant's own place in
// the queue (computed here so the server renders once per role, not per
// person), and the chair's keyboard, confirmations, drag and drop, agenda
// dialog, slot budget and schedule projection.
(function () {
  "use strict";

  var socket = null; // the ws extension's socket wrapper, once open

  function send(command) {
    if (socket) socket.send(JSON.stringify(command));
  }

  // --- server clock -------------------------------------------------------
  // offset = server time - local time, from the round trip with the lowest
  // latency (its midpoint is the best estimate of when the server read its clock).
  var clock = { offset: 0, rtt: Infinity, samples: 0 };
  window.floorClock = clock;

  function sample(best) {
    var sent = Date.now();
    var t0 = performance.now();
    return fetch("/clock", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        var rtt = performance.now() - t0;
        clock.samples += 1;
        if (rtt <= best.rtt) {
          best.rtt = rtt;
          best.offset = body.now - (sent + rtt / 2);
        }
      });
  }

  // At least `rounds` round trips; while none was quick (a busy network or server),
  // a few more, since only a quick one pins the server's time down.
  var QUICK_MS = 30;
  function estimate(rounds) {
    var best = { rtt: Infinity, offset: 0 };
    var taken = 0;
    function more() {
      if (taken >= rounds && (best.rtt <= QUICK_MS || taken >= 2 * rounds + 2)) return null;
      taken += 1;
      return sample(best).then(more);
    }
    return Promise.resolve().then(more).then(function () {
      clock.rtt = best.rtt;
      clock.offset = best.offset;
      report();
    }).catch(function () { /* offline: keep the last estimate */ });
  }

  function report() {
    if (isFinite(clock.rtt)) send({ type: "report", offset: clock.offset, rtt: clock.rtt });
  }

  function serverNow() { return Date.now() + clock.offset; }
  window.floorServerNow = serverNow;

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

  function timerLeft(which) {
    var el = document.querySelector('[data-timer="' + which + '"] .countdown[data-duration]');
    return el ? remaining(el, serverNow()) : null;
  }

  // --- times of day ---------------------------------------------------------
  // "4:05pm", the way the agenda prints its times.
  function hhmm(ms) {
    var d = new Date(ms);
    var h = d.getHours();
    return (h % 12 || 12) + ":" + String(d.getMinutes()).padStart(2, "0") + (h < 12 ? "am" : "pm");
  }
  function setText(el, text) { if (el.textContent !== text) el.textContent = text; }

  function everySecond() {
    document.querySelectorAll("time[data-at]").forEach(function (el) {
      setText(el, hhmm(Number(el.dataset.at)));
    });
    document.querySelectorAll("[data-time-of-day]").forEach(function (el) {
      setText(el, hhmm(serverNow()));
    });
    projection();
    budget();
  }

  // --- the chair's schedule projection and slot budget ---------------------
  function projection() {
    var el = document.querySelector(".projection[data-planned-end]");
    if (!el || !el.dataset.plannedEnd || el.dataset.plannedEnd === "None") return;
    var left = timerLeft("item");
    var itemEnd = serverNow() + Math.max(0, left || 0);
    document.querySelectorAll("#agenda .expected[data-ahead]").forEach(function (row) {
      setText(row, "expected " + hhmm(itemEnd + Number(row.dataset.ahead)));
    });
    var end = itemEnd + Number(el.dataset.rest);
    var drift = Math.round((end - Number(el.dataset.plannedEnd)) / 60000);
    var how = drift > 0 ? drift + " min behind" : drift < 0 ? -drift + " min ahead" : "on time";
    el.dataset.drift = drift > 0 ? "behind" : drift < 0 ? "ahead" : "ontime";
    setText(el, "Running " + how + " · projected end " + hhmm(end));
  }

  function budget() {
    var el = document.querySelector(".budget[data-waiting]");
    if (!el) return;
    var left = timerLeft("item");
    var waiting = Number(el.dataset.waiting);
    var limit = Number(el.dataset.limit) * 1000;
    var speaker = Math.max(0, timerLeft("speaker") || 0);
    var needed = waiting * limit + speaker;
    var fits = left === null || needed <= left;
    el.hidden = fits;
    if (fits) return;
    var room = Math.max(0, left - speaker);
    var seconds = Math.max(10, Math.floor(room / 1000 / waiting / 10) * 10);
    setText(el.querySelector(".budget-text"),
      "The list does not fit: " + waiting + " waiting × " + fmt(limit) + " needs " + fmt(needed) +
      ", but " + (left > 0 ? fmt(left) : "no time") + " is left for this item.");
    var shorten = el.querySelector(".budget-shorten");
    if (shorten) {
      shorten.setAttribute("hx-vals", JSON.stringify({ type: "set_speaker_limit", seconds: seconds }));
      setText(shorten, "Shorten turns to " + fmt(seconds * 1000));
    }
  }

  // --- the participant's own place -----------------------------------------
  var lastState = "";
  function myPlace() {
    var me = document.body.dataset.me;
    var status = document.getElementById("my-status");
    if (!me || !status) return;
    var speaking = document.querySelector('[data-speaker-pid="' + me + '"]');
    // The whole order comes compactly in #speakers-order; only the first names are listed.
    var order = document.getElementById("speakers-order");
    var pids = order && order.dataset.order ? order.dataset.order.split(" ") : [];
    var index = pids.indexOf(me);
    var reasonOf = function (i) {
      var why = order.dataset.why.split(" ");
      return JSON.parse(order.dataset.reasons)[Number(why[i])] || "";
    };
    document.querySelectorAll("#speakers [data-pid]").forEach(function (li) {
      li.classList.toggle("me", li.dataset.pid === me);
    });
    var profile = document.getElementById("profile");
    var registered = profile && profile.dataset.registered === "true";
    document.body.classList.toggle("registered", !!registered);
    var raise = document.querySelector(".raise-form [type=submit]");
    if (raise) raise.disabled = !registered;
    document.body.classList.toggle("in-list", index >= 0);
    document.body.classList.toggle("has-floor", !!speaking);
    document.body.classList.toggle("is-next", index === 0 && !speaking);
    var state, text, why = "";
    if (speaking) {
      state = "floor"; text = "You have the floor.";
    } else if (index === 0) {
      state = "next"; text = "You're next."; why = reasonOf(0);
    } else if (index > 0) {
      var limit = (Number(order.dataset.limit) || 180) * 1000;
      var current = document.querySelector("#current .countdown[data-duration]");
      var someone = document.querySelector("#current [data-speaker-pid]");
      var wait = index * limit + (current && someone ? Math.max(0, remaining(current, serverNow())) : 0);
      state = "waiting:" + index;
      text = "You are #" + (index + 1) + ", about " + Math.max(1, Math.round(wait / 60000)) + " min.";
      why = reasonOf(index);
    } else {
      state = "none";
      text = registered ? "" : "Register to raise your hand.";
    }
    // Next and the floor are announced at once by the alert region; the status, read
    // politely, would only say it a second time.
    var alerting = state === "next" || state === "floor";
    status.setAttribute("aria-live", alerting ? "off" : "polite");
    setText(status, text);
    var reason = document.getElementById("my-why");
    if (reason) setText(reason, why ? "Why: " + why : "");
    if (state !== lastState && alerting) alertMe(state, text);
    lastState = state;
  }

  function alertMe(state, text) {
    var region = document.getElementById("my-alert");
    if (region) {
      // Emptied first, so that the same words said again are announced again.
      region.textContent = "";
      setTimeout(function () { region.textContent = text; }, 50);
    }
    if (navigator.vibrate) navigator.vibrate(state === "floor" ? [200, 100, 200] : 200);
    var sound = document.getElementById("sound-alerts");
    if (!sound || !sound.checked) return;
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      var ctx = new Ctx();
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.frequency.value = state === "floor" ? 880 : 660;
      gain.gain.setValueAtTime(0.2, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.6);
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.6);
      window.floorLastBeep = state;
    } catch (e) { /* no audio here */ }
  }

  // --- connection state ----------------------------------------------------
  function setOnline(online) {
    document.body.classList.toggle("offline", !online);
    var text = document.querySelector(".connection-text");
    if (text) text.textContent = online ? "Live" : "Reconnecting…";
  }

  // Open is not live yet: the page shows "live" once the full state has arrived, so a
  // timer from before the break never looks current.
  var awaitingState = true;
  document.addEventListener("htmx:wsConnecting", function () { setOnline(false); });
  document.addEventListener("htmx:wsOpen", function (evt) {
    socket = evt.detail.socketWrapper;
    awaitingState = true;
    estimate(5);
  });
  document.addEventListener("htmx:wsClose", function () { setOnline(false); });
  document.addEventListener("htmx:wsError", function () { setOnline(false); });
  document.addEventListener("htmx:wsAfterMessage", function () {
    if (awaitingState) { awaitingState = false; setOnline(true); }
    everySecond();
    myPlace();
  });

  // Commands go up as plain JSON: the extension's HEADERS field is not part of them.
  document.addEventListener("htmx:wsConfigSend", function (evt) {
    evt.detail.messageBody = JSON.stringify(evt.detail.parameters);
  });
  document.addEventListener("htmx:wsAfterSend", function (evt) {
    var form = evt.target.closest && evt.target.closest("form");
    if (form && form.hasAttribute("data-reset")) form.reset();
    var dialog = evt.target.closest && evt.target.closest("dialog");
    if (dialog) dialog.close();
  });

  // --- confirmations: destructive actions ask first --------------------------
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest && evt.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      evt.stopImmediatePropagation();
      evt.preventDefault();
    }
  }, true);

  // --- keyboard (chair) ----------------------------------------------------
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  // Space on a button, link or summary reached with the keyboard presses that, as it
  // always does. One clicked with the mouse keeps the focus too, but there Space is the
  // shortcut: the chair who clicked "Set time" and then presses Space means the timer.
  var CONTROL = "button, a[href], summary, [role=button]";
  var clicked = null;  // the control last pressed with a pointer, while it keeps focus
  document.addEventListener("pointerdown", function (evt) {
    clicked = evt.target.closest ? evt.target.closest(CONTROL) : null;
  }, true);
  document.addEventListener("focusin", function (evt) {
    if (evt.target !== clicked) clicked = null;
  });
  function pressable(el) {
    var target = el && el.closest && el.closest(CONTROL);
    return !!target && target !== clicked;
  }
  document.addEventListener("keydown", function (evt) {
    if (evt.ctrlKey || evt.metaKey || evt.altKey || typing(evt.target)) return;
    if (document.querySelector("dialog[open]")) return;
    if (evt.key === " " && pressable(evt.target)) return;
    var key = evt.key.length === 1 ? evt.key.toLowerCase() : evt.key;
    if (key === "=") key = "+";
    if (key === "_") key = "-";
    var button = document.querySelector('[data-key="' + CSS.escape(key) + '"]');
    if (!button || button.disabled) return;
    evt.preventDefault();
    // A held key repeats: that must not call three speakers or skip three items.
    if (!evt.repeat) button.click();
  });

  // --- agenda item dialog (chair) ------------------------------------------
  document.addEventListener("click", function (evt) {
    var opener = evt.target.closest && evt.target.closest("[data-edit-item]");
    if (opener) {
      var dialog = document.getElementById("item-dialog");
      var form = dialog.querySelector("form");
      var id = opener.dataset.editItem;
      var li = id && document.querySelector('#agenda [data-item-id="' + id + '"]');
      form.elements.type.value = li ? "edit_item" : "add_item";
      form.elements.item_id.value = id || "";
      form.elements.item_id.disabled = !li;
      form.elements.title.value = li ? li.dataset.title : "";
      form.elements.duration.value = li ? li.dataset.duration : 15;
      form.elements.speaker_limit.value = li ? li.dataset.limit : 180;
      form.elements.presenters.value = li ? li.dataset.presenters : "";
      dialog.showModal();
      form.elements.title.focus();
      return;
    }
    var closer = evt.target.closest && evt.target.closest("[data-close-dialog]");
    if (closer) closer.closest("dialog").close();
  });

  // --- drag and drop in the chair's queue (mouse and touch) -----------------
  var drag = null;
  document.addEventListener("pointerdown", function (evt) {
    var handle = evt.target.closest && evt.target.closest("#speakers .drag-handle");
    if (!handle) return;
    var li = handle.closest(".hand");
    var list = li.parentElement;
    drag = { li: li, list: list, from: Array.prototype.indexOf.call(list.children, li) };
    li.classList.add("dragging");
    handle.setPointerCapture(evt.pointerId);
    evt.preventDefault();
  });
  document.addEventListener("pointermove", function (evt) {
    if (!drag) return;
    var rows = Array.prototype.slice.call(drag.list.children);
    for (var i = 0; i < rows.length; i++) {
      var box = rows[i].getBoundingClientRect();
      if (rows[i] !== drag.li && evt.clientY >= box.top && evt.clientY <= box.bottom) {
        var after = evt.clientY > box.top + box.height / 2;
        drag.list.insertBefore(drag.li, after ? rows[i].nextSibling : rows[i]);
        break;
      }
    }
  });
  function endDrag() {
    if (!drag) return;
    var to = Array.prototype.indexOf.call(drag.list.children, drag.li);
    drag.li.classList.remove("dragging");
    // A push replaced the list meanwhile: the drop would land on a stale order.
    if (document.contains(drag.li) && to !== drag.from) send({ type: "move_hand", hand_id: Number(drag.li.dataset.handId), to: to });
    drag = null;
  }
  document.addEventListener("pointerup", endDrag);
  document.addEventListener("pointercancel", endDrag);

  // --- start ---------------------------------------------------------------
  document.addEventListener("DOMContentLoaded", function () {
    document.body.classList.add("offline");
    var sound = document.getElementById("sound-alerts");
    if (sound) {
      sound.checked = localStorage.getItem("floor-sound") === "on";
      sound.addEventListener("change", function () {
        localStorage.setItem("floor-sound", sound.checked ? "on" : "off");
      });
    }
    setInterval(function () { estimate(5); }, 5 * 60 * 1000);
    setInterval(report, 5 * 1000);  // health.REPORT_EVERY: three missed and the chair sees it
    setInterval(everySecond, 1000);
    everySecond();
    myPlace();
    requestAnimationFrame(tick);
  });
})();
