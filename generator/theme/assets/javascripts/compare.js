// /compare/: two to four municipalities side by side on every indicator.
// The page already holds the indicators (one empty table each); this script reads the
// choice from the address (?m=KZN272,EC154), fetches only those municipalities' latest values,
// written as every page writes them (data/municipalities/<code>.json, 1 to 2 KB compressed each),
// and fills the tables.
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

  // What the address asked for and is not shown, said before anything else: a mistyped or shortened shared
  // link showed an empty form, or dropped a fifth municipality, without a word.
  var skipped = [];
  function chosenFromAddress() {
    var raw = new URLSearchParams(window.location.search).get("m") || "";
    var seen = {}, codes = [];
    skipped = [];
    raw.split(",").forEach(function (c) {
      c = c.trim().toUpperCase();
      if (!c || seen[c]) return;
      seen[c] = true;
      if (!known[c]) skipped.push("“" + c + "” is not a municipality code");
      else if (codes.length >= max) skipped.push(known[c] + " is left out: at most " + max + " are compared at once");
      else codes.push(c);
    });
    return codes;
  }

  function said(text) {
    return skipped.length ? skipped.join("; ") + ". " + text : text;
  }

  function chosenFromForm() {
    skipped = [];
    var seen = {}, codes = [];
    selects.forEach(function (s) { if (s.value && !seen[s.value]) { seen[s.value] = true; codes.push(s.value); } });
    return codes;
  }

  function load(code) {
    if (empty[code]) return Promise.resolve({ code: code, latest: {} });  // nothing published: no request
    if (!cache[code]) {
      cache[code] = fetch(new URL(code.toLowerCase() + ".json", valuesBase).href)
        .then(function (r) { return r.ok ? r.json() : { code: code, latest: {} }; })
        .catch(function () { return { code: code, latest: {}, failed: true }; });
    }
    return cache[code];
  }

  function cell(tag, text, className) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = text;
    return el;
  }

  // A figure, place or rating as every page marks it up (partials/benchmark-macros.html); the words and
  // numbers come written from the site's one formatter, in the municipality's JSON ("latest").
  function marked(tag, attributes, text, className) {
    var el = cell(tag, text, className);
    Object.keys(attributes).forEach(function (name) { el.setAttribute(name, attributes[name]); });
    return el;
  }

  // Why a municipality has no water value, in the words of its own page (macros.html hands them to the form):
  // it is not the water services authority for its area, and who is.
  function explainWater(none, d) {
    none.textContent = "no data: " + form.getAttribute("data-not-authority")
      + (d.water_status_by_rule ? form.getAttribute("data-by-rule") : "") + "; " + form.getAttribute("data-provided-by") + " ";
    d.water_providers.forEach(function (provider, n) {
      var link = document.createElement("a");
      link.href = new URL(provider.code.toLowerCase() + "/#area-water", pagesBase).href;
      link.textContent = provider.name;
      none.appendChild(link);
      none.appendChild(document.createTextNode(n < d.water_providers.length - 1 ? ", " : ""));
    });
  }

  function fill(data) {
    results.querySelectorAll("section[data-i]").forEach(function (block) {
      var id = block.getAttribute("data-i"), body = block.querySelector("tbody");
      var lower = body.getAttribute("data-better") === "lower";
      var latest = data.map(function (d) { return (d.latest || {})[id] || null; });
      // "Best of these" only where every value shown is of the same year: never a 2023 value against a 2024
      // one, nor a 2024 value marked best beside a better one of 2023 (Jozini's 429.8 days to register a title
      // deed was "best of these in 2024" above Port St Johns' 347.1 of 2023).
      var shown = latest.filter(Boolean);
      var newest = Math.max.apply(null, shown.map(function (p) { return p.y; }));
      var same = shown.filter(function (p) { return p.y === newest; }).map(function (p) { return p.v; });
      var best = same.length > 1 && same.length === shown.length
        ? (lower ? Math.min.apply(null, same) : Math.max.apply(null, same)) : null;
      body.textContent = "";
      data.forEach(function (d, n) {
        var row = document.createElement("tr");
        row.setAttribute("data-m", d.code);
        var name = document.createElement("th");
        name.scope = "row";
        var link = document.createElement("a");
        link.href = new URL(d.code.toLowerCase() + "/", pagesBase).href;
        link.textContent = d.name;
        name.appendChild(link);
        row.appendChild(name);
        var point = latest[n];
        if (point) {
          row.setAttribute("data-y", String(point.y));
          var value = document.createElement("td");
          value.className = "lk-number";
          value.appendChild(marked("span", { "data-f": "v" }, point.t));
          // Each note on a line of its own: the rank that year, the rating, and whether it is the best of these.
          value.appendChild(marked("span", { "data-f": "rank" }, point.place, "lk-meta lk-note-line"));
          if (point.r) {
            value.appendChild(marked("span", { "data-r": point.r }, point.rating, "lk-rating"));
          }
          if (best !== null && point.y === newest && point.v === best) value.appendChild(cell("span", "best of these in " + point.y, "lk-meta lk-note-line"));
          row.appendChild(value);
          row.appendChild(cell("td", String(point.y), "lk-number"));
        } else {
          var none = cell("td", block.getAttribute("data-none"), "lk-meta");
          if (block.getAttribute("data-a") === "water" && d.water_providers) explainWater(none, d);
          none.colSpan = 2;
          row.appendChild(none);
        }
        body.appendChild(row);
      });
    });
  }

  function show(codes, asked) {
    selects.forEach(function (s, n) { s.value = codes[n] || ""; });
    if (codes.length < 2) {
      results.hidden = true;
      status.textContent = said(codes.length ? "Choose at least one more municipality."
        : asked || skipped.length ? form.getAttribute("data-choose") : "");
      return;
    }
    status.textContent = "Loading the values of " + codes.length + " municipalities…";
    Promise.all(codes.map(load)).then(function (data) {
      data.forEach(function (d, n) { d.name = d.name || known[codes[n]].replace(/ \(.*$/, ""); d.code = codes[n]; });
      fill(data);
      results.hidden = false;
      goToTarget();
      var failed = data.filter(function (d) { return d.failed; }).length;
      status.textContent = said(failed ? "Some values could not be loaded; check your connection and try again."
        : "Showing " + data.map(function (d) { return d.name; }).join(", ") + ".");
    });
  }

  // A card's link names its indicator (#cmp-…): its table is hidden until the values arrive, so the
  // browser could not scroll to it on load; it is scrolled to once, when first shown.
  var target = null;
  try { target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1))); }
  catch (error) { target = null; }  // a malformed #%… names nothing
  function goToTarget() {
    if (target && results.contains(target)) target.scrollIntoView();
    target = null;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var codes = chosenFromForm();
    var address = codes.length ? "?m=" + codes.join(",") : window.location.pathname;
    window.history.pushState(null, "", address);
    show(codes, true);
  });
  window.addEventListener("popstate", function () { show(chosenFromAddress()); });
  show(chosenFromAddress());
})();
