// A participant's page: their own place in the list of speakers (worked out
// here, so the server renders once for every participant, not once per person),
// and the alert when they are next or have the floor.
import { afterMessage, awayFrom, hhmm, remaining, send, serverNow, setText, t, STRINGS } from "./common.js";

let lastState = "";
function myPlace() {
  const me = document.body.dataset.me;
  const status = document.getElementById("my-status");
  if (!me || !status) return;
  const speaking = document.querySelector('[data-speaker-pid="' + me + '"]');
  // The whole order comes compactly in #speakers-order; only the first names are listed.
  const order = document.getElementById("speakers-order");
  const pids = order && order.dataset.order ? order.dataset.order.split(" ") : [];
  const index = pids.indexOf(me);
  const reasonOf = (i) => {
    const why = order.dataset.why.split(" ");
    return JSON.parse(order.dataset.reasons)[Number(why[i])] || "";
  };
  document.querySelectorAll("#speakers [data-pid]").forEach((li) => {
    li.classList.toggle("me", li.dataset.pid === me);
  });
  const profile = document.getElementById("profile");
  const registered = profile && profile.dataset.registered === "true";
  document.body.classList.toggle("registered", !!registered);
  // Blocked by the chair: said beside the raise button, which no longer raises.
  const current = document.getElementById("current");
  const blocked = !!me && !!current && (current.dataset.blocked || "").split(" ").includes(me);
  const note = document.getElementById("my-blocked");
  if (note) {
    setText(note, blocked ? STRINGS.blocked : "");
    note.hidden = !blocked;
  }
  const raise = document.querySelector(".raise-form [type=submit]");
  if (raise) raise.disabled = !registered || blocked;
  document.body.classList.toggle("in-list", index >= 0);
  document.body.classList.toggle("has-floor", !!speaking);
  document.body.classList.toggle("is-next", index === 0 && !speaking);
  let state, text, why = "";
  const asking = document.querySelector('#current [data-question-pid="' + me + '"]');
  if (asking) {
    state = "question"; text = STRINGS.yourQuestion;
  } else if (speaking) {
    state = "floor"; text = STRINGS.hasFloor;
  } else if (index === 0) {
    state = "next"; text = STRINGS.next; why = reasonOf(0);
  } else if (index > 0) {
    const limit = (Number(order.dataset.limit) || 180) * 1000;
    const current = document.querySelector("#current .countdown[data-duration]");
    const someone = document.querySelector("#current [data-speaker-pid]");
    const wait = index * limit + (current && someone ? Math.max(0, remaining(current, serverNow())) : 0);
    state = "waiting:" + index;
    text = t("waiting", { place: index + 1, minutes: Math.max(1, Math.round(wait / 60000)) });
    why = reasonOf(index);
  } else {
    state = "none";
    text = registered ? "" : STRINGS.register;
  }
  // Next and the floor are announced at once by the alert region; the status, read
  // politely, would only say it a second time.
  const alerting = state === "next" || state === "floor" || state === "question";
  status.setAttribute("aria-live", alerting ? "off" : "polite");
  setText(status, text);
  const reason = document.getElementById("my-why");
  if (reason) setText(reason, why ? t("why", { reason: why }) : "");
  if (state !== lastState && alerting) alertMe(state, text);
  lastState = state;
  calledWhileAway(me, order, speaking);
}

// Called while the page was offline: say when, and what the chair did meanwhile. The
// words stay until the next call; a hand skipped for now tells the server its person
// is back, once.
let calledNote = "";
let saidBack = "";
function calledWhileAway(me, order, speaking) {
  const note = document.getElementById("my-called");
  if (!note) return;
  const deferred = {};
  (order && order.dataset.deferred ? order.dataset.deferred.split(" ") : []).forEach((pair) => {
    const [pid, at] = pair.split(":");
    deferred[pid] = Number(at);
  });
  const from = awayFrom();
  if (deferred[me]) {
    calledNote = t("calledDeferred", { time: hhmm(deferred[me]) });
    const key = me + ":" + deferred[me];
    if (saidBack !== key && send({ type: "back" })) saidBack = key;
  } else if (speaking && from !== null && Number(speaking.dataset.calledAt) >= from) {
    calledNote = t("calledFloor", { time: hhmm(Number(speaking.dataset.calledAt)) });
  }
  setText(note, calledNote);
  note.hidden = !calledNote;
}

function alertMe(state, text) {
  const region = document.getElementById("my-alert");
  if (region) {
    // Emptied first, so that the same words said again are announced again.
    region.textContent = "";
    setTimeout(() => { region.textContent = text; }, 50);
  }
  // The browser lets a page vibrate or sound only once the person has touched it:
  // before that, asking is refused (with an error in the console), so do not ask.
  const allowed = !navigator.userActivation || navigator.userActivation.hasBeenActive;
  if (!allowed) return;
  if (navigator.vibrate) navigator.vibrate(state === "floor" ? [200, 100, 200] : 200);
  const sound = document.getElementById("sound-alerts");
  if (!sound || !sound.checked) return;
  try {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    const ctx = new Ctx();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = state === "floor" ? 880 : 660;
    gain.gain.setValueAtTime(0.2, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.6);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.6);
    window.floorLastBeep = state;
  } catch (e) { /* no audio here */ }
}

// The chair's private notice: every page has it (one render for all), only the
// speaker's own phone shows it, and buzzes once for each notice sent.
let lastNudge = "";
function myNudge() {
  const me = document.body.dataset.me;
  const box = document.querySelector("#current .nudge[data-nudge-pid]");
  if (!box) return;
  const mine = !!me && box.dataset.nudgePid === me;
  box.hidden = !mine;
  const key = box.dataset.nudge + "@" + box.dataset.nudgedAt;
  if (mine && key !== lastNudge) {
    lastNudge = key;
    if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
    window.floorLastNudge = box.dataset.nudge;
  }
}

// The "to whom" field belongs to a right of reply only.
function replyTo() {
  const form = document.querySelector(".raise-form");
  const field = form && form.querySelector(".reply-to");
  if (!field) return;
  const kind = form.querySelector("input[name=kind]:checked");
  field.hidden = !kind || kind.value !== "right_of_reply";
}
document.addEventListener("change", (evt) => {
  if (evt.target.name === "kind") replyTo();
});

afterMessage(myPlace);
afterMessage(myNudge);
afterMessage(replyTo);

document.addEventListener("DOMContentLoaded", () => {
  replyTo();
  const sound = document.getElementById("sound-alerts");
  if (sound) {
    sound.checked = localStorage.getItem("floor-sound") === "on";
    sound.addEventListener("change", () => {
      localStorage.setItem("floor-sound", sound.checked ? "on" : "off");
    });
  }
});
