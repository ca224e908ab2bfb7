// Query suggestions for the Cari box: fills a <datalist> from /cari/saran (service.suggest).
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("q-suggestions");
  if (!input || !list) { return; }
  var url = input.getAttribute("data-suggest-url");
  var timer = null;
  var last = "";
  function fill(words) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    words.forEach(function (w) {
      var opt = document.createElement("option");
      opt.value = w;  // value attribute: never parsed as HTML
      list.appendChild(opt);
    });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = input.value.trim();
      var words = text.split(/\s+/);
      var prefix = words[words.length - 1] || "";
      if (prefix.length < 2 || text === last) { return; }
      last = text;
      fetch(url + "?q=" + encodeURIComponent(prefix), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) {
          var head = words.slice(0, -1).join(" ");
          fill(items.map(function (s) { return head ? head + " " + s : s; }));
        })
        .catch(function () { fill([]); });
    }, 200);
  });
})();
