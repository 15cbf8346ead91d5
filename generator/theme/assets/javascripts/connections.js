/* Lekgotla: the "Who to ask" filter, the copy buttons of citations, requests and sharing.
   Progressive enhancement: without this script the whole list and the citation
   text are on the page; with it, the filter form and the copy buttons appear.
   Requests (partials/ask.html) work without it; with it, an e-mail request is written
   as a reader would write it, and the page shows where it went. "Share on WhatsApp"
   gets the page's address when the site has no public address configured, and
   "Copy link" appears. Nothing is sent anywhere by this script. */
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
        : shown + " of " + people.length + " people match";
    }

    form.addEventListener("change", apply);
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
      sent.replaceChildren(
        element("p", "Your e-mail app should open with the request, addressed to " + to + ". Check it and press Send."),
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

  var form = document.getElementById("lk-people-filter");
  if (form) setUpFilter(form);
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), setUpCopy);
  Array.prototype.forEach.call(document.querySelectorAll(".lk-share"), setUpShare);
  Array.prototype.forEach.call(document.querySelectorAll("form[data-lk-ask]"), setUpAsk);
})();
