/* Lekgotla: the "Who to ask" filter, the copy buttons of citations, requests and sharing.
   Progressive enhancement: without this script the whole list and the citation
   text are on the page; with it, the filter form and the copy buttons appear.
   Requests (partials/ask.html) work without it; with it, an e-mail request is written
   as a reader would write it, and the page shows where it went. "Share on WhatsApp"
   gets the page's address when the site has no public address configured, and
   "Copy link" appears. On a municipality's page, a link to a closed section or to a
   card in it opens it, and "Request a mentor" in a card chooses its indicator in the
   page's one request form (without script the reader chooses it). A toolkit's checklist
   can be ticked, and the ticks are kept on this device (localStorage), never sent: without
   script its boxes are a picture of a paper checklist. Sections a reader opened on a municipality's
   page are open again when they come back to it. Nothing is sent anywhere by this script. */
(function () {
  "use strict";

  function setUpFilter(form) {
    var list = document.getElementById("lk-people");
    if (!list) return;
    var people = Array.prototype.slice.call(list.querySelectorAll(".lk-person"));
    var count = form.querySelector(".lk-filter-count");
    var separators = { area: " ", province: " ", language: "|", offer: " " };

    function apply() {
      var shown = 0;
      people.forEach(function (person) {
        var match = Object.keys(separators).every(function (name) {
          var wanted = form.elements[name].value;
          if (!wanted) return true;
          return (person.getAttribute("data-" + name) || "").split(separators[name]).indexOf(wanted) >= 0;
        });
        person.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = shown === people.length ? people.length + " people"
        : shown + " of " + people.length + " people match"
          + (shown ? "" : ": set one of the filters back to Any to see more");
    }

    // The choice lives in the address (?area=water&language=isiZulu), as the search page's does: kept on
    // reload and back, and a filtered list can be shared.
    function remember() {
      var params = new URLSearchParams(location.search);
      Object.keys(separators).forEach(function (name) {
        if (form.elements[name].value) params.set(name, form.elements[name].value); else params.delete(name);
      });
      var query = params.toString();
      history.replaceState(null, "", (query ? "?" + query : location.pathname) + location.hash);
    }

    var asked = new URLSearchParams(location.search);
    Object.keys(separators).forEach(function (name) {
      var select = form.elements[name], wanted = asked.get(name);
      if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
        select.value = wanted;
      }
    });
    form.addEventListener("change", function () { apply(); remember(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function setUpCopy(button) {
    if (!navigator.clipboard) return;
    var label = button.textContent;
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy"));
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
    button.hidden = false;
  }

  // ----- sharing ----------------------------------------------------------------------
  function pageAddress() {
    var canonical = document.querySelector("link[rel=canonical]");
    return canonical ? canonical.href : location.href.split("#")[0];
  }

  function copyText(text, done, failed) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, failed);
      return;
    }
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.className = "lk-visually-hidden";
    document.body.appendChild(field);
    field.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    field.remove();
    if (copied) done(); else failed();
  }

  function setUpShare(bar) {
    var address = pageAddress();
    var whatsapp = bar.querySelector(".lk-share__whatsapp");
    if (whatsapp && whatsapp.hidden) {  // no public address configured: the one the reader sees
      whatsapp.href = "https://wa.me/?text=" + encodeURIComponent(whatsapp.getAttribute("data-lk-share-text") + " " + address);
      whatsapp.hidden = false;
    }
    var button = bar.querySelector("[data-lk-copy-link]"), status = bar.querySelector(".lk-share__status");
    if (!button) return;
    button.addEventListener("click", function () {
      copyText(address, function () { status.textContent = "Link copied."; },
        function () { status.textContent = "Copy this address: " + address; });
    });
    button.hidden = false;
  }

  // ----- requests ---------------------------------------------------------------------
  function labelOf(field) {
    if (field.getAttribute("data-lk-label")) return field.getAttribute("data-lk-label");
    var label = field.labels && field.labels[0];
    return label ? label.firstChild.textContent.trim() : field.name;
  }

  // The request as lines of "Label: value", in the order of the form.
  function requestText(form) {
    var lines = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      var value = (field.value || "").trim();
      if (!field.name || !value || field.type === "submit") return;
      var label = labelOf(field), colon = /[?:]$/.test(label) ? "" : ":";
      var block = field.tagName === "TEXTAREA" || value.indexOf("\n") >= 0;  // a message, a file
      lines.push(label + colon + (block ? "\n" : " ") + value + (block ? "\n" : ""));
    });
    return lines.join("\n") + "\n";
  }

  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  function setUpAsk(form) {
    var page = form.elements.page;
    if (page) page.value = pageAddress();
    if (form.getAttribute("data-lk-ask") !== "email") return;
    var sent = form.parentNode.querySelector(".lk-ask__sent");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var to = form.getAttribute("data-lk-to"), subject = form.getAttribute("data-lk-subject");
      var municipality = form.elements.municipality ? form.elements.municipality.value.trim() : "";
      if (municipality && subject.indexOf(municipality) < 0) subject += ", from " + municipality;
      var body = requestText(form);
      var mailto = "mailto:" + to + "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(body);
      var id = form.parentNode.id + "-text";
      // Said again where the reader looks once they have sent it: the form said it before, in its small print.
      var nobody = form.hasAttribute("data-lk-placeholder") ? " " + form.getAttribute("data-lk-placeholder") : "";
      sent.replaceChildren(
        element("p", "Your e-mail app should open with the request, addressed to " + to + ". Check it and press Send." + nobody),
        element("p", "If it did not open, send this text by e-mail to " + to + " with the subject “" + subject + "”:"),
        element("label", "The request", {"for": id}),
        element("textarea", body, {id: id, rows: "8", readonly: ""}),
        element("p", "", {}));
      sent.lastChild.appendChild(element("a", "Open the e-mail again", {href: mailto, "class": "md-button"}));
      sent.hidden = false;
      sent.focus();
      location.href = mailto;
    });
  }

  // ----- sections that open in place, and the one request form of a municipality's page -------
  // Browsers open the <details> around the target of a link themselves (Chromium since 97), and
  // mkdocs-material's script opens a <details> that is the target (#area-water) on load and on
  // hashchange. A tap on a link to the address's own target changes no hash: opened here, as in
  // older browsers.
  function openAround(target) {
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) node.open = true;
    }
  }

  function targetOf(hash) {
    var id = hash.charAt(0) === "#" ? hash.slice(1) : "";
    try { id = decodeURIComponent(id); } catch (error) { return null; }
    return id ? document.getElementById(id) : null;
  }

  // A choice of "about" (an indicator, its id in data-lk-for) offers only the mentors the page names for it,
  // and the subject names it as the choice sends it ("WS5.1 Total water losses").
  function setUpAboutChoice(form) {
    var about = form.elements.about, mentor = form.elements.mentor;
    if (!about || about.tagName !== "SELECT" || !mentor || mentor.tagName !== "SELECT") return;
    var subjectField = form.elements.subject || form.elements.title;
    var subject = form.getAttribute("data-lk-subject") || (subjectField ? subjectField.value : "");
    var named = {};
    Array.prototype.forEach.call(mentor.options, function (option) {
      (option.getAttribute("data-lk-for") || "").split(" ").forEach(function (id) { if (id) named[id] = true; });
    });
    function apply() {
      var chosen = about.selectedIndex >= 0 ? about.options[about.selectedIndex].getAttribute("data-lk-for") || "" : "";
      var known = Object.prototype.hasOwnProperty.call(named, chosen);
      Array.prototype.forEach.call(mentor.options, function (option) {
        var goesWith = option.getAttribute("data-lk-for");
        var offered = !known || !goesWith || goesWith.split(" ").indexOf(chosen) >= 0;
        option.hidden = option.disabled = !offered;
      });
      if (mentor.selectedIndex >= 0 && mentor.options[mentor.selectedIndex].disabled) mentor.value = "";
      var withIt = known ? subject + ", " + about.value : subject;
      if (form.hasAttribute("data-lk-subject")) form.setAttribute("data-lk-subject", withIt);
      if (subjectField) subjectField.value = withIt;
    }
    about.addEventListener("change", apply);
    apply();
  }

  function chooseAbout(form, id) {
    var about = form.elements.about;
    if (!about || about.tagName !== "SELECT") return;
    var option = Array.prototype.find.call(about.options, function (o) { return o.getAttribute("data-lk-for") === id; });
    if (!option) return;
    about.value = option.value;
    about.dispatchEvent(new Event("change"));
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    var target = link && targetOf(link.getAttribute("href"));
    if (!target) return;
    openAround(target);  // before the browser scrolls to it: a target inside a closed section has no place
    var about = link.getAttribute("data-lk-about");
    if (about && target.tagName === "FORM") {
      chooseAbout(target, about);
      var first = target.querySelector("select, input:not([type=hidden])");
      if (first) setTimeout(function () { first.focus({ preventScroll: true }); }, 0);
    }
  });

  // A checklist's item as its box's name: its own words, without those of a list inside it.
  function itemText(item) {
    var copy = item.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll("ul, ol, label"), function (inner) { inner.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function storedTicks(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (error) { return null; }
  }

  function storeTicks(key, ticks) {
    try { window.localStorage.setItem(key, JSON.stringify(ticks)); } catch (error) { /* kept for this visit */ }
  }

  // Each checklist (pymdownx.tasklist's ul.task-list): its boxes made real, their ticks kept by the
  // item's words under the page's address (an edited list keeps the ticks of the items it kept), and a
  // button that clears them.
  function setUpChecklist(list) {
    var key = "lekgotla-ticks:" + window.location.pathname;
    var items = Array.prototype.filter.call(list.children, function (item) {
      return item.classList.contains("task-list-item");
    });
    var boxes = [], ticks = storedTicks(key) || {};
    items.forEach(function (item) {
      var label = item.querySelector(":scope > label.task-list-control");
      var box = label && label.querySelector("input[type=checkbox]");
      if (!box) return;
      var words = itemText(item);
      label.removeAttribute("aria-hidden");
      box.removeAttribute("tabindex");
      box.disabled = false;
      box.setAttribute("aria-label", words);
      if (Object.prototype.hasOwnProperty.call(ticks, words)) box.checked = ticks[words];
      item.addEventListener("click", function (event) {  // a tap on the item's words ticks it too
        var on = event.target;
        if (on.closest("a, label, button, input") || on.closest("li.task-list-item") !== item) return;
        box.click();
      });
      box.addEventListener("change", function () {
        var now = storedTicks(key) || {};
        now[words] = box.checked;
        storeTicks(key, now);
      });
      boxes.push(box);
    });
    if (!boxes.length) return;
    var clear = element("button", "Clear these ticks", { type: "button", "class": "md-button" });
    clear.addEventListener("click", function () {
      var now = storedTicks(key) || {};
      boxes.forEach(function (box) { box.checked = false; now[box.getAttribute("aria-label")] = false; });
      storeTicks(key, now);
      boxes[0].focus();
    });
    var note = element("p", "Your ticks stay on this device only. ", { "class": "lk-ticks" });
    note.appendChild(clear);
    list.parentNode.insertBefore(note, list.nextSibling);
  }

  // The sections of a municipality's page a reader opened are open again when they come back (Back from a
  // peer's page, which closed them all): kept in this history entry's state, so with or without the
  // browser's page cache, and opened before the browser puts the reader back where they were.
  function keepOpenSections(sections) {
    ((window.history.state || {}).lkOpen || []).forEach(function (id) {
      var section = document.getElementById(id);
      if (section) section.open = true;
    });
    sections.forEach(function (section) {
      section.addEventListener("toggle", function () {
        var open = sections.filter(function (s) { return s.open; }).map(function (s) { return s.id; });
        window.history.replaceState(Object.assign({}, window.history.state, { lkOpen: open }), "");
      });
    });
  }

  var form = document.getElementById("lk-people-filter");
  if (form) setUpFilter(form);
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), setUpCopy);
  Array.prototype.forEach.call(document.querySelectorAll(".lk-share"), setUpShare);
  Array.prototype.forEach.call(document.querySelectorAll(".md-typeset ul.task-list"), setUpChecklist);
  keepOpenSections(Array.prototype.slice.call(document.querySelectorAll("details.lk-area[id]")));
  Array.prototype.forEach.call(document.querySelectorAll("form[data-lk-ask]"), function (ask) {
    setUpAboutChoice(ask);
    setUpAsk(ask);
  });
})();
