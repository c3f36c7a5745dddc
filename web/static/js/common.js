// What every live page shares: the words the script shows, the socket and its
// connection state, the server-clock offset, countdowns that tick from
// absolute times, and times of day. Each page's own module imports this one.
import * as countdown from "./countdown.js";

// Every word the script puts on a page, in one place, in the page's language:
// `gettext` (floor-text.js) takes them from the catalogue sent with the page.
const { gettext } = window.floorText;
export const STRINGS = {
  live: gettext("Live"),
  reconnecting: gettext("Reconnecting…"),
  expected: gettext("expected %(time)s"),
  behind: gettext("%(minutes)s min behind"),
  ahead: gettext("%(minutes)s min ahead"),
  onTime: gettext("on time"),
  running: gettext("Running %(how)s · projected end %(time)s"),
  noTime: gettext("no time"),
  budget: gettext("The list does not fit: %(waiting)s waiting × %(limit)s needs %(needed)s, but %(left)s is left for this item."),
  shorten: gettext("Shorten turns to %(limit)s"),
  hasFloor: gettext("You have the floor."),
  next: gettext("You're next."),
  waiting: gettext("You are #%(place)s, about %(minutes)s min."),
  register: gettext("Register to raise your hand."),
  why: gettext("Why: %(reason)s"),
};

// STRINGS[key] with its %(name)s placeholders filled in.
export function t(key, values) {
  return STRINGS[key].replace(/%\((\w+)\)s/g, (_, name) => String(values[name]));
}

let socket = null; // the ws extension's socket wrapper, once open

export function send(command) {
  if (socket) socket.send(JSON.stringify(command));
}

// --- server clock -------------------------------------------------------
// offset = server time - local time, from the round trip with the lowest
// latency (its midpoint is the best estimate of when the server read its clock).
const clock = { offset: 0, rtt: Infinity, samples: 0 };
window.floorClock = clock;

function sample(best) {
  const sent = Date.now();
  const t0 = performance.now();
  return fetch("/clock", { cache: "no-store" })
    .then((r) => r.json())
    .then((body) => {
      const rtt = performance.now() - t0;
      clock.samples += 1;
      if (rtt <= best.rtt) {
        best.rtt = rtt;
        best.offset = body.now - (sent + rtt / 2);
      }
    });
}

// At least `rounds` round trips; while none was quick (a busy network or server),
// a few more, since only a quick one pins the server's time down.
const QUICK_MS = 30;
function estimate(rounds) {
  const best = { rtt: Infinity, offset: 0 };
  let taken = 0;
  function more() {
    if (taken >= rounds && (best.rtt <= QUICK_MS || taken >= 2 * rounds + 2)) return null;
    taken += 1;
    return sample(best).then(more);
  }
  return Promise.resolve().then(more).then(() => {
    clock.rtt = best.rtt;
    clock.offset = best.offset;
    report();
  }).catch(() => { /* offline: keep the last estimate */ });
}

function report() {
  if (isFinite(clock.rtt)) send({ type: "report", offset: clock.offset, rtt: clock.rtt });
}

export function serverNow() { return Date.now() + clock.offset; }
window.floorServerNow = serverNow;

// --- countdowns ----------------------------------------------------------
// The rules are countdown.js's (the core's, checked case for case); an element's
// data attributes are the timer.
export const fmt = countdown.text;

export function remaining(el, now) {
  return countdown.remaining(el.dataset, now);
}
window.floorRemaining = (el) => remaining(el, serverNow());

function level(el, left) {
  return countdown.level(left, el.dataset.warning, el.dataset.danger);
}

function tick() {
  if (!document.body.classList.contains("offline")) {
    const now = serverNow();
    document.querySelectorAll(".countdown[data-duration]").forEach((el) => {
      const left = remaining(el, now);
      const text = fmt(left);
      const value = el.querySelector(".countdown-value");
      if (value && value.textContent !== text) value.textContent = text;
      const lv = level(el, left);
      if (el.dataset.level !== lv) el.dataset.level = lv;
      el.classList.toggle("paused", !el.dataset.startedAt);
    });
  }
  requestAnimationFrame(tick);
}

export function timerLeft(which) {
  const el = document.querySelector('[data-timer="' + which + '"] .countdown[data-duration]');
  return el ? remaining(el, serverNow()) : null;
}

// --- times of day ---------------------------------------------------------
// "4:05pm", the way the agenda prints its times.
// A time of day as the page's language writes it ("4:05 PM", "16:05"), in the
// meeting's time zone when the page names one (data-zone on <body>).
export function hhmm(ms) {
  return window.floorText.time(ms, document.body.dataset.zone || undefined);
}
export function setText(el, text) { if (el.textContent !== text) el.textContent = text; }

// A page's own module asks to be told after every message and every second.
const onSecond = [];
const onMessage = [];
export function everySecond(fn) { onSecond.push(fn); }
export function afterMessage(fn) { onMessage.push(fn); }

function refresh() {
  document.querySelectorAll("time[data-at]").forEach((el) => {
    setText(el, hhmm(Number(el.dataset.at)));
  });
  document.querySelectorAll("[data-time-of-day]").forEach((el) => {
    setText(el, hhmm(serverNow()));
  });
  onSecond.forEach((fn) => fn());
}

// --- connection state ----------------------------------------------------
function setOnline(online) {
  document.body.classList.toggle("offline", !online);
  const text = document.querySelector(".connection-text");
  if (text) text.textContent = online ? STRINGS.live : STRINGS.reconnecting;
}

// Open is not live yet: the page shows "live" once the full state has arrived, so a
// timer from before the break never looks current.
let awaitingState = true;
document.addEventListener("htmx:wsConnecting", () => setOnline(false));
document.addEventListener("htmx:wsOpen", (evt) => {
  socket = evt.detail.socketWrapper;
  awaitingState = true;
  estimate(5);
});
document.addEventListener("htmx:wsClose", () => setOnline(false));
document.addEventListener("htmx:wsError", () => setOnline(false));
document.addEventListener("htmx:wsAfterMessage", () => {
  if (awaitingState) { awaitingState = false; setOnline(true); }
  refresh();
  onMessage.forEach((fn) => fn());
});

// Commands go up as plain JSON: the extension's HEADERS field is not part of them.
document.addEventListener("htmx:wsConfigSend", (evt) => {
  evt.detail.messageBody = JSON.stringify(evt.detail.parameters);
});
document.addEventListener("htmx:wsAfterSend", (evt) => {
  const form = evt.target.closest && evt.target.closest("form");
  if (form && form.hasAttribute("data-reset")) form.reset();
  const dialog = evt.target.closest && evt.target.closest("dialog");
  if (dialog) dialog.close();
});

// --- start ---------------------------------------------------------------
function start() {
  document.body.classList.add("offline");
  setInterval(() => estimate(5), 5 * 60 * 1000);
  setInterval(report, 5 * 1000);  // health.REPORT_EVERY: three missed and the chair sees it
  setInterval(refresh, 1000);
  refresh();
  onMessage.forEach((fn) => fn());
  requestAnimationFrame(tick);
}
// Modules run once the document is parsed, this one before the page's own, which
// registers its hooks; DOMContentLoaded comes after both.
document.addEventListener("DOMContentLoaded", start);
