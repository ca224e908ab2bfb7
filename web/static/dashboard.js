// The Dasbor's charts, drawn in the browser with Chart.js (web/static/vendor/chart.umd.min.js, a
// local copy; no CDN) from the JSON island #dashboard-data that web/dashboard.py writes. Every bar
// and slice opens the link beside its value there (the matching search, audit or document list).
// Without JavaScript (or without Chart.js) the tables under each chart stay open: the same numbers,
// the same links. With the charts drawn, the tables fold into "Tabel data".
(function () {
  "use strict";
  var island = document.getElementById("dashboard-data");
  if (!island || typeof window.Chart === "undefined") { return; }
  var spec = JSON.parse(island.textContent);
  var Chart = window.Chart;
  var FONT = spec.font_px;  // the smallest text anywhere in a chart
  var INK = "#1d2733";

  Chart.defaults.font.size = FONT;
  Chart.defaults.color = INK;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.responsive = true;

  // Long labels (step names) become at most `most` lines of about `width` characters (the rest
  // shortened with "…"; the tooltip and the table hold the whole name), so a phone keeps them legible.
  function wrap(text, width, most) {
    var words = String(text).split(" "), lines = [], line = "";
    words.forEach(function (w) {
      if (line && (line + " " + w).length > width) { lines.push(line); line = w; }
      else { line = line ? line + " " + w : w; }
    });
    if (line) { lines.push(line); }
    if (lines.length > most) { lines = lines.slice(0, most); lines[most - 1] += " …"; }
    return lines;
  }

  function linkOf(chart, element) {
    var ds = chart.data.datasets[element.datasetIndex];
    return ds && ds.links ? ds.links[element.index] : null;
  }

  function font(extra) {
    var out = {size: FONT};
    for (var k in extra || {}) { out[k] = extra[k]; }
    return out;
  }

  // Options every chart shares: text sizes, a pointer over a linked bar, a click that opens it.
  function common(mode, axis) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: {mode: mode, intersect: mode === "nearest", axis: axis},
      plugins: {
        legend: {labels: {font: font(), boxWidth: 14}, title: {font: font({weight: "bold"})}},
        tooltip: {titleFont: font({weight: "bold"}), bodyFont: font(), footerFont: font()}
      },
      onHover: function (event, elements, chart) {
        var linked = elements.length && linkOf(chart, elements[0]);
        chart.canvas.style.cursor = linked ? "pointer" : "default";
      },
      onClick: function (event, elements, chart) {
        if (!elements.length) { return; }
        var link = linkOf(chart, elements[0]);
        if (link) { window.location.assign(link); }
      }
    };
  }

  function axis(title, extra) {
    var out = {ticks: {font: font(), precision: 0}, title: {display: !!title, text: title || "", font: font()}};
    for (var k in extra || {}) { out[k] = extra[k]; }
    return out;
  }

  function datasets(list, extra) {
    return list.map(function (ds) {
      var out = {label: ds.label, data: ds.data, links: ds.links, backgroundColor: ds.colour, borderWidth: 0};
      for (var k in extra || {}) { out[k] = extra[k]; }
      return out;
    });
  }

  function narrow() { return window.matchMedia("(max-width: 600px)").matches; }

  var builders = {
    activities: function (c) {
      var options = common("nearest", "x");
      options.scales = {x: axis(null, {stacked: true}), y: axis(c.axis, {stacked: true, beginAtZero: true})};
      options.plugins.legend.title = {display: true, text: c.legend, font: font({weight: "bold"})};
      return {type: "bar", data: {labels: c.labels, datasets: datasets(c.datasets)}, options: options};
    },
    steps: function (c) {
      var options = common("index", "y");  // the whole row is clickable, also for a step at 0 %
      var width = narrow() ? 20 : 30;
      options.indexAxis = "y";
      options.scales = {x: axis(c.axis, {min: 0, max: 100}),
                        y: axis(null, {ticks: {font: font(), autoSkip: false}})};
      options.plugins.legend.display = false;
      options.plugins.tooltip.callbacks = {
        title: function (items) { return items.length ? c.labels[items[0].dataIndex] : ""; },
        label: function (item) { return c.counts[item.dataIndex] + " (" + Math.round(item.raw) + "%)"; }
      };
      // every step named, with its count under the name (a step at 0 % has no bar to hover)
      var labels = c.labels.map(function (l, i) { return wrap(l, width, 2).concat([c.counts[i]]); });
      return {type: "bar", data: {labels: labels, datasets: datasets(c.datasets)}, options: options};
    },
    months: function (c) {
      var options = common("index", "x");  // the whole column is clickable, also for a short bar
      options.scales = {x: axis(null, {ticks: {font: font(), autoSkip: true, maxRotation: 60}}),
                        y: axis(c.axis, {beginAtZero: true})};
      options.plugins.legend.display = false;
      return {type: "bar", data: {labels: c.labels, datasets: datasets(c.datasets)}, options: options};
    },
    review: function (c) {
      var options = common("nearest", "xy");
      options.cutout = "50%";
      options.plugins.legend.position = "bottom";
      return {type: "doughnut", data: {labels: c.labels, datasets: datasets(c.datasets, {borderWidth: 2,
        borderColor: "#fff"})}, options: options};
    }
  };

  window.burtDashboard = {};  // name -> Chart, for the browser test (it reads the options back)
  Object.keys(builders).forEach(function (name) {
    var c = spec[name], figure = document.getElementById("chart-" + name);
    if (!c || !figure || c.empty) { return; }
    var box = figure.querySelector(".chart-box"), canvas = box.querySelector("canvas");
    box.hidden = false;
    window.burtDashboard[name] = new Chart(canvas, builders[name](c));
    var table = figure.querySelector("details.chart-table");
    if (table) { table.open = false; }
  });
  document.documentElement.setAttribute("data-dashboard", "drawn");
})();
