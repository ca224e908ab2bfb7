// Tables on phones (burt.css turns each row into a card below 760 px): every body cell gets
// its column's header text as data-label, which CSS shows before the value.  Cells that
// already carry a data-label (set by a template) keep it; colspan is followed.
(function () {
  "use strict";
  function label(table) {
    var heads = table.tHead ? table.tHead.rows[0] : null;
    if (!heads) { return; }
    var names = [];
    Array.prototype.forEach.call(heads.cells, function (th) {
      var text = th.textContent.replace(/\s+/g, " ").trim();
      for (var i = 0; i < (th.colSpan || 1); i++) { names.push(text); }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var name = names[col];
          if (name && cell.colSpan === 1 && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", name); }
          col += cell.colSpan || 1;
        });
      });
    });
  }
  function all() { Array.prototype.forEach.call(document.querySelectorAll("table.list"), label); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
}());
