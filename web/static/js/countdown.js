// The countdown's rules, as floor.domain.timer states them; tests/countdown_cases.json
// holds the cases both are checked against (in Python, and here in Chromium).
// A timer is the element's data: duration, startedAt ("" while paused), elapsed
// (ms run before the current start), warning and danger (remaining ms).

export function remaining(timer, now) {
  var elapsed = Number(timer.elapsed);
  if (timer.startedAt !== "" && timer.startedAt != null) {
    elapsed += Math.max(0, now - Number(timer.startedAt));
  }
  return Number(timer.duration) - elapsed;
}

export function level(left, warning, danger) {
  if (left < 0) return "overtime";
  if (left <= Number(danger)) return "danger";
  if (left <= Number(warning)) return "warning";
  return "normal";
}

// "m:ss": whole seconds left rounded up; overtime "+m:ss", whole seconds over rounded down.
export function text(left) {
  var sign = "";
  var seconds;
  if (left < 0) {
    sign = "+";
    seconds = Math.floor(-left / 1000);
  } else {
    seconds = Math.ceil(left / 1000);
  }
  return sign + Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
}
