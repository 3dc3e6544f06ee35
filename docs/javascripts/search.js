/* Report search in the header, backed by Pagefind (README "Search").
 *
 * Why it is written this way:
 * - Page loads fetch only this file and search.css. Pagefind's script, its WebAssembly and the
 *   index chunks load on the first focus of the box, and each query then fetches only the
 *   chunks for its words and one small fragment per result shown.
 * - Results are plain links, and the arrow keys move real focus between them, so screen readers
 *   announce each result and Enter / middle-click behave as on any link.
 * - Report text is untrusted: result fields are set as text, and excerpts are rebuilt from text
 *   nodes and <mark> elements only.
 */
(() => {
  "use strict";

  const PAGE_SIZE = 8;
  const DEBOUNCE_MS = 120;
  const HIGHLIGHT_PARAM = "highlight";

  const root = document.getElementById("digest-search");
  if (!root) return;
  const input = document.getElementById("digest-search-input");
  const form = document.getElementById("digest-search-form");
  const opener = root.querySelector(".digest-search__open");
  const panel = document.getElementById("digest-search-panel");
  const status = document.getElementById("digest-search-status");
  const list = document.getElementById("digest-search-results");
  const more = document.getElementById("digest-search-more");
  const selects = Array.from(root.querySelectorAll("select[data-filter]"));

  const base = new URL(root.dataset.base.replace(/\/?$/, "/"), document.baseURI);
  const bundle = new URL("pagefind/", base);
  const lang = document.documentElement.lang || "en";

  let pagefind = null; // promise of the initialised module
  let filtersLoaded = false;
  let timer = 0;
  let generation = 0; // newer queries make older answers stale
  let current = { results: [], shown: 0, term: "" };

  /* Put the box in the header bar, before the palette toggle, and show it. */
  const bar = document.querySelector(".md-header__inner");
  if (bar) {
    bar.insertBefore(root, bar.querySelector(".md-header__option, .md-header__source"));
  }
  root.hidden = false;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind.js", bundle).href).then(async (module) => {
        // noWorker: one query at a time is quick on the main thread, and the worker script
        // would add 41 KB to the first search.
        await module.options({ highlightParam: HIGHLIGHT_PARAM, excerptLength: 24, noWorker: true });
        await module.init();
        return module;
      });
      pagefind.catch(() => {
        /* reported where a search awaits it */
      });
    }
    return pagefind;
  }

  async function loadFilters(module) {
    if (filtersLoaded) return;
    filtersLoaded = true;
    const available = await module.filters();
    for (const select of selects) {
      const counts = available[select.dataset.filter] || {};
      const names = Object.keys(counts);
      if (select.dataset.filter === "year") names.sort().reverse();
      else names.sort((a, b) => a.localeCompare(b, lang));
      for (const name of names) {
        const option = document.createElement("option");
        option.value = name;
        option.textContent = `${name} (${counts[name]})`;
        select.append(option);
      }
    }
  }

  function chosenFilters() {
    const filters = {};
    for (const select of selects) {
      if (select.value) filters[select.dataset.filter] = select.value;
    }
    return filters;
  }

  function open() {
    root.classList.add("digest-search--open");
    opener.setAttribute("aria-expanded", "true");
    panel.hidden = false;
  }

  function close({ focusInput = false } = {}) {
    const hadFocus = root.contains(document.activeElement);
    panel.hidden = true;
    root.classList.remove("digest-search--open");
    opener.setAttribute("aria-expanded", "false");
    // On a narrow screen the box closes with the panel: focus goes back to the button that
    // opens it, not to the top of the page (where a keyboard user would have to start over).
    if (input.getClientRects().length === 0) {
      if (hadFocus || focusInput) opener.focus();
    } else if (focusInput) {
      input.focus();
    }
  }

  function say(text) {
    status.textContent = text;
  }

  /* Pagefind's excerpt is HTML with <mark> around matches: keep only text and marks. */
  function excerptNodes(html) {
    const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
    const out = [];
    for (const node of parsed.body.firstChild.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        out.push(document.createTextNode(node.textContent));
      } else if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.push(mark);
      } else {
        out.push(document.createTextNode(node.textContent));
      }
    }
    return out;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderResult(data) {
    const meta = data.meta || {};
    const item = el("li", "digest-search__result");
    const link = el("a", "digest-search__link");
    link.href = data.url;
    link.append(el("span", "digest-search__title", meta.title || data.url));
    const facts = [meta.date, meta.source].filter(Boolean).join(" · ");
    if (facts) link.append(el("span", "digest-search__facts", facts));
    const excerpt = el("span", "digest-search__excerpt");
    excerpt.append(...excerptNodes(data.excerpt || ""));
    link.append(excerpt);
    const tags = (data.filters && data.filters.tag) || [];
    if (tags.length) {
      const row = el("span", "digest-search__tags");
      for (const tag of tags) row.append(el("span", "digest-search__tag", tag));
      link.append(row);
    }
    item.append(link);
    return item;
  }

  async function showMore(mine) {
    const slice = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    const data = await Promise.all(slice.map((result) => result.data()));
    if (mine !== generation) return;
    list.append(...data.map(renderResult));
    current.shown += slice.length;
    more.hidden = current.shown >= current.results.length;
  }

  function describe(count, term) {
    const what = term ? ` for “${term}”` : "";
    if (count === 0) return `No report found${what}.`;
    return `${count} ${count === 1 ? "report" : "reports"} found${what}.`;
  }

  async function run() {
    const mine = ++generation;
    const term = input.value.trim();
    const filters = chosenFilters();
    if (!term && Object.keys(filters).length === 0) {
      list.replaceChildren();
      more.hidden = true;
      say("");
      return;
    }
    open();
    let module;
    try {
      module = await load();
    } catch {
      if (mine === generation) {
        say(
          location.protocol === "file:"
            ? "Search needs the site served over HTTP (for example 'make serve')."
            : "The search index is missing: run 'make site' or 'make search-index'.",
        );
      }
      return;
    }
    loadFilters(module).catch(() => {});
    // No term but a filter: list the filtered reports, newest first.
    const options = term ? { filters } : { filters, sort: { date: "desc" } };
    const search = await module.search(term || null, options);
    if (mine !== generation || !search) return;
    current = { results: search.results, shown: 0, term };
    list.replaceChildren();
    say(describe(search.results.length, term));
    await showMore(mine);
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  }

  function links() {
    return Array.from(list.querySelectorAll("a.digest-search__link"));
  }

  function isEditable(target) {
    return (
      target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
    );
  }

  /* "/" focuses the box from anywhere except while typing into a field. */
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isEditable(event.target)) return;
    event.preventDefault();
    root.classList.add("digest-search--open");
    input.focus();
    input.select();
  });

  input.addEventListener("focus", () => {
    load();
    if (input.value.trim() || Object.keys(chosenFilters()).length) open();
  });
  input.addEventListener("input", schedule);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      const first = links()[0];
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      // results showing: close them (typing goes on); on a narrow screen the box itself is
      // shown by its button and closes too; else Escape leaves the box
      const narrow = opener.getClientRects().length > 0;
      if (!panel.hidden || (narrow && root.classList.contains("digest-search--open"))) close();
      else input.blur();
    }
  });
  form.addEventListener("submit", async (event) => {
    // Enter in the box opens the first result once results are there.
    event.preventDefault();
    clearTimeout(timer);
    if (!links().length || current.term !== input.value.trim()) await run();
    const first = links()[0];
    if (first) location.href = first.href;
  });

  list.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (at + 1 < all.length) all[at + 1].focus();
      else if (!more.hidden) more.focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    } else if (event.key === "Home") {
      event.preventDefault();
      all[0].focus();
    } else if (event.key === "End") {
      event.preventDefault();
      all[all.length - 1].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close({ focusInput: true });
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      input.focus(); // typing goes on in the box
    }
  });
  more.addEventListener("keydown", (event) => {
    if (event.key === "ArrowUp") {
      event.preventDefault();
      const all = links();
      if (all.length) all[all.length - 1].focus();
    } else if (event.key === "Escape") {
      close({ focusInput: true });
    }
  });
  more.addEventListener("click", async () => {
    const before = links().length;
    await showMore(generation);
    const next = links()[before];
    if (next) next.focus();
  });
  for (const select of selects) select.addEventListener("change", run);

  opener.addEventListener("click", () => {
    root.classList.add("digest-search--open");
    opener.setAttribute("aria-expanded", "true");
    input.focus();
  });
  document.addEventListener("click", (event) => {
    if (!root.contains(event.target)) close();
  });
  root.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) close();
  });

  /* On a report opened from a result, mark the searched words (Pagefind's highlighter). */
  if (new URLSearchParams(location.search).has(HIGHLIGHT_PARAM)) {
    const body = document.querySelector("[data-pagefind-body]");
    if (body) {
      import(new URL("pagefind-highlight.js", bundle).href)
        .then(({ default: Highlighter }) => {
          new Highlighter({
            highlightParam: HIGHLIGHT_PARAM,
            markContext: body,
            markOptions: {
              className: "digest-search-hit",
              exclude: ["[data-pagefind-ignore]", "[data-pagefind-ignore] *", ".headerlink"],
            },
            addStyles: false,
          });
          const hit = body.querySelector("mark.digest-search-hit");
          if (hit) hit.scrollIntoView({ block: "center" });
        })
        .catch(() => {});
    }
  }
})();
