// Unggah: check each chosen/dropped file against the server's limits, post it to the API, and keep
// the server's job list (#upload-jobs, also rendered without JavaScript) fresh while jobs run.
// "Ambil foto" / "Tambah halaman": photos of one letter's pages, sent together as one document.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var input = document.getElementById("files");
  var zone = document.getElementById("dropzone");
  var local = document.getElementById("upload-local");
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var limits = JSON.parse(form.getAttribute("data-limits"));
  var labels = {};
  document.getElementById("stage-labels").content.querySelectorAll("[data-stage]").forEach(function (el) {
    labels[el.getAttribute("data-stage")] = el.textContent;
  });
  var sending = 0;       // uploads whose request has not answered yet
  var refreshTimer = null;

  function label(stage) { return labels[stage] || stage || ""; }

  // Bilingual server messages are "Indonesian / English": show the half for the page language.
  function localized(msg) {
    if (!msg || msg.indexOf(" / ") < 0) { return msg || ""; }
    var parts = msg.split(" / ");
    return document.documentElement.lang === "en" ? parts.slice(1).join(" / ") : parts[0];
  }

  function ending(name) {
    var dot = name.lastIndexOf(".");
    return dot < 0 ? "" : name.slice(dot).toLowerCase();
  }

  // Why the server would refuse this file before queueing it, or "" (the server checks the bytes too).
  function refusal(file, photo) {
    var exts = photo ? limits.photo_extensions : limits.extensions;
    var types = photo ? limits.photo_types : limits.types;
    var typeOk = file.type ? types.indexOf(file.type) >= 0 : true;
    if (exts.indexOf(ending(file.name)) < 0 || !typeOk) { return label(photo ? "bad-photo" : "bad-type"); }
    if (file.size === 0) { return label("empty"); }
    if (file.size > limits.max_bytes) { return label("too-big"); }
    return "";
  }

  // ----------------------------------------------------------------- the server's job list

  var loading = false, again = false;

  function refresh() {
    clearTimeout(refreshTimer);
    if (loading) { again = true; return; }  // one request at a time; one more after it
    loading = true;
    fetch(form.getAttribute("data-list"), {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("upload-jobs");
        var box = document.getElementById("upload-jobs");
        if (!fresh || !box) { return; }
        var list = document.getElementById("upload-list");
        var freshList = fresh.querySelector("#upload-list");
        if (list.innerHTML !== freshList.innerHTML) { list.innerHTML = freshList.innerHTML; }
        var link = document.getElementById("review-link");
        link.className = fresh.querySelector("#review-link").className;
        link.innerHTML = fresh.querySelector("#review-link").innerHTML;
        box.setAttribute("data-active", fresh.getAttribute("data-active"));
        // a sent file's own line gives way to its job's line in the same step
        local.querySelectorAll("[data-job]").forEach(function (li) {
          if (list.querySelector('[data-job="' + li.getAttribute("data-job") + '"]')) { li.remove(); }
        });
        loading = false;
        if (again) { again = false; refresh(); } else { schedule(); }
      })
      .catch(function () { loading = false; again = false; refreshTimer = setTimeout(refresh, 3000); });
  }

  // The answer of a send: its JSON, or (a limit the web server enforced, e.g. 413) just the status.
  function answer(r) {
    return r.json().catch(function () { return {}; }).then(function (body) {
      if (!body.error && !body.job && r.status === 413) { body.error = {message: label("too-big")}; }
      return {status: r.status, body: body};
    });
  }

  function schedule() {
    var box = document.getElementById("upload-jobs");
    if (sending > 0 || (box && box.getAttribute("data-active") === "1") || local.querySelector("[data-job]")) {
      refreshTimer = setTimeout(refresh, 1000);
    }
  }

  // ----------------------------------------------------------------- single files

  function addItem(name) {
    var li = document.createElement("li");
    li.className = "upload-item queued";
    var n = document.createElement("span"); n.className = "name"; n.textContent = name;
    var s = document.createElement("span"); s.className = "stage"; s.textContent = label("uploading");
    li.appendChild(n); li.appendChild(s);
    local.insertBefore(li, local.firstChild);
    return li;
  }

  function refuse(li, text, docId) {
    li.className = "upload-item failed";
    li.setAttribute("data-status", "refused");
    li.querySelector(".stage").textContent = text;
    if (docId) {
      var a = document.createElement("a");
      a.href = form.getAttribute("data-doc").replace("DOC", encodeURIComponent(docId));
      a.textContent = label("open");
      li.appendChild(a);
    }
  }

  function send(file, again) {
    var li = again || addItem(file.name);
    var why = refusal(file, false);
    if (why) { refuse(li, why); return; }
    sending += 1;
    var data = new FormData();
    data.append("file", file, file.name);
    fetch(form.getAttribute("data-api"), {method: "POST", body: data, credentials: "same-origin",
                                          headers: {"X-CSRFToken": csrf, "Accept": "application/json"}})
      .then(answer)
      .then(function (res) {
        sending -= 1;
        if (res.status === 202) {
          li.setAttribute("data-job", res.body.job);
          refresh();
        } else if (res.status === 429) {  // the per-user write limit: wait, then send again
          li.querySelector(".stage").textContent = localized(res.body.error.message);
          setTimeout(function () { send(file, li); }, 10000);
        } else {
          refuse(li, res.body.error ? localized(res.body.error.message) : label("failed"), res.body.document);
        }
      })
      .catch(function () { sending -= 1; refuse(li, label("network")); });
  }

  function sendAll(files) { Array.prototype.forEach.call(files, function (file) { send(file); }); }

  input.addEventListener("change", function () { sendAll(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach(function (ev) {
    zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) { sendAll(e.dataTransfer.files); });

  // ----------------------------------------------------------------- photos as pages of one document

  var pagesForm = document.getElementById("pages-form");
  var camera = document.getElementById("camera");
  var addPage = document.getElementById("add-page");
  var pageList = document.getElementById("page-list");
  var pageCount = document.getElementById("page-count");
  var pagesError = document.getElementById("pages-error");
  var sendButton = document.getElementById("pages-send");
  var pages = [];  // File objects in page order

  function showError(text) {
    pagesError.textContent = text;
    pagesError.classList.toggle("hidden", !text);
  }

  function drawPages() {
    pageList.innerHTML = "";
    pages.forEach(function (file, i) {
      var li = document.createElement("li");
      li.className = "page-item";
      var img = document.createElement("img");
      img.alt = "";
      img.src = URL.createObjectURL(file);
      img.onload = function () { URL.revokeObjectURL(img.src); };
      var text = document.createElement("span");
      text.textContent = label("page") + " " + (i + 1) + " · " + file.name;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "remove-page";
      remove.textContent = label("remove");
      remove.setAttribute("aria-label", label("remove") + " " + label("page").toLowerCase() + " " + (i + 1));
      remove.addEventListener("click", function () { pages.splice(i, 1); showError(""); drawPages(); });
      li.appendChild(img); li.appendChild(text); li.appendChild(remove);
      pageList.appendChild(li);
    });
    var n = pages.length;
    pageCount.textContent = n ? pageCount.getAttribute("data-some").replace("N", n) : pageCount.getAttribute("data-none");
    pageCount.setAttribute("data-count", String(n));
    sendButton.textContent = sendButton.getAttribute("data-label").replace("N", n);
    sendButton.disabled = n === 0;
    document.getElementById("add-page-wrap").classList.toggle("hidden", n === 0);
  }

  function addPhotos(files) {
    var problems = [];
    var total = pages.reduce(function (sum, f) { return sum + f.size; }, 0);
    Array.prototype.forEach.call(files, function (file) {
      var why = refusal(file, true);
      if (!why && total + file.size > limits.max_bytes) { why = label("too-big"); }
      if (!why && pages.length >= limits.max_pages) { why = label("too-many"); }
      if (why) { problems.push(file.name + ": " + why); return; }
      total += file.size;
      pages.push(file);
    });
    showError(problems.join(" "));
    drawPages();
  }

  if (pagesForm && window.FormData && window.DataTransfer) {
    camera.removeAttribute("name");  // with JavaScript the pages are collected here, not by the input
    camera.addEventListener("change", function () { addPhotos(camera.files); camera.value = ""; });
    addPage.addEventListener("change", function () { addPhotos(addPage.files); addPage.value = ""; });
    pagesForm.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!pages.length) { return; }
      var data = new FormData();
      pages.forEach(function (file) { data.append("pages", file, file.name); });
      var li = addItem(pageCount.textContent);
      sendButton.disabled = true;
      sending += 1;
      fetch(pagesForm.getAttribute("action"), {method: "POST", body: data, credentials: "same-origin",
                                               headers: {"X-CSRFToken": csrf, "Accept": "application/json"}})
        .then(answer)
        .then(function (res) {
          sending -= 1;
          if (res.status === 202) {
            li.setAttribute("data-job", res.body.job);
            pages = [];
            showError("");
            drawPages();
            refresh();
          } else {
            var msg = res.body.error ? localized(res.body.error.message) : label("failed");
            refuse(li, msg, res.body.document);
            showError(msg);
            sendButton.disabled = false;
          }
        })
        .catch(function () { sending -= 1; refuse(li, label("network")); sendButton.disabled = false; });
    });
    drawPages();
  }

  schedule();
})();
