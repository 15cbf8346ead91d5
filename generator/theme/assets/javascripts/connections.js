/* Lekgotla: the "Who to ask" filter and the copy buttons of citations.
   Progressive enhancement: without this script the whole list and the citation
   text are on the page; with it, the filter form and the copy buttons appear. */
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

  var form = document.getElementById("lk-people-filter");
  if (form) setUpFilter(form);
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), setUpCopy);
})();
