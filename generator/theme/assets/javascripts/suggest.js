/* "Suggest a case study": check the form with the rules and messages of `lekgotla check`
 * (the same JSON Schema, embedded in the page) and write the markdown file. No server. */
(function () {
  "use strict";

  var form = document.getElementById("lk-suggest");
  if (!form) return;
  var data = JSON.parse(document.getElementById("lk-suggest-data").textContent);
  var schema = data.schema, rules = data.rules;
  var names = {};
  Object.keys(data.names).forEach(function (province) {
    data.names[province].forEach(function (m) { names[m.code] = m.name; });
  });

  // ----- the validator's rules, read from the schema ---------------------------------
  function resolve(node) {
    while (node && node.$ref) node = schema.$defs[node.$ref.split("/").pop()];
    return node || {};
  }

  function describe(value) {
    if (typeof value === "string") return value.length < 40 ? "'" + value + "'" : "text";
    return String(value);
  }

  // One message per rule, worded as generator/validate.py words it.
  function schemaMessage(node, value) {
    node = resolve(node);
    var length = Array.from(String(value)).length;
    if (node.type === "string" && typeof value !== "string") return "expected text, got " + describe(value);
    if (node.type === "integer" && !(typeof value === "number" && Number.isInteger(value))) {
      return "expected " + rules.type_names.integer + ", got " + describe(value);
    }
    if (node.enum && node.enum.indexOf(value) < 0) return "'" + value + "' is not one of: " + node.enum.join(", ");
    if (node.minLength !== undefined && length < node.minLength) {
      return value ? "is too short: at least " + node.minLength + " characters" : "is empty";
    }
    if (node.maxLength !== undefined && length > node.maxLength) {
      return "is " + length + " characters long; the limit is " + node.maxLength;
    }
    if (node.pattern && !new RegExp(node.pattern).test(value)) {
      var words = rules.pattern_messages[node.pattern] || "has the wrong form";
      return ("'" + value + "' " + words).replace("' expected", "': expected");
    }
    if (node.minimum !== undefined && value < node.minimum) {
      return value + " is too small: expected " + node.minimum + " or later";
    }
    return "";
  }

  function property(path) {
    var node = schema;
    path.forEach(function (part) {
      node = resolve(node);
      node = part === "*" ? node.items : node.properties[part];
    });
    return node;
  }

  // ----- reading the form ---------------------------------------------------------------
  function value(name) {
    var element = form.elements[name];
    return element ? element.value.trim() : "";
  }

  function checked(name) {
    return Array.prototype.filter.call(form.querySelectorAll("input[name='" + name + "']:checked"),
      function (box) { return !box.closest("[hidden]"); }).map(function (box) { return box.value; });
  }

  function sections() {
    return Array.prototype.map.call(form.querySelectorAll("textarea[name='section']"), function (area) {
      return {heading: area.getAttribute("data-heading"), text: area.value.trim()};
    }).filter(function (s) { return s.text; });
  }

  function slugOf(text) {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim().split(/\s+/).join("-").slice(0, 60).replace(/-+$/, "");
  }

  function caseStudy() {
    var municipality = value("municipality"), partner = value("partner");
    var study = {
      title: value("title"),
      municipality: partner && partner !== municipality ? [municipality, partner] : municipality,
      service_area: value("service_area"),
      year: /^\d+$/.test(value("year")) ? parseInt(value("year"), 10) : value("year"),
      summary: value("summary").replace(/\s+/g, " "),
    };
    var tags = value("tags").split(",").map(function (t) { return t.trim(); }).filter(Boolean);
    if (tags.length) study.tags = tags;
    var indicators = checked("indicators");
    if (indicators.length) study.indicators = indicators;
    study.review = {status: "submitted"};
    var contact = {};
    ["name", "role", "email", "phone"].forEach(function (k) { if (value("contact." + k)) contact[k] = value("contact." + k); });
    if (Object.keys(contact).length) {
      // Contact details are published only with consent: the date recorded is the day the form was filled.
      if (document.getElementById("f-contact-consent").checked) {
        contact.consent = {agreed: true, date: new Date().toISOString().slice(0, 10)};
      }
      study.contacts = [contact];
    }
    if (value("source.title") || value("source.url")) study.sources = [{title: value("source.title"), url: value("source.url")}];
    return study;
  }

  // ----- checking ---------------------------------------------------------------------------
  function problems(study) {
    var found = [];
    function add(id, label, message) { found.push({id: id, label: label, message: message}); }
    function check(id, label, path, v, required) {
      if (v === "" || v === undefined) {
        if (required) add(id, label, "missing required field");
        return;
      }
      var message = schemaMessage(property(path), v);
      if (message) add(id, label, message);
    }
    var required = schema.required;
    check("f-title", "Title", ["title"], study.title, required.indexOf("title") >= 0);
    if (!value("municipality")) add("f-municipality", "Municipality", "missing required field");
    else if (rules.municipalities.indexOf(value("municipality")) < 0) {
      add("f-municipality", "Municipality", "unknown municipality '" + value("municipality") + "'");
    }
    if (!study.service_area) add("f-service_area", "Service area", "missing required field");
    check("f-year", "Year", ["year"], study.year, true);
    if (typeof study.year === "number" && study.year > rules.this_year) {
      add("f-year", "Year", study.year + " is in the future; expected " + rules.first_year + " to " + rules.this_year);
    }
    check("f-summary", "Summary", ["summary"], study.summary, required.indexOf("summary") >= 0);
    (study.tags || []).forEach(function (tag) { check("f-tags", "Tags", ["tags", "*"], tag, false); });
    if (study.contacts) {
      var c = study.contacts[0], need = ["name", "role"];  // a contact is a name and a role, or a person file
      ["name", "role", "email", "phone"].forEach(function (k) {
        check("f-contact-" + k, "Contact " + k, ["contacts", "*", k], c[k], need.indexOf(k) >= 0);
      });
      if (!c.consent) {
        add("f-contact-consent", "Consent", "contact details are published only when the person agreed: " +
            "tick the box once they have, or leave the contact out");
      }
    }
    if (study.sources) {
      check("f-source-title", "Source title", ["sources", "*", "title"], study.sources[0].title, true);
      check("f-source-url", "Source web address", ["sources", "*", "url"], study.sources[0].url, true);
    }
    if (!sections().length) add("f-section-1", "The story", "the page has no text: write at least one section");
    check("f-slug", "File name", ["tags", "*"], value("slug"), true);
    return found;
  }

  function clearProblems() {
    form.querySelectorAll(".lk-error").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
  }

  function showProblems(found) {
    var summary = document.getElementById("lk-errors"), list = summary.querySelector("ul");
    list.textContent = "";
    found.forEach(function (problem) {
      var field = document.getElementById(problem.id);
      var error = document.getElementById(problem.id === "f-section-1" ? "f-body-error" : problem.id + "-error");
      error.textContent = (error.textContent ? error.textContent + " " : "") + "Error: " + problem.message;
      error.hidden = false;
      field.setAttribute("aria-invalid", "true");
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = "#" + problem.id;
      link.textContent = problem.label + ": " + problem.message;
      link.addEventListener("click", function (event) { event.preventDefault(); field.focus(); });
      item.appendChild(link);
      list.appendChild(item);
    });
    summary.querySelector("h2").textContent = found.length === 1 ? "Please correct this problem" :
      "Please correct these " + found.length + " problems";
    summary.hidden = false;
    summary.focus();
  }

  // ----- writing the file ------------------------------------------------------------------
  // Text is written as JSON strings, which YAML reads as double-quoted scalars: no
  // colon, quote or hash in a contributor's words can break the front matter.
  function scalar(v) { return typeof v === "number" ? String(v) : JSON.stringify(v); }
  // Codes and ids (ETH, water, WS5.1) are written bare, as in CONTRIBUTING.md, unless
  // YAML would read them as something else (yes, no, on, off, null…).
  var YAML_WORDS = /^(y|n|yes|no|on|off|true|false|null)$/i;
  function bare(v) { return /^[A-Za-z][A-Za-z0-9.-]*$/.test(v) && !YAML_WORDS.test(v) ? v : scalar(v); }
  function list(items, write) { return "[" + items.map(write || scalar).join(", ") + "]"; }
  var IDS = ["municipality", "service_area", "tags", "indicators"];

  function markdown(study) {
    var lines = ["---"];
    Object.keys(study).forEach(function (key) {
      var v = study[key];
      if (key === "review") lines.push("review:", "  status: " + v.status);
      else if (key === "contacts" || key === "sources") {
        lines.push(key + ":");
        v.forEach(function (entry) {
          Object.keys(entry).forEach(function (k, i) {
            var v = entry[k];
            var text = k === "consent" ? "{agreed: true, date: " + v.date + "}" : scalar(v);
            lines.push((i ? "    " : "  - ") + k + ": " + text);
          });
        });
      } else {
        var write = IDS.indexOf(key) >= 0 ? bare : scalar;
        lines.push(key + ": " + (Array.isArray(v) ? list(v, write) : write(v)));
      }
    });
    lines.push("---", "");
    sections().forEach(function (s) { lines.push("## " + s.heading, "", s.text.replace(/\r\n?/g, "\n"), ""); });
    return lines.join("\n");
  }

  // ----- the page's behaviour ------------------------------------------------------------------
  function showIndicators() {
    var area = value("service_area");
    form.querySelectorAll(".lk-choices").forEach(function (group) {
      group.hidden = group.getAttribute("data-area") !== area;
    });
  }

  var slugEdited = false;
  function suggestSlug() {
    if (slugEdited) return;
    var code = value("municipality");
    form.elements.slug.value = slugOf(((names[code] || "") + " " + value("title")).trim());
  }

  form.elements.service_area.addEventListener("change", showIndicators);
  form.elements.title.addEventListener("input", suggestSlug);
  form.elements.municipality.addEventListener("change", suggestSlug);
  form.elements.slug.addEventListener("input", function () { slugEdited = true; });
  showIndicators();

  var result = document.getElementById("lk-result"), output = document.getElementById("lk-output");

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearProblems();
    var study = caseStudy(), found = problems(study);
    if (found.length) {
      result.hidden = true;
      showProblems(found);
      return;
    }
    document.getElementById("lk-errors").hidden = true;
    var text = markdown(study), file = value("slug") + ".md";
    output.value = text;
    document.getElementById("lk-output-name").textContent = file;
    var open = document.getElementById("lk-open-github");
    if (open && data.new_file_url) {
      open.href = data.new_file_url + "?filename=" + encodeURIComponent(file) + "&value=" + encodeURIComponent(text);
    }
    result.hidden = false;
    document.getElementById("lk-result-heading").focus();
  });

  document.getElementById("lk-download").addEventListener("click", function () {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([output.value], {type: "text/markdown"}));
    link.download = document.getElementById("lk-output-name").textContent;
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  document.getElementById("lk-copy").addEventListener("click", function () {
    var status = document.getElementById("lk-copy-status");
    function copied() { status.textContent = "Copied."; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(output.value).then(copied, function () { status.textContent = "Select the text below and copy it."; });
    } else {
      output.select();
      document.execCommand("copy");
      copied();
    }
  });
})();
