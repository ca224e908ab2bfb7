// Unggah: post each chosen/dropped file to the API, then poll its job until done or failed.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var input = document.getElementById("files");
  var zone = document.getElementById("dropzone");
  var list = document.getElementById("upload-list");
  var reviewLink = document.getElementById("review-link");
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var labels = {};
  document.getElementById("stage-labels").content.querySelectorAll("[data-stage]").forEach(function (el) {
    labels[el.getAttribute("data-stage")] = el.textContent;
  });
  var pending = 0;
  var finishedDocs = [];

  function label(stage) { return labels[stage] || stage || ""; }

  // Bilingual server messages are "Indonesian / English": show the half for the page language.
  function localized(msg) {
    if (!msg || msg.indexOf(" / ") < 0) { return msg || ""; }
    var parts = msg.split(" / ");
    return document.documentElement.lang === "en" ? parts.slice(1).join(" / ") : parts[0];
  }

  function addItem(name) {
    var li = document.createElement("li");
    li.className = "upload-item queued";
    var n = document.createElement("span"); n.className = "name"; n.textContent = name;
    var s = document.createElement("span"); s.className = "stage"; s.textContent = label("uploading");
    var p = document.createElement("progress"); p.max = 1; p.value = 0;
    li.appendChild(n); li.appendChild(s); li.appendChild(p);
    list.appendChild(li);
    return li;
  }

  function setState(li, cls, text, progress) {
    li.className = "upload-item " + cls;
    li.querySelector(".stage").textContent = text;
    if (progress !== undefined) { li.querySelector("progress").value = progress; }
  }

  function addLink(li, docId, text) {
    var a = document.createElement("a");
    a.href = form.getAttribute("data-doc").replace("DOC", encodeURIComponent(docId));
    a.textContent = text;
    li.appendChild(a);
  }

  function settle() {
    pending -= 1;
    if (pending === 0) {
      var href = form.getAttribute("data-review");
      if (finishedDocs.length) {
        href += "?" + finishedDocs.map(function (d) { return "dok=" + encodeURIComponent(d); }).join("&");
      }
      reviewLink.querySelector("a").href = href;
      reviewLink.classList.remove("hidden");
    }
  }

  function poll(li, jobId) {
    var url = form.getAttribute("data-jobs").replace("JOB", encodeURIComponent(jobId));
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (job) {
        li.setAttribute("data-status", job.status);
        if (job.status === "done") {
          setState(li, "done", label("done"), 1);
          if (job.document) { finishedDocs.push(job.document); addLink(li, job.document, label("open")); }
          settle();
        } else if (job.status === "failed" || job.status === "needs_attention") {
          setState(li, "failed", job.error ? localized(job.error.message) : label("failed"), 1);
          settle();
        } else if (job.status === "queued" && job.error) {  // a machine fault: kept, tried again later
          setState(li, "queued", localized(job.error.message), 0);
          setTimeout(function () { poll(li, jobId); }, 5000);
        } else {
          setState(li, job.status, label(job.status === "queued" ? "queued" : job.stage), job.progress || 0);
          setTimeout(function () { poll(li, jobId); }, 1000);
        }
      })
      .catch(function () {
        setState(li, "queued", label("network"));
        setTimeout(function () { poll(li, jobId); }, 3000);
      });
  }

  function send(file, again) {
    var li = again || addItem(file.name);
    if (!again) { pending += 1; }
    var data = new FormData();
    data.append("file", file, file.name);
    fetch(form.getAttribute("data-api"), {method: "POST", body: data, credentials: "same-origin",
                                          headers: {"X-CSRFToken": csrf, "Accept": "application/json"}})
      .then(function (r) { return r.json().then(function (body) { return {status: r.status, body: body}; }); })
      .then(function (res) {
        if (res.status === 202) {
          li.setAttribute("data-job", res.body.job);
          setState(li, "queued", label("queued"), 0.02);
          poll(li, res.body.job);
        } else if (res.status === 429) {  // the per-user write limit: wait, then send again
          setState(li, "queued", localized(res.body.error.message), 0.01);
          setTimeout(function () { send(file, li); }, 10000);
        } else {
          var msg = res.body.error ? localized(res.body.error.message) : label("failed");
          setState(li, "failed", msg, 1);
          if (res.body.document) { addLink(li, res.body.document, label("open")); }
          settle();
        }
      })
      .catch(function () { setState(li, "failed", label("network"), 1); settle(); });
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
  // Items rendered by the no-script fallback still get followed.
  list.querySelectorAll("[data-job]").forEach(function (li) { pending += 1; poll(li, li.getAttribute("data-job")); });
})();
