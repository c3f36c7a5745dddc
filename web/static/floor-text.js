// The words the page scripts show, in the page's language: the server sends them
// with the page (script#floor-text, from the same catalogues as the templates).
// `gettext("Text %(name)s", {name: value})` and
// `ngettext("%(num)d speaker", "%(num)d speakers", n, {...})` (num is n) return the
// translation with its placeholders filled; a message missing stays in English.
(function () {
  "use strict";
  var data = { lang: document.documentElement.lang || "en", messages: {}, plurals: {} };
  var el = document.getElementById("floor-text");
  if (el) {
    try { data = JSON.parse(el.textContent); } catch (e) { /* English, then */ }
  }
  var rules = new Intl.PluralRules(data.lang);

  function fill(text, values) {
    if (!values) return text;
    return text.replace(/%\((\w+)\)[sd]/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    }).replace(/%%/g, "%");
  }

  function gettext(message, values) {
    var text = Object.prototype.hasOwnProperty.call(data.messages, message) ? data.messages[message] : message;
    return fill(text, values);
  }

  function ngettext(singular, plural, n, values) {
    var forms = data.plurals[singular];
    var text = forms ? (forms[rules.select(n)] || forms.other) : (n === 1 ? singular : plural);
    var all = { num: n };
    for (var name in values || {}) all[name] = values[name];
    return fill(text, all);
  }

  // Times of day and numbers as the page's language writes them (CLDR, in the browser).
  function time(ms, zone) {
    var options = { hour: "numeric", minute: "2-digit" };
    if (zone) options.timeZone = zone;
    try { return new Intl.DateTimeFormat(data.lang, options).format(new Date(ms)); }
    catch (e) { delete options.timeZone; return new Intl.DateTimeFormat(data.lang, options).format(new Date(ms)); }
  }

  window.floorText = { lang: data.lang, gettext: gettext, ngettext: ngettext, time: time };
})();
