// lekgotla serve: reloads this page when its HTML changes, shows the problems of the edited files,
// and says on the search page when the search index is being rebuilt. The server adds this script to
// the pages it sends (a script of the site's own origin, which every page's policy allows); it is
// never part of a built site.
(() => {
  "use strict";
  const script = document.currentScript;
  const since = script ? Number(script.dataset.since || 0) : 0;
  const path = location.pathname;
  const onSearchPage = /\/search\/(index\.html)?$/.test(path);
  let problemsVersion = -1;
  let indexing = null;
  let box = null;
  let note = null;

  function element(tag, text, style) {
    const made = document.createElement(tag);
    if (text) made.textContent = text;
    Object.assign(made.style, style || {});
    return made;
  }

  function showProblems(problems) {
    if (!problems.length) {
      if (box) box.remove();
      box = null;
      return;
    }
    if (!box) {
      box = element("aside", "", {
        position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "10000", maxHeight: "50vh",
        overflow: "auto", background: "#fff4f4", color: "#5c0000", borderTop: "3px solid #b00020",
        padding: "0.75rem 1rem", font: "0.8rem/1.45 monospace", boxShadow: "0 -2px 8px rgba(0, 0, 0, 0.25)",
      });
      box.setAttribute("role", "alert");
      box.setAttribute("aria-label", "Problems in the edited files");
      document.body.append(box);
    }
    box.replaceChildren(
      element("p", "lekgotla serve: the site shows the last version that passed the check. Fix this and save:",
              {margin: "0 0 0.4rem", fontWeight: "bold"}),
      element("pre", problems.join("\n"), {margin: "0", whiteSpace: "pre-wrap"}),
    );
  }

  function showIndexing(on) {
    if (!onSearchPage) return;
    if (!on) {
      if (note) note.remove();
      note = null;
      return;
    }
    if (note) return;
    note = element("p", "The search index is being rebuilt after your latest edits: results may not show them yet.",
                   {padding: "0.5rem 0.75rem", border: "1px solid #8a6d00", background: "#fff8e0", color: "#4a3b00"});
    note.setAttribute("role", "status");
    const main = document.querySelector(".md-content__inner") || document.querySelector("main") || document.body;
    main.prepend(note);
  }

  async function poll() {
    for (;;) {
      let state;
      try {
        const query = new URLSearchParams({path, since, problems: problemsVersion,
                                           indexing: indexing === null ? "" : Number(indexing)});
        const response = await fetch(`/__lekgotla__/wait?${query}`, {cache: "no-store"});
        state = await response.json();
      } catch (error) {  // the server stopped or is starting again: try again shortly
        await new Promise((resolve) => setTimeout(resolve, 2000));
        continue;
      }
      if (state.reload) {
        location.reload();
        return;
      }
      if (state.problems_version !== problemsVersion) {
        problemsVersion = state.problems_version;
        showProblems(state.problems);
      }
      if (state.indexing !== indexing) {
        indexing = state.indexing;
        showIndexing(indexing);
      }
    }
  }

  poll();
})();
