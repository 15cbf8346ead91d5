/* "Suggest a case study": read what people type (a municipality's name, tags in words, a web
 * address without https://, dates as South Africans write them), check the form with the rules and
 * messages of `lekgotla check` (the same JSON Schema, embedded in the page) and write the markdown
 * file; then hand it to the request form that sends it (partials/ask.html), or to GitHub. No server. */
(function () {
  "use strict";

  var form = document.getElementById("lk-suggest");
  if (!form) return;
  var data = JSON.parse(document.getElementById("lk-suggest-data").textContent);
  var schema = data.schema, rules = data.rules;
  var names = {}, registry = [];
  Object.keys(data.names).forEach(function (province) {
    data.names[province].forEach(function (m) {
      names[m.code] = m.name;
      registry.push({code: m.code, name: m.name, province: province, key: nameKey(m.name)});
    });
  });

  // ----- reading what people type ---------------------------------------------------------
  function plain(text) {  // lowercase, without accents: "Naudé" is found as "naude"
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // A municipality's name without what people add or leave out: "City of", "Local Municipality", "Metro".
  function nameKey(text) {
    return plain(text).replace(/\b(local|metropolitan|district)?\s*municipality\b|\bmetro\b/g, " ")
      .replace(/^\s*(city of|the)\s+/, "").replace(/[^a-z0-9]+/g, " ").trim();
  }

  // The municipalities a typed name or code can mean: one, several (a shared name), or none.
  function municipalitiesFor(text) {
    var typed = text.trim();
    if (!typed) return [];
    var code = (/\(\s*([A-Za-z]{2,3}\d{0,3})\s*\)\s*$/.exec(typed) || [null, typed])[1].toUpperCase();
    if (names[code]) return registry.filter(function (m) { return m.code === code; });
    var key = nameKey(typed.replace(/\([^)]*\)\s*$/, ""));
    if (!key) return [];
    var same = registry.filter(function (m) { return m.key === key; });
    if (same.length || key.length < 3) return same;
    return registry.filter(function (m) { return (" " + m.key).indexOf(" " + key) >= 0; });
  }

  function slugOf(text) {
    // At most 60 characters, ended between words: "…-ward-council" read as a word of its own.
    var slug = "";
    plain(text).replace(/[^a-z0-9]+/g, " ").trim().split(/\s+/).some(function (word) {
      var longer = slug ? slug + "-" + word : word;
      if (longer.length > 60) return true;
      slug = longer;
      return false;
    });
    return slug || plain(text).replace(/[^a-z0-9]+/g, "").slice(0, 60);
  }

  // Tags typed as words, separated by commas: "Community plumbers, youth jobs" -> community-plumbers, youth-jobs.
  function tagsOf(text) {
    var tags = [];
    text.split(/[,;\n]+/).map(slugOf).forEach(function (tag) { if (tag && tags.indexOf(tag) < 0) tags.push(tag); });
    return tags;
  }

  // A web address as people type it: without https:// it gets it.
  function webAddress(text) {
    var typed = text.trim();
    if (!typed || /^(https?:\/\/|mailto:)/i.test(typed)) return typed;
    return "https://" + typed.replace(/^\/+/, "");
  }

  // Dates as written in South Africa: 2024-03-05, 5/3/2024 (day first), 5 March 2024, March 2024,
  // 2024; a municipal financial year, 2019/20 or 2019/2020, is the year it starts; English and Afrikaans
  // month names. {year, month, day} (month and day when given), or null.
  var MONTHS = {jan: 1, januarie: 1, january: 1, feb: 2, februarie: 2, february: 2, mar: 3, maart: 3, march: 3,
    apr: 4, april: 4, may: 5, mei: 5, jun: 6, junie: 6, june: 6, jul: 7, julie: 7, july: 7, aug: 8, augustus: 8,
    august: 8, sep: 9, sept: 9, september: 9, oct: 10, okt: 10, october: 10, oktober: 10, nov: 11, november: 11,
    dec: 12, des: 12, december: 12, desember: 12};

  function fullYear(digits) {
    var year = parseInt(digits, 10);
    if (digits.length > 2) return year;
    return 2000 + year <= rules.this_year ? 2000 + year : 1900 + year;
  }

  function readDate(text) {
    var t = plain(text).trim().replace(/(\d)(st|nd|rd|th)\b/g, "$1").replace(/[,.](?=\s)|,/g, " ").replace(/\s+/g, " ");
    var m, d = null;
    if ((m = /^(\d{4})[-\/.](\d{1,2})[-\/.](\d{1,2})$/.exec(t))) d = {year: +m[1], month: +m[2], day: +m[3]};
    else if ((m = /^(\d{1,2})[-\/.](\d{1,2})[-\/.](\d{2}|\d{4})$/.exec(t))) d = {year: fullYear(m[3]), month: +m[2], day: +m[1]};
    else if ((m = /^(\d{1,2}) ([a-z]+) (\d{4})$/.exec(t)) && MONTHS[m[2]]) d = {year: +m[3], month: MONTHS[m[2]], day: +m[1]};
    else if ((m = /^([a-z]+) (\d{1,2}) (\d{4})$/.exec(t)) && MONTHS[m[1]]) d = {year: +m[3], month: MONTHS[m[1]], day: +m[2]};
    else if ((m = /^([a-z]+) (\d{4})$/.exec(t)) && MONTHS[m[1]]) d = {year: +m[2], month: MONTHS[m[1]]};
    else if ((m = /^(\d{4})$/.exec(t))) d = {year: +m[1]};
    else if ((m = /^(\d{4}) ?[\/-] ?(\d{2}|\d{4})$/.exec(t)) && (+m[2] - +m[1] - 1) % 100 === 0) d = {year: +m[1]};
    if (!d || (d.month && (d.month < 1 || d.month > 12))) return null;
    if (d.day && (d.day < 1 || d.day > new Date(Date.UTC(d.year, d.month, 0)).getUTCDate())) return null;
    return d;
  }

  function isoDate(d) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.year + "-" + two(d.month) + "-" + two(d.day);
  }

  var MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  function spelledDate(d) { return d.day + " " + MONTH_NAMES[d.month - 1] + " " + d.year; }
  function today() { var now = new Date(); return {year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate()}; }

  // ----- the validator's rules, read from the schema ---------------------------------
  function resolve(node) {
    while (node && node.$ref) node = schema.$defs[node.$ref.split("/").pop()];
    return node || {};
  }

  function describe(value) {
    if (typeof value === "string") return value.length < 40 ? "'" + value + "'" : "text";
    return String(value);
  }

  // One message per rule, worded as lekgotla check words it (generator/reading/contract.py, describe_error).
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

  // The code of the municipality a field names, once it names exactly one.
  function codeOf(name) {
    var found = municipalitiesFor(value(name));
    return found.length === 1 ? found[0].code : "";
  }

  function yearOf(text) {
    var date = readDate(text);
    return date ? date.year : (/^\d+$/.test(text) ? parseInt(text, 10) : text);
  }

  // The day the contact agreed: as typed, or today; "" when it cannot be read.
  function consentDate() {
    var typed = value("contact.consent_date"), date = typed ? readDate(typed) : today();
    return date && date.day ? isoDate(date) : "";
  }

  function caseStudy() {
    var municipality = codeOf("municipality"), partner = codeOf("partner");
    var study = {
      title: value("title"),
      municipality: partner && partner !== municipality ? [municipality, partner] : municipality,
      service_area: value("service_area"),
      year: yearOf(value("year")),
      summary: value("summary").replace(/\s+/g, " "),
    };
    var tags = tagsOf(value("tags"));
    if (tags.length) study.tags = tags;
    var indicators = checked("indicators");
    if (indicators.length) study.indicators = indicators;
    study.review = {status: "submitted", date: isoDate(today())};  // sent today: the site's feed dates it so
    var contact = {};
    ["name", "role", "email", "phone"].forEach(function (k) { if (value("contact." + k)) contact[k] = value("contact." + k); });
    if (Object.keys(contact).length) {
      // Contact details are published only with consent, with the day it was given (today unless told).
      if (document.getElementById("f-contact-consent").checked) {
        contact.consent = {agreed: true, date: consentDate()};
      }
      study.contacts = [contact];
    }
    if (value("source.title") || value("source.url")) {
      study.sources = [{title: value("source.title"), url: webAddress(value("source.url"))}];
    }
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
    municipalityProblem("municipality", "Municipality", true, add);
    municipalityProblem("partner", "Partner municipality", false, add);
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
      } else if (!c.consent.date) {
        add("f-contact-consent-date", "The day they agreed", "'" + value("contact.consent_date") +
            "' is not a date: write it as 5 March 2024, 5/3/2024 (day first) or 2024-03-05");
      } else if (c.consent.date > isoDate(today())) {
        add("f-contact-consent-date", "The day they agreed", spelledDate(readDate(c.consent.date)) + " is in the future");
      }
    }
    if (study.sources) {
      check("f-source-title", "Source title", ["sources", "*", "title"], study.sources[0].title, true);
      check("f-source-url", "Source web address", ["sources", "*", "url"], study.sources[0].url, true);
    }
    if (!sections().length) add("f-section-1", "The story", "the page has no text: write at least one section");
    // Filled in from the title: without a title, the title's own message is the one to act on.
    if (value("slug") || value("title")) check("f-slug", "File name", ["tags", "*"], value("slug"), true);
    return found;
  }

  function municipalityProblem(name, label, required, add) {
    var typed = value(name), found = municipalitiesFor(typed);
    if (!typed) {
      if (required) add("f-" + name, label, "missing required field");
    } else if (!found.length) {
      add("f-" + name, label, "no municipality is called '" + typed + "': type its name as the list under the field " +
          "shows it, or its code");
    } else if (found.length > 1) {
      add("f-" + name, label, "'" + typed + "' could be " + found.length + " municipalities: choose one under the field");
    }
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
      if (key === "review") lines.push("review:", "  status: " + v.status, "  date: " + v.date);
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

  // ----- showing back what the file will hold ---------------------------------------------------
  function readBack(id, text) {
    var line = document.getElementById(id + "-read");
    line.textContent = text;
    line.hidden = !text;
  }

  function showTags() {
    var typed = value("tags"), tags = tagsOf(typed);
    readBack("f-tags", tags.length && tags.join(", ") !== typed.trim() ? "Tags in the file: " + tags.join(", ") : "");
  }

  function showYear() {
    var typed = value("year"), date = readDate(typed);
    readBack("f-year", date && String(date.year) !== typed ? "Read as " + date.year : "");
  }

  function showConsentDate() {
    var typed = value("contact.consent_date"), date = typed && readDate(typed);
    readBack("f-contact-consent-date", date && date.day && isoDate(date) !== typed ? "Read as " + spelledDate(date) : "");
  }

  function showAddress() {
    var typed = value("source.url"), address = webAddress(typed);
    readBack("f-source-url", address !== typed ? "Written as " + address : "");
  }

  // Under a municipality field: the one it names, or a choice between those it may mean.
  function showMunicipality(name) {
    var input = form.elements[name], area = document.getElementById("f-" + name + "-match");
    var found = municipalitiesFor(input.value);
    var codes = found.map(function (m) { return m.code; }).join(" ");
    // Unchanged: leave the choice as it is (the field's change event comes as the reader taps a choice).
    if (area.getAttribute("data-codes") === codes) return;
    area.setAttribute("data-codes", codes);
    area.textContent = "";
    if (found.length === 1) {
      area.textContent = "Found: " + found[0].name + " (" + found[0].code + "), " + found[0].province;
    } else if (found.length > 1 && found.length <= 8) {
      var group = document.createElement("fieldset"), legend = document.createElement("legend");
      legend.textContent = "Which one do you mean?";
      group.className = "lk-match__choice";
      group.appendChild(legend);
      found.forEach(function (m) {
        var label = document.createElement("label"), radio = document.createElement("input");
        radio.type = "radio";
        radio.name = name + "-choice";
        radio.value = m.name + " (" + m.code + ")";
        radio.addEventListener("change", function () {
          input.value = radio.value;
          showMunicipality(name);
          suggestSlug();
          input.focus();
        });
        label.className = "lk-choice";
        label.appendChild(radio);
        label.appendChild(document.createTextNode(" " + m.name + " (" + m.code + "), " + m.province));
        group.appendChild(label);
      });
      area.appendChild(group);
    } else if (found.length > 8) {
      area.textContent = found.length + " municipalities match: type more of the name.";
    }
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
    var place = slugOf(names[codeOf("municipality")] || ""), title = slugOf(value("title"));
    // The municipality's name first, unless the title starts with it ("Matzikama red tape desk" is not
    // matzikama-matzikama-red-tape-desk).
    var starts = place && (title === place || title.indexOf(place + "-") === 0);
    form.elements.slug.value = slugOf(((starts || !place ? "" : place + " ") + title.replace(/-/g, " ")).trim());
  }

  form.elements.service_area.addEventListener("change", showIndicators);
  form.elements.title.addEventListener("input", suggestSlug);
  ["municipality", "partner"].forEach(function (name) {
    form.elements[name].addEventListener("change", function () { showMunicipality(name); suggestSlug(); });
  });
  form.elements.tags.addEventListener("input", showTags);
  form.elements.year.addEventListener("input", showYear);
  form.elements["contact.consent_date"].addEventListener("input", showConsentDate);
  form.elements["source.url"].addEventListener("input", showAddress);
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
    attach(study, file, text);
    result.hidden = false;
    // At the top of the screen, the file below it: focus alone scrolled the heading just into view, at the
    // bottom edge of a phone's screen, with the file out of sight.
    var heading = document.getElementById("lk-result-heading");
    heading.focus({preventScroll: true});
    heading.scrollIntoView({block: "start"});
  });

  // The file goes with the request that sends it (partials/ask.html, sent by the site's channel).
  function attach(study, file, text) {
    var send = document.querySelector("#ask-send form");
    if (!send) return;
    var subject = "Suggested case study: " + study.title;
    send.elements.file.value = text;
    send.elements.file_name.value = file;
    send.setAttribute("data-lk-subject", subject);
    if (send.elements.subject) send.elements.subject.value = subject;
    var code = codeOf("municipality");
    if (!send.elements.municipality.value && code) send.elements.municipality.value = names[code] + " (" + code + ")";
  }

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
