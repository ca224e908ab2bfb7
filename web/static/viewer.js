// The page viewer on the document page: zoom (fit width / 100 % / 200 %) without a reload, and
// previous / next page buttons that scroll to the page and say which one is shown.  Without JS
// the zoom links reload the page with ?zoom= and each page has its own previous/next links.
(function () {
  "use strict";
  var viewer = document.getElementById("page-viewer");
  if (!viewer) { return; }
  var pages = Array.prototype.slice.call(viewer.querySelectorAll("figure.page"));
  var zooms = Array.prototype.slice.call(viewer.querySelectorAll(".zoom-button"));
  var current = 0;

  function setZoom(z) {
    viewer.classList.remove("zoom-fit", "zoom-100", "zoom-200");
    viewer.classList.add("zoom-" + z);
    zooms.forEach(function (b) { b.setAttribute("aria-pressed", b.getAttribute("data-zoom") === z ? "true" : "false"); });
    var wide = z === "200" ? "2400px" : (z === "100" ? "1200px" : "(max-width: 760px) 100vw, 60vw");
    viewer.querySelectorAll(".page-image img").forEach(function (img) { img.setAttribute("sizes", wide); });
    viewer.setAttribute("data-zoom", z);
  }
  zooms.forEach(function (b) {
    b.addEventListener("click", function (e) {
      e.preventDefault();
      setZoom(b.getAttribute("data-zoom"));
      if (history.replaceState) { history.replaceState(null, "", b.getAttribute("href")); }
    });
    b.addEventListener("keydown", function (e) { if (e.key === " ") { e.preventDefault(); b.click(); } });
  });

  var prev = document.getElementById("page-prev");
  var next = document.getElementById("page-next");
  var status = document.getElementById("page-status");
  if (!prev || !next || pages.length < 2) { return; }
  function show(k) {
    current = Math.max(0, Math.min(pages.length - 1, k));
    prev.disabled = current === 0;
    next.disabled = current === pages.length - 1;
    status.textContent = (document.documentElement.lang === "en" ? "Page " : "Halaman ") + (current + 1) +
      (document.documentElement.lang === "en" ? " of " : " dari ") + pages.length;
  }
  function go(k) {
    show(k);
    pages[current].scrollIntoView({block: "start"});
    viewer.setAttribute("data-current", String(current + 1));
  }
  prev.hidden = next.hidden = status.hidden = false;
  prev.addEventListener("click", function () { go(current - 1); });
  next.addEventListener("click", function () { go(current + 1); });
  show(0);
}());
