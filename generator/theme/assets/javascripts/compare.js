// /compare/: two to four municipalities side by side on every indicator.
// The page already holds the indicators (one empty table each); this script reads the
// choice from the address (?m=KZN272,EC154), fetches only those municipalities' values
// (data/municipalities/<code>.json, about a kilobyte each) and fills the tables.
// No inline script or handler: the site's CSP allows scripts from the site only.
(function () {
  "use strict";
  var form = document.getElementById("lk-compare");
  var results = document.getElementById("lk-compare-results");
  var status = document.getElementById("lk-compare-status");
  if (!form || !results || !window.fetch) return;
  var max = parseInt(form.getAttribute("data-most"), 10) || 4;
  var valuesBase = new URL(form.getAttribute("data-values"), document.baseURI);
  var pagesBase = new URL(form.getAttribute("data-pages"), document.baseURI);
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var known = {}, empty = {};
  selects[0].querySelectorAll("option[value]").forEach(function (o) {
    if (o.value) known[o.value] = o.textContent;
    if (o.hasAttribute("data-no-values")) empty[o.value] = true;
  });
  var cache = {};
  form.hidden = false;

  function chosenFromAddress() {
    var raw = new URLSearchParams(window.location.search).get("m") || "";
    var seen = {}, codes = [];
    raw.split(",").forEach(function (c) {
      c = c.trim().toUpperCase();
      if (c && known[c] && !seen[c] && codes.length < max) { seen[c] = true; codes.push(c); }
    });
    return codes;
  }

  function chosenFromForm() {
    var seen = {}, codes = [];
    selects.forEach(function (s) { if (s.value && !seen[s.value]) { seen[s.value] = true; codes.push(s.value); } });
    return codes;
  }

  // As Python's format_value: up to two decimals without trailing zeros; thousands grouped.
  function formatValue(value, unit) {
    var text = Math.abs(value) < 1000
      ? value.toFixed(2).replace(/0+$/, "").replace(/\.$/, "")
      : Math.round(value).toLocaleString("en-US");
    if (text === "-0") text = "0";
    if (!unit) return text;
    return unit === "%" ? text + "%" : text + " " + unit;
  }

  function load(code) {
    if (empty[code]) return Promise.resolve({ code: code, values: {} });  // nothing published: no request
    if (!cache[code]) {
      cache[code] = fetch(new URL(code.toLowerCase() + ".json", valuesBase).href)
        .then(function (r) { return r.ok ? r.json() : { code: code, values: {} }; })
        .catch(function () { return { code: code, values: {}, failed: true }; });
    }
    return cache[code];
  }

  function cell(tag, text, className) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = text;
    return el;
  }

  function fill(data) {
    results.querySelectorAll("tbody[data-indicator]").forEach(function (body) {
      var id = body.getAttribute("data-indicator"), unit = body.getAttribute("data-unit");
      var lower = body.getAttribute("data-better") === "lower";
      var benchmark = body.hasAttribute("data-benchmark") ? parseFloat(body.getAttribute("data-benchmark")) : null;
      var latest = data.map(function (d) {
        var points = d.values[id] || [];
        return points.length ? points[points.length - 1] : null;
      });
      var numbers = latest.filter(Boolean).map(function (p) { return p[1]; });
      var best = numbers.length > 1 ? (lower ? Math.min.apply(null, numbers) : Math.max.apply(null, numbers)) : null;
      body.textContent = "";
      data.forEach(function (d, n) {
        var row = document.createElement("tr");
        var name = document.createElement("th");
        name.scope = "row";
        var link = document.createElement("a");
        link.href = new URL(d.code.toLowerCase() + "/", pagesBase).href;
        link.textContent = d.name;
        name.appendChild(link);
        row.appendChild(name);
        var point = latest[n];
        if (point) {
          var value = cell("td", formatValue(point[1], unit), "lk-number");
          var notes = [];
          if (benchmark !== null && (lower ? point[1] <= benchmark : point[1] >= benchmark)) notes.push("meets the benchmark");
          if (best !== null && point[1] === best) notes.push("best of these");
          if (notes.length) value.appendChild(cell("span", notes.join(", "), "lk-meta lk-note-line"));
          row.appendChild(value);
          row.appendChild(cell("td", String(point[0]), "lk-number"));
        } else {
          var none = cell("td", "no data", "lk-meta");
          none.colSpan = 2;
          row.appendChild(none);
        }
        body.appendChild(row);
      });
    });
  }

  function show(codes) {
    selects.forEach(function (s, n) { s.value = codes[n] || ""; });
    if (codes.length < 2) {
      results.hidden = true;
      status.textContent = codes.length ? "Choose at least one more municipality." : "";
      return;
    }
    status.textContent = "Loading the values of " + codes.length + " municipalities…";
    Promise.all(codes.map(load)).then(function (data) {
      data.forEach(function (d, n) { d.name = d.name || known[codes[n]].replace(/ \(.*$/, ""); d.code = codes[n]; });
      fill(data);
      results.hidden = false;
      var failed = data.filter(function (d) { return d.failed; }).length;
      status.textContent = failed ? "Some values could not be loaded; check your connection and try again."
        : "Showing " + data.map(function (d) { return d.name; }).join(", ") + ".";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var codes = chosenFromForm();
    var address = codes.length ? "?m=" + codes.join(",") : window.location.pathname;
    window.history.pushState(null, "", address);
    show(codes);
  });
  window.addEventListener("popstate", function () { show(chosenFromAddress()); });
  show(chosenFromAddress());
})();
