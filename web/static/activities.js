// The activity page: a confirmation dialog before a sign-off, and the evidence picker's results
// while typing. Without this script the page works the same: the sign-off button opens a
// confirmation page and the picker is a GET form listing its results.
(function () {
  "use strict";

  // --- sign-off confirmation ---------------------------------------------------------------
  var dialog = document.getElementById("confirm-dialog");
  var pending = null;
  if (dialog && typeof dialog.showModal === "function") {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var flag = form.querySelector("input[name=konfirmasi]");
        if (!flag || flag.value === "1") { return; }
        event.preventDefault();
        pending = form;
        document.getElementById("confirm-text").textContent = form.getAttribute("data-confirm");
        dialog.showModal();
      });
    });
    dialog.addEventListener("close", function () {
      if (pending && dialog.returnValue === "yes") {
        pending.querySelector("input[name=konfirmasi]").value = "1";
        pending.submit();
      }
      pending = null;
    });
  }

  // --- evidence picker ---------------------------------------------------------------------
  var input = document.getElementById("bukti");
  var list = document.getElementById("picker-results");
  if (!input || !list) { return; }
  var token = document.querySelector("input[name=csrf_token]");
  var timer = null;
  var last = input.value.trim();

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }  // text only: never parsed as HTML
    return node;
  }

  function render(items) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!items.length) { list.appendChild(el("li", "none", list.getAttribute("data-none"))); return; }
    items.forEach(function (c) {
      var li = el("li");
      li.setAttribute("data-doc", c.id);
      var title = el("div", "pick-title");
      var a = el("a", null, c.title);
      a.href = input.getAttribute("data-doc-url").replace("DOC", encodeURIComponent(c.id));
      a.lang = "id";
      title.appendChild(a);
      li.appendChild(title);
      var facts = [c.type, c.tanggal, c.nomor, c.filename, list.getAttribute("data-found") + " " + c.matched];
      li.appendChild(el("div", "muted", facts.filter(Boolean).join(" · ")));
      if (c.here) {
        li.appendChild(el("span", "tag", list.getAttribute("data-here")));
      } else {
        if (c.activity) { li.appendChild(el("span", "muted", list.getAttribute("data-now") + " " + c.activity + " ")); }
        var form = el("form", "inline");
        form.method = "post";
        form.action = input.getAttribute("data-link-url");
        [["csrf_token", token ? token.value : ""], ["doc_id", c.id]].forEach(function (pair) {
          var hidden = el("input");
          hidden.type = "hidden";
          hidden.name = pair[0];
          hidden.value = pair[1];
          form.appendChild(hidden);
        });
        var button = el("button", "small primary", list.getAttribute("data-link"));
        button.type = "submit";
        form.appendChild(button);
        li.appendChild(form);
      }
      list.appendChild(li);
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = input.value.trim();
      if (text === last || text.length < 2) { return; }
      last = text;
      fetch(input.getAttribute("data-url") + "?q=" + encodeURIComponent(text), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) { if (input.value.trim() === text) { render(items); } })
        .catch(function () { /* the GET form still works */ });
    }, 250);
  });
})();
