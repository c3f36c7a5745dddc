// What every live page shares: the words the script shows, the socket and its
// connection state, the server-clock offset, countdowns that tick from
// absolute times, and times of day. Each page's own module imports this one.
import * as countdown from "./countdown.js";
import { expectAnswer } from "./answers.js";

// Every word the script puts on a page, in one place, in the page's language:
// `gettext` (floor-text.js) takes them from the catalogue sent with the page.
const { gettext } = window.floorText;
export const STRINGS = {
  live: gettext("Live"),
  reconnecting: gettext("Reconnecting…"),
  refused: gettext("Not connected"),
  linkInvalid: gettext("This link is no longer valid: ask the chair for the new one."),
  meetingGone: gettext("This meeting no longer exists."),
  calledDeferred: gettext("You were called at %(time)s while you were offline. The chair skipped you for now: your hand keeps its place, and you are back in the list."),
  calledFloor: gettext("You were called at %(time)s while you were offline. The chair waited: you have the floor."),
  expected: gettext("expected %(time)s"),
  behind: gettext("%(minutes)s min behind"),
  ahead: gettext("%(minutes)s min ahead"),
  onTime: gettext("on time"),
  running: gettext("Running %(how)s · projected end %(time)s"),
  shorten: gettext("Shorten turns to %(limit)s"),
  forecast: gettext("At this pace the last %(unheard)s of %(waiting)s will not speak before the item's time runs out."),
  hasFloor: gettext("You have the floor."),
  yourQuestion: gettext("Put your question now: the speaker's clock waits."),
  next: gettext("You're next."),
  waiting: gettext("You are #%(place)s, about %(minutes)s min."),
  register: gettext("Register to raise your hand."),
  why: gettext("Why: %(reason)s"),
  blocked: gettext("You cannot ask for the floor in this meeting: the chair has blocked your hand."),
};

// STRINGS[key] with its %(name)s placeholders filled in.
export function t(key, values) {
  return STRINGS[key].replace(/%\((\w+)\)s/g, (_, name) => String(values[name]));
}

let socket = null; // the ws extension's socket wrapper, once open

// True if sent: nothing goes up while the line is down.
export function send(command) {
  if (!socket || !line || !line.live) return false;
  socket.send(JSON.stringify(command));
  if (command.type !== "report") expectAnswer(null);  // answered, but by no control
  return true;
}

// --- the line to the server -----------------------------------------------
// The ws extension swaps what arrives and sends what forms send; the line under
// it keeps a socket open as a person expects on a phone: it retries at once when
// the network or the page comes back, after any close but a refusal, with
// jittered backoff capped at MAX_DELAY, and finds a socket that went silent
// (a lift, a sleeping radio) by an application heartbeat.
const PING = JSON.stringify({ type: "ping" });
const PING_EVERY = 3000;    // ms without hearing from the server before asking
const SILENT_AFTER = 7000;  // ms without hearing anything: the socket is dead
const CONNECT_TIMEOUT = 5000;
const FIRST_DELAY = 500;
const MAX_DELAY = 10000;
// The server said no, for good: do not retry, say why. floor.web.socket closes with
// these after the handshake (a refused handshake reaches a page only as 1006).
const REFUSED = {
  1008: null,                // policy: nothing more to say than "not connected"
  4403: "linkInvalid",       // a chair or team key wrong, replaced or withdrawn
  4404: "meetingGone",       // no such meeting any more
};

let line = null;

class Line {
  constructor(url) {
    this.url = url;
    this.OPEN = WebSocket.OPEN;
    this.CONNECTING = WebSocket.CONNECTING;
    this.binaryType = "blob";
    this.onopen = this.onclose = this.onerror = null; // set by the extension
    this.listeners = [];
    this.ws = null;
    this.live = false;    // open, and the full state has arrived since
    this.ended = false;   // refused, or closed on purpose
    this.failures = 0;
    this.retry = null;
    this.heardAt = 0;
    this.pingedAt = 0;
    this.openedAt = 0;
    this.connects = 0;    // how many sockets this page opened (tests read it)
    this.closedWith = null;  // the code of the last close
    this.brokeAt = null;     // local ms last heard before the current break
    this.away = null;        // the last break, once over: { from: local ms }
    line = this;
    window.floorLine = this;
    this.connect();
  }

  get readyState() {
    return this.ws && this.ws.readyState === WebSocket.OPEN ? WebSocket.OPEN : WebSocket.CONNECTING;
  }

  addEventListener(type, fn) { if (type === "message") this.listeners.push(fn); }

  send(data) { if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(data); }

  close() {
    this.ended = true;
    clearTimeout(this.retry);
    this.drop();
  }

  // The last moment this page heard the server before its line broke: anything the
  // server did after it happened while the page was away.
  broke() {
    if (this.live && this.brokeAt === null) this.brokeAt = this.heardAt;
  }

  drop() {
    const ws = this.ws;
    this.broke();
    this.ws = null;
    this.live = false;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try { ws.close(); } catch (e) { /* already closing */ }
    }
  }

  connect() {
    clearTimeout(this.retry);
    this.retry = null;
    if (this.ended) return;
    this.drop();
    setOnline(false);
    const ws = new WebSocket(this.url);
    ws.binaryType = this.binaryType;
    this.ws = ws;
    this.connects += 1;
    this.openedAt = Date.now();
    ws.onopen = (evt) => {
      this.failures = 0;
      this.heardAt = this.pingedAt = Date.now();
      if (this.onopen) this.onopen(evt);
    };
    ws.onmessage = (evt) => {
      this.heardAt = Date.now();
      if (evt.data === "pong") return;
      if (!this.live) {
        this.live = true;
        this.failures = 0;
        if (this.brokeAt !== null) { this.away = { from: this.brokeAt }; this.brokeAt = null; }
      }
      this.listeners.forEach((fn) => fn(evt));
    };
    ws.onclose = (evt) => {
      this.closedWith = evt.code;
      this.broke();
      this.ws = null;
      this.live = false;
      setOnline(false);
      if (Object.prototype.hasOwnProperty.call(REFUSED, evt.code)) {
        this.ended = true;
        refused(REFUSED[evt.code]);
        if (this.onclose) this.onclose(evt);
        return;
      }
      this.later();
    };
    ws.onerror = () => { /* a close follows */ };
  }

  later() {
    const cap = Math.min(MAX_DELAY, FIRST_DELAY * 2 ** this.failures);
    this.failures += 1;
    this.retry = setTimeout(() => this.connect(), cap / 2 + Math.random() * cap / 2);
  }

  // The browser says the network or the page is back: try now, unless a socket is
  // on its way or has just been heard from (then ask it, to find out soon).
  wake() {
    if (this.ended) return;
    const ws = this.ws;
    if (ws && ws.readyState === WebSocket.CONNECTING && Date.now() - this.openedAt < CONNECT_TIMEOUT) return;
    if (ws && ws.readyState === WebSocket.OPEN && Date.now() - this.heardAt < PING_EVERY) {
      this.ping();
      return;
    }
    this.connect();
  }

  ping() {
    this.pingedAt = Date.now();
    this.send(PING);
  }

  beat() {
    const ws = this.ws;
    if (this.ended || !ws) return;
    const now = Date.now();
    if (ws.readyState === WebSocket.CONNECTING) {
      if (now - this.openedAt > CONNECT_TIMEOUT) this.connect();
    } else if (ws.readyState === WebSocket.OPEN) {
      if (now - this.heardAt > SILENT_AFTER) this.connect();
      else if (now - this.heardAt >= PING_EVERY && now - this.pingedAt >= PING_EVERY) this.ping();
    }
  }
}

htmx.createWebSocket = (url) => new Line(url);
setInterval(() => { if (line) line.beat(); }, 1000);
for (const [target, name] of [[window, "online"], [window, "pageshow"], [window, "focus"], [document, "visibilitychange"]]) {
  target.addEventListener(name, () => {
    if (line && document.visibilityState !== "hidden") line.wake();
  });
}
window.addEventListener("offline", () => { if (line) line.connect(); });

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

// Since when (server time) the page was away in its last break, or null if it had none.
export function awayFrom() {
  return line && line.away ? line.away.from + clock.offset : null;
}
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
function setConnectionText(words) {
  const text = document.querySelector(".connection-text");
  if (text) setText(text, words);
}

// A refusal for good: the pill says the page is not connected, and the notice (kept
// in view wherever the page is scrolled, and announced) says why and what to do.
function refused(why) {
  setConnectionText(STRINGS.refused);
  document.body.classList.add("refused");
  const notice = document.getElementById("notice");
  if (!why || !notice) return;
  notice.classList.remove("placed");
  // The server said why before closing (a link replaced while the page was open):
  // its words, more precise, stay.
  if (notice.querySelector('.notice.error[data-code="link_replaced"]')) return;
  const p = document.createElement("p");
  p.className = "notice error";
  p.dataset.code = why === "meetingGone" ? "no_such_meeting" : "link_invalid";
  p.textContent = STRINGS[why];
  notice.replaceChildren(p);
}

function setOnline(online) {
  document.body.classList.toggle("offline", !online);
  setConnectionText(online ? STRINGS.live : STRINGS.reconnecting);
}

// Open is not live yet: the page shows "live" once the full state has arrived over
// the current socket (the server sends it first), so a timer from before the break
// never looks current.
document.addEventListener("htmx:wsOpen", (evt) => {
  socket = evt.detail.socketWrapper;
  estimate(5);
});
document.addEventListener("htmx:wsAfterMessage", () => {
  if (line && line.live) setOnline(true);
  refresh();
  onMessage.forEach((fn) => fn());
});

// Commands go up as plain JSON: the extension's HEADERS field is not part of them.
document.addEventListener("htmx:wsConfigSend", (evt) => {
  // Nothing is queued while the line is down: a command sent on reconnect would act
  // on a state the sender has not seen.
  if (!line || !line.live) {
    evt.preventDefault();
    if (evt.detail.triggeringEvent) evt.detail.triggeringEvent.preventDefault();
    return;
  }
  evt.detail.messageBody = JSON.stringify(evt.detail.parameters);
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
