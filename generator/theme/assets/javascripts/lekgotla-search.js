// Lekgotla search: Pagefind behind the header box and the /search/ page.
// Loaded only once a reader starts to search; Pagefind then fetches just the
// index chunks and result fragments the query needs.

const HEADER_RESULTS = 5;
const PAGE_RESULTS = 10;
const EXCERPT_WORDS = 24;
// How much more a word typed whole counts than a longer word it begins (Pagefind's default is 1): "water"
// ranked Waterberg, a municipality, above the Water and sanitation area and every water indicator.
const RANKING = { termSimilarity: 5 };
let pagefind = null;

/** The site root as an absolute URL, from the relative base_url a page carries. */
function siteRoot(element) {
  return new URL((element.dataset.lkRoot || ".").replace(/\/?$/, "/"), location.href);
}

/** Pagefind, imported and configured once per page. */
function loadPagefind(root) {
  if (!pagefind) {
    pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async (pf) => {
      await pf.options({ baseUrl: root.pathname, excerptLength: EXCERPT_WORDS, ranking: RANKING });
      await pf.init();
      return pf;
    });
  }
  return pagefind;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "html") node.innerHTML = value; // only Pagefind excerpts: entity-encoded, <mark> added
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== ""));
  return node;
}

/** ``address`` resolved against the site root if it stays inside the site, else null:
 * a result can only ever link to a page of this site (never javascript:, never another host). */
function withinSite(address, root, fromRoot) {
  if (typeof address !== "string" || !address) return null;
  let url;
  try {
    url = new URL(fromRoot ? address.replace(/^\//, "") : address, root);
  } catch (error) {
    return null;
  }
  const inside = url.protocol === root.protocol && url.host === root.host && url.pathname.startsWith(root.pathname);
  return inside ? url.href : null;
}

/** Where the words officials search with begin in a page's indexed text (partials/search-terms.html writes
 * them last, hidden, as "Also searched as: NRW, non-revenue water; … And: …"). */
const TERMS_START = "Also searched as:";

/** The result's excerpt as HTML, or null where it reaches into those words: an excerpt among synonyms says
 * nothing of what the page did, and the page text just before them is its end (a contact, a citation). */
function ownExcerpt(result) {
  const excerpt = result.excerpt || "";
  const content = (result.content || "").replace(/\s+/g, " ");
  const start = content.lastIndexOf(TERMS_START);
  if (start < 0) return excerpt;
  // Pagefind's excerpt is the content's words, entity-encoded, with <mark>s: read as text (an inert document
  // runs nothing) to find where in the content it was taken from.
  const words = new DOMParser().parseFromString(excerpt, "text/html").body.textContent.replace(/\s+/g, " ").trim();
  const at = words ? content.indexOf(words) : -1;
  return at >= 0 && at + words.length <= start ? excerpt : null;
}

/** The page's own words for a result whose excerpt would be synonyms: the start of its summary, or of its text. */
function openingWords(result) {
  const meta = result.meta || {};
  const words = (meta.summary || (result.content || "").split(TERMS_START)[0]).trim().split(/\s+/);
  return words.slice(0, EXCERPT_WORDS).join(" ") + (words.length > EXCERPT_WORDS ? " …" : "");
}

/** One result as a link: title, what it is, where and when, and the matching words (titles as text). */
function resultLink(result, root) {
  const meta = result.meta || {};
  const facts = [meta.type, meta.sample, meta.municipality, meta.year].filter(Boolean).join(" · ");
  // People and indicators are indexed from record pages; meta.link is where they live on the site.
  const href = withinSite(meta.link, root, true) || withinSite(result.url, root, false);
  if (!href) return null;
  const excerpt = ownExcerpt(result);
  return element("a", { href, class: "lk-result" },
    element("span", { class: "lk-result__title" }, meta.title || result.url),
    facts ? element("span", { class: "lk-result__facts" }, facts) : null,
    excerpt === null ? element("span", { class: "lk-result__excerpt" }, openingWords(result))
      : element("span", { class: "lk-result__excerpt", html: excerpt }));
}

function listItems(results, root) {
  return results.map((r) => resultLink(r, root)).filter(Boolean).map((link) => element("li", {}, link));
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

// -- the header box ------------------------------------------------------------

export function headerSearch(form) {
  const input = form.querySelector("input");
  const panel = form.querySelector(".lk-search__panel");
  const list = form.querySelector(".lk-search__results");
  const status = form.querySelector(".lk-search__status");
  const all = form.querySelector(".lk-search__all");
  const root = siteRoot(form);
  const searchPage = new URL("search/", root);
  loadPagefind(root); // start fetching while the reader types the first letters
  let latest = 0;

  let dismissed = false; // Escape closes the results until the reader types again
  const open = () => { panel.hidden = false; };
  const close = () => { panel.hidden = true; };
  const dismiss = () => { dismissed = true; close(); };
  const links = () => [...panel.querySelectorAll("a")];

  async function run() {
    const query = input.value.trim();
    const run = ++latest;
    if (!query) { close(); return; }
    const pf = await loadPagefind(root);
    const search = await pf.debouncedSearch(query, {}, 150);
    if (search === null || run !== latest) return;
    const results = await Promise.all(search.results.slice(0, HEADER_RESULTS).map((r) => r.data()));
    if (run !== latest) return;
    list.replaceChildren(...listItems(results, root));
    status.textContent = search.results.length
      ? `${plural(search.results.length, "result", "results")} for “${query}”`
      : `No results for “${query}”`;
    all.href = `${searchPage.pathname}?q=${encodeURIComponent(query)}`;
    open();
  }

  input.addEventListener("input", () => { dismissed = false; run(); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && !panel.hidden && links().length) {
      event.preventDefault();
      links()[0].focus();
    } else if (event.key === "Escape") {
      dismiss();
    }
  });
  panel.addEventListener("keydown", (event) => {
    const items = links();
    const at = items.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus();
      else items[Math.min(next, items.length - 1)].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      dismiss();
      input.focus();
    }
  });
  form.addEventListener("focusout", (event) => {
    if (!form.contains(event.relatedTarget)) close();
  });
  input.addEventListener("focus", () => { if (!dismissed && input.value.trim() && list.children.length) open(); });
  if (input.value.trim()) run();
}

// -- the /search/ page ---------------------------------------------------------

/** What the address says: the query, the chosen filter values, the order. */
// -- "Did you mean": a mistyped municipality name ("Jozni") finds nothing in the index ------------------

/** Lower case, without accents, spaces or punctuation: "Nala" and "Dr Beyers Naudé" compare as "nala", "drbeyersnaude". */
function folded(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Edits (a letter added, dropped, changed, or two swapped) between ``a`` and ``b``, counted up to ``most`` + 1. */
function edits(a, b, most) {
  if (Math.abs(a.length - b.length) > most) return most + 1;
  let before = null, previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
    }
    [before, previous] = [previous, row];
  }
  return previous[b.length];
}

/** The municipalities whose name (or a word of it, or another name for it, or their start: "Nelson Mandla") is a
 * few letters from ``query``, closest first: one edit in a query of up to 5 letters, two up to 9, three beyond. */
function closeNames(query, names) {
  const asked = folded(query);
  if (asked.length < 3) return [];
  const most = asked.length <= 5 ? 1 : asked.length <= 9 ? 2 : 3;
  const found = [];
  for (const entry of names) {
    const spellings = [entry.name, ...(entry.also || []), entry.code].flatMap((name) => [name, ...name.split(/[\s-]+/)])
      .map(folded).filter((word) => word.length >= 3).map((word) => word.slice(0, asked.length + most));
    const distance = Math.min(...spellings.map((word) => edits(asked, word, most)));
    if (distance <= most) found.push([distance, entry]);
  }
  return found.sort((x, y) => x[0] - y[0]).slice(0, 3).map(([, entry]) => entry);
}

function readState(names) {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const name of names) {
    const values = params.getAll(name);
    if (values.length) filters[name] = values;
  }
  return { query: params.get("q") || "", filters, sort: params.get("sort") || "" };
}

function writeState(state) {
  const params = new URLSearchParams();
  if (state.query) params.set("q", state.query);
  for (const [name, values] of Object.entries(state.filters)) values.forEach((v) => params.append(name, v));
  if (state.sort) params.set("sort", state.sort);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

export async function searchPage(container) {
  const order = JSON.parse(container.dataset.lkFilters); // [[name, label], ...] in display order
  const labels = Object.fromEntries(order);
  const names = order.map(([name]) => name);
  const form = container.querySelector("form");
  const input = form.querySelector("input[name=q]");
  const sort = form.querySelector("select[name=sort]");
  const groups = container.querySelector("[data-lk-filter-groups]");
  const status = container.querySelector("[data-lk-status]");
  const list = container.querySelector("[data-lk-results]");
  const more = container.querySelector("[data-lk-more]");
  const suggest = container.querySelector("[data-lk-suggest]");
  const root = siteRoot(container);
  let municipalityNames = null; // fetched the first time a search finds nothing
  const state = readState(names);
  input.value = state.query;
  sort.value = state.sort;
  // Filters stay behind their button on a phone unless the address already chose some.
  const options = container.querySelector("[data-lk-options]");
  if (options && (window.matchMedia("(min-width: 60em)").matches || state.sort
      || Object.keys(state.filters).length)) options.open = true;
  let latest = 0;
  let shown = [];

  // On a slow connection the index takes seconds to arrive: say so rather than show an empty page.
  status.textContent = "Loading the search…";
  const pf = await loadPagefind(root);
  const allCounts = await pf.filters(); // with every filter loaded, each search also returns the counts

  function currentState() {
    const filters = {};
    for (const box of groups.querySelectorAll("input:checked")) {
      (filters[box.name] ||= []).push(box.value);
    }
    return { query: input.value.trim(), filters, sort: sort.value };
  }

  async function run() {
    const now = currentState();
    writeState(now);
    const run = ++latest;
    // Values of one filter widen the search (any of them); different filters narrow it.
    const filters = Object.fromEntries(Object.entries(now.filters).map(([k, v]) => [k, { any: v }]));
    const order = now.sort ? { sort: { year: now.sort === "newest" ? "desc" : "asc" } } : {};
    if (!now.query && !Object.keys(now.filters).length) {
      // Nothing asked yet: show the filters with their counts, but fetch no index
      // (an empty search would download every index chunk: hundreds of KB on a phone).
      renderFilters(allCounts || {}, now.filters);
      status.textContent = "Type words to search for, or choose filters.";
      suggest.hidden = true;
      list.replaceChildren();
      more.hidden = true;
      return;
    }
    status.textContent = now.query ? `Searching for “${now.query}”…` : "Searching…";
    const search = await pf.search(now.query || null, { filters, ...order });
    if (run !== latest) return;
    renderFilters(search.filters || {}, now.filters);
    shown = search.results;
    list.replaceChildren();
    await showMore(run);
    if (run !== latest) return;
    if (!search.results.length) await suggestNames(now.query, run);
    else suggest.hidden = true;
    if (run !== latest) return;
    // Announced once the results (or the names it may have meant) are on the page, so the count and the list agree.
    status.textContent = search.results.length
      ? `${plural(search.results.length, "result", "results")}${now.query ? ` for “${now.query}”` : ""}`
      : "No results. Try fewer words or fewer filters.";
  }

  /** Below "No results": the municipalities a mistyped name may have meant, each a link to its page. */
  async function suggestNames(query, run) {
    suggest.hidden = true;
    suggest.replaceChildren();
    if (!query || !container.dataset.lkNames) return;
    municipalityNames ||= fetch(new URL(container.dataset.lkNames, document.baseURI))
      .then((answer) => (answer.ok ? answer.json() : [])).catch(() => []);
    const close = closeNames(query, await municipalityNames);
    if (run !== latest || !close.length) return;
    const links = close.map((entry) => element("a", { href: withinSite(entry.url, root, true) }, entry.name));
    suggest.append("Did you mean ", ...links.flatMap((link, n) => (n ? [n === links.length - 1 ? " or " : ", ", link] : [link])), "?");
    suggest.hidden = false;
  }

  async function showMore(run) {
    const next = shown.slice(list.children.length, list.children.length + PAGE_RESULTS);
    const results = await Promise.all(next.map((r) => r.data()));
    if (run !== latest) return;
    list.append(...listItems(results, root));
    more.hidden = list.children.length >= shown.length;
  }

  /** One group of checkboxes per filter, with how many results each value would give. */
  function renderFilters(counts, chosen) {
    const focused = document.activeElement && document.activeElement.id;
    groups.replaceChildren(...names.filter((name) => counts[name]).map((name) => {
      const values = Object.entries(counts[name])
        .filter(([value, count]) => count > 0 || (chosen[name] || []).includes(value))
        .sort(([a, ca], [b, cb]) => (name === "year" ? b.localeCompare(a) : cb - ca || a.localeCompare(b)));
      if (!values.length) return "";
      const boxes = values.map(([value, count]) => {
        const id = `lk-filter-${name}-${value.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
        const box = element("input", { type: "checkbox", id, name, value });
        box.checked = (chosen[name] || []).includes(value);
        return element("li", {}, box, element("label", { for: id }, `${value} `,
          element("span", { class: "lk-count" }, `(${count})`)));
      });
      const open = (chosen[name] || []).length || ["type", "service_area", "province"].includes(name);
      const details = element("details", { class: "lk-filter" },
        element("summary", {}, labels[name]),
        element("ul", { class: "lk-filter__values", "aria-label": labels[name] }, ...boxes));
      details.open = Boolean(open);
      return details;
    }));
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  input.addEventListener("input", () => run());
  sort.addEventListener("change", () => run());
  groups.addEventListener("change", () => run());
  more.addEventListener("click", () => showMore(latest));
  // The boxes are drawn from the counts; the first search uses the address's own filters.
  renderFilters(await pf.filters(), state.filters);
  run();
}
