// Keyboard-driven review on the document page: j next / k previous flagged document, a accept,
// e correct (opens the form and focuses its first field).  Keys are ignored while typing in a field.
// The date picker beside the tanggal field writes the picked date as dd-mm-yyyy into the text field.
(function () {
  "use strict";
  function typing(target) {
    var tag = (target && target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || (target && target.isContentEditable);
  }
  function go(id) {
    var link = document.getElementById(id);
    if (link && link.href) { window.location.href = link.href; return true; }
    return false;
  }
  function correct() {
    var details = document.getElementById("edit");
    if (!details) { return false; }
    details.open = true;
    var first = details.querySelector("select, input[type=text], textarea");
    if (first) { first.focus(); }
    details.scrollIntoView({block: "start"});
    return true;
  }
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var done = false;
    if (event.key === "j") { done = go("review-next"); }
    else if (event.key === "k") { done = go("review-previous"); }
    else if (event.key === "a") {
      var form = document.getElementById("review-accept-form");
      if (form) { form.submit(); done = true; }
    } else if (event.key === "e") { done = correct(); }
    if (done) { event.preventDefault(); }
  });
  var link = document.getElementById("review-correct");
  if (link) { link.addEventListener("click", function (event) { if (correct()) { event.preventDefault(); } }); }
  var picker = document.getElementById("f-tanggal-picker");
  var text = document.getElementById("f-tanggal");
  if (picker && text) {
    picker.addEventListener("change", function () {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(picker.value);
      if (m) { text.value = m[3] + "-" + m[2] + "-" + m[1]; text.focus(); }
    });
  }
})();
