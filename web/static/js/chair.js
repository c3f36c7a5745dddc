// The chair's page: schedule projection, slot budget, confirmations, keyboard,
// the agenda item dialog, and drag and drop in the list of speakers.
import Sortable from "./sortablejs-1.15.7.esm.js";
import { afterMessage, everySecond, fmt, hhmm, send, serverNow, setText, t, STRINGS, timerLeft } from "./common.js";

// --- the schedule projection and slot budget ------------------------------
function projection() {
  const el = document.querySelector(".projection[data-planned-end]");
  if (!el || !el.dataset.plannedEnd || el.dataset.plannedEnd === "None") return;
  const left = timerLeft("item");
  const itemEnd = serverNow() + Math.max(0, left || 0);
  document.querySelectorAll("#agenda .expected[data-ahead]").forEach((row) => {
    setText(row, t("expected", { time: hhmm(itemEnd + Number(row.dataset.ahead)) }));
  });
  const end = itemEnd + Number(el.dataset.rest);
  const drift = Math.round((end - Number(el.dataset.plannedEnd)) / 60000);
  const how = drift > 0 ? t("behind", { minutes: drift }) : drift < 0 ? t("ahead", { minutes: -drift }) : STRINGS.onTime;
  el.dataset.drift = drift > 0 ? "behind" : drift < 0 ? "ahead" : "on_time";
  setText(el, t("running", { how: how, time: hhmm(end) }));
}

// The forecast: the view gives each waiting speech's end (after the current turn, at its
// own time per turn); the page counts those beyond the item's time left.
function budget() {
  const el = document.querySelector(".budget[data-ends]");
  if (!el) return;
  const left = timerLeft("item");
  const ends = el.dataset.ends.split(" ").map(Number);
  const speaker = Math.max(0, timerLeft("speaker") || 0);
  const room = left === null ? Infinity : Math.max(0, left - speaker);
  const unheard = ends.filter((end) => end > room).length;
  el.hidden = unheard === 0;
  if (unheard === 0) return;
  const waiting = ends.length;
  // floor.domain.budget.fitting_limit: the time per turn, in tens of seconds, that fits.
  const seconds = Math.max(10, Math.floor(room / 1000 / waiting / 10) * 10);
  setText(el.querySelector(".budget-text"), t("forecast", { unheard: unheard, waiting: waiting }));
  const shorten = el.querySelector(".budget-shorten");
  if (shorten) {
    shorten.setAttribute("hx-vals", JSON.stringify({ type: "set_speaker_limit", seconds: seconds }));
    setText(shorten, t("shorten", { limit: fmt(seconds * 1000) }));
  }
}

everySecond(projection);
everySecond(budget);

// --- confirmations: destructive actions ask first --------------------------
document.addEventListener("click", (evt) => {
  const button = evt.target.closest && evt.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    evt.stopImmediatePropagation();
    evt.preventDefault();
  }
}, true);

// --- keyboard ------------------------------------------------------------
function typing(el) {
  return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}
// Space on a button, link or summary reached with the keyboard presses that, as it
// always does. One clicked with the mouse keeps the focus too, but there Space is the
// shortcut: the chair who clicked "Set time" and then presses Space means the timer.
const CONTROL = "button, a[href], summary, [role=button]";
let clicked = null;  // the control last pressed with a pointer, while it keeps focus
document.addEventListener("pointerdown", (evt) => {
  clicked = evt.target.closest ? evt.target.closest(CONTROL) : null;
}, true);
document.addEventListener("focusin", (evt) => {
  if (evt.target !== clicked) clicked = null;
});
function pressable(el) {
  const target = el && el.closest && el.closest(CONTROL);
  return !!target && target !== clicked;
}
document.addEventListener("keydown", (evt) => {
  if (evt.ctrlKey || evt.metaKey || evt.altKey || typing(evt.target)) return;
  if (document.querySelector("dialog[open]")) return;
  if (evt.key === " " && pressable(evt.target)) return;
  let key = evt.key.length === 1 ? evt.key.toLowerCase() : evt.key;
  if (key === "=") key = "+";
  if (key === "_") key = "-";
  const button = document.querySelector('[data-key="' + CSS.escape(key) + '"]');
  if (!button || button.disabled) return;
  evt.preventDefault();
  // A held key repeats: that must not call three speakers or skip three items.
  if (!evt.repeat) button.click();
});

// --- agenda item dialog --------------------------------------------------
document.addEventListener("click", (evt) => {
  const opener = evt.target.closest && evt.target.closest("[data-edit-item]");
  if (opener) {
    const dialog = document.getElementById("item-dialog");
    const form = dialog.querySelector("form");
    const id = opener.dataset.editItem;
    const li = id && document.querySelector('#agenda [data-item-id="' + id + '"]');
    form.elements.type.value = li ? "edit_item" : "add_item";
    form.elements.item_id.value = id || "";
    form.elements.item_id.disabled = !li;
    // Every field of the dialog from the item's data-fields (the server's view of it).
    const fields = li ? JSON.parse(li.dataset.fields) : { duration: 15, speaker_limit: 180, list_open: "true" };
    for (const el of form.elements) {
      if (!el.name || el.name === "type" || el.name === "item_id") continue;
      const value = fields[el.name];
      if (el.type === "checkbox") el.checked = value === true;
      else el.value = value === undefined || value === null ? "" : String(value);
    }
    dialog.showModal();
    form.elements.title.focus();
    return;
  }
  const closer = evt.target.closest && evt.target.closest("[data-close-dialog]");
  if (closer) closer.closest("dialog").close();
});

// --- a waiting hand's kind, changed from its row --------------------------
document.addEventListener("click", (evt) => {
  const opener = evt.target.closest && evt.target.closest("#speakers [data-change-kind]");
  if (!opener) return;
  const dialog = document.getElementById("kind-dialog");
  const form = dialog.querySelector("form");
  form.elements.hand_id.value = opener.dataset.changeKind;
  form.elements.kind.value = opener.dataset.kind;
  setText(dialog.querySelector(".kind-who"), opener.dataset.name);
  dialog.showModal();
  form.elements.kind.focus();
});

// --- a person's speaker category ------------------------------------------
document.addEventListener("click", (evt) => {
  const opener = evt.target.closest && evt.target.closest("#people [data-set-category]");
  if (!opener) return;
  const dialog = document.getElementById("category-dialog");
  const form = dialog.querySelector("form");
  form.elements.participant_id.value = opener.dataset.setCategory;
  form.elements.category.value = opener.dataset.category;
  setText(dialog.querySelector(".category-who"), opener.dataset.name);
  dialog.showModal();
  form.elements.category.focus();
});

// --- finding a person among those present ---------------------------------
// Only shows and hides rows: who can be added is the server's to say.
function filterPeople() {
  const input = document.getElementById("people-filter");
  if (!input) return;
  const words = input.value.trim().toLowerCase();
  document.querySelectorAll("#people li[data-pid]").forEach((li) => {
    li.hidden = !!words && !li.textContent.toLowerCase().includes(words);
  });
  const absent = document.querySelector("#people details.absent");
  if (absent && words) absent.open = true;
}
document.addEventListener("input", (evt) => {
  if (evt.target.id === "people-filter") filterPeople();
});
afterMessage(filterPeople);

// --- editing a note or an action item -------------------------------------
document.addEventListener("click", (evt) => {
  const note = evt.target.closest && evt.target.closest("[data-edit-note]");
  const action = evt.target.closest && evt.target.closest("[data-edit-action]");
  if (!note && !action) return;
  const dialog = document.getElementById(note ? "note-dialog" : "action-dialog");
  const form = dialog.querySelector("form");
  const li = (note || action).closest("li");
  if (note) {
    form.elements.note_id.value = li.dataset.noteId;
    form.elements.text.value = li.querySelector(".note-text").textContent;
  } else {
    form.elements.action_id.value = li.dataset.actionId;
    form.elements.what.value = li.dataset.what;
    form.elements.who.value = li.dataset.who;
    form.elements.due.value = li.dataset.due;
  }
  dialog.showModal();
  form.querySelector("textarea, input:not([type=hidden])").focus();
});

// --- drag and drop in the list of speakers (mouse and touch) -------------
// SortableJS (vendored with its licence): its own pointer handling (forceFallback)
// works alike for mouse, pen and finger, and it scrolls the list while dragging
// near its edges, so a hand from row 5 or lower can be taken to the top.
function sortable() {
  const list = document.querySelector("#speakers .speakers-list");
  if (!list || list.dataset.sortable) return;
  list.dataset.sortable = "on";
  Sortable.create(list, {
    handle: ".drag-handle",
    draggable: ".hand",
    forceFallback: true,
    fallbackOnBody: true,
    animation: 120,
    scroll: true,
    scrollSensitivity: 60,
    scrollSpeed: 14,
    bubbleScroll: true,
    onEnd(evt) {
      // A push replaced the list meanwhile: the drop would land on a stale order.
      if (!document.contains(evt.item) || evt.oldIndex === evt.newIndex) return;
      send({ type: "move_hand", hand_id: Number(evt.item.dataset.handId), to: evt.newIndex });
    },
  });
}
afterMessage(sortable);
document.addEventListener("DOMContentLoaded", sortable);

// --- several hands removed at once -----------------------------------------
// The ticks live in the rows (form="pick-form"), which every push replaces: the page
// keeps which hands are ticked and ticks them again; a hand gone from the list drops out.
const picked = new Set();
function showPicks() {
  const form = document.getElementById("pick-form");
  if (!form) return;
  const shown = new Set();
  document.querySelectorAll("#speakers input.pick").forEach((box) => {
    shown.add(box.value);
    box.checked = picked.has(box.value);
  });
  for (const id of Array.from(picked)) if (!shown.has(id)) picked.delete(id);
  const all = form.querySelector(".pick-all");
  if (all) all.checked = shown.size > 0 && picked.size === shown.size;
  form.querySelector(".pick-remove").disabled = picked.size === 0;
  setText(form.querySelector(".pick-count"), picked.size ? "(" + picked.size + ")" : "");
}
document.addEventListener("change", (evt) => {
  const box = evt.target;
  if (box.matches && box.matches("#speakers input.pick")) {
    if (box.checked) picked.add(box.value); else picked.delete(box.value);
  } else if (box.matches && box.matches("#pick-form .pick-all")) {
    document.querySelectorAll("#speakers input.pick").forEach((b) => {
      if (box.checked) picked.add(b.value); else picked.delete(b.value);
    });
  } else {
    return;
  }
  showPicks();
});
// Done: the form is reset (data-reset), and nothing stays ticked.
document.addEventListener("reset", (evt) => {
  if (evt.target.id === "pick-form") { picked.clear(); setTimeout(showPicks, 0); }
});
// One value or several, the command takes a list of hand ids.
document.addEventListener("htmx:wsConfigSend", (evt) => {
  const params = evt.detail.parameters;
  if (!params || params.type !== "remove_hands" || evt.defaultPrevented) return;
  params.hand_ids = Array.from(picked, Number);
  evt.detail.messageBody = JSON.stringify(params);
});
afterMessage(showPicks);
document.addEventListener("DOMContentLoaded", showPicks);
