// Answers: an error next to the control that sent the command. common.js imports
// this module; a page's own module need not.
// The server answers every command on this socket, in order, with a notice: empty
// when it was done, an error when refused. So the controls that sent commands wait
// in a queue, and each notice goes to the next one: its error appears beside it (and
// is announced), and a form is cleared only once its command was done, so that a
// refused one keeps what was typed.
const waiting = [];

function answered(control, error) {
  if (!control || !document.contains(control)) return false;
  const form = control.closest("form");
  const anchor = form || control;
  let slot = anchor.nextElementSibling;
  if (!slot || !slot.classList.contains("control-error")) slot = null;
  if (!error) {
    if (slot) slot.remove();
    if (form && form.hasAttribute("data-reset")) form.reset();
    const dialog = control.closest("dialog");
    if (dialog) dialog.close();
    return true;
  }
  if (!slot) {
    slot = document.createElement("p");
    slot.className = "control-error";
    slot.setAttribute("role", "alert");
    anchor.after(slot);
  }
  slot.dataset.code = error.dataset.code || "";
  // Emptied first, so that the same words said again are announced again.
  slot.textContent = "";
  setTimeout(() => { slot.textContent = error.textContent; }, 30);
  return true;
}

export function expectAnswer(control) { waiting.push(control || null); }

document.addEventListener("htmx:wsAfterSend", (evt) => expectAnswer(evt.target));
document.addEventListener("htmx:wsBeforeMessage", (evt) => {
  if (evt.detail.message.indexOf('id="notice"') >= 0) noticeFor = waiting.length ? waiting.shift() : null;
});
let noticeFor = undefined;
document.addEventListener("htmx:wsAfterMessage", () => {
  if (noticeFor === undefined) return;
  const control = noticeFor;
  noticeFor = undefined;
  const notice = document.getElementById("notice");
  const error = notice && notice.querySelector(".error");
  // Said beside the control: the banner at the top would only say it again.
  if (answered(control, error) && notice && error) notice.classList.add("placed");
});
document.addEventListener("htmx:wsOpen", () => { waiting.length = 0; });
