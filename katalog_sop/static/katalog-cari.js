/* Katalog SOP: the search page. Asks the Pagefind index that the build wrote
 * to the site itself; nothing is loaded from another host.
 *
 * - Results in force come first, revoked ones after them and marked.
 * - A query shaped like a nomor SOP (045/SOP.02/UMUM/2024) puts the SOP with
 *   exactly that nomor first.
 * - The query and filters live in the address (?q=&opd=&jenis=&status=), so
 *   a result list can be shared, and the back button works.
 */
(() => {
  "use strict";

  const PAGE_SIZE = 6;
  const STATUSES = ["berlaku", "dicabut"];
  const form = document.querySelector("form.katalog-cari");
  if (!form) return;

  const input = form.querySelector("input[name=q]");
  const selects = Array.from(form.querySelectorAll("select"));
  const status = document.getElementById("cari-status");
  const list = document.getElementById("cari-hasil");
  const more = document.getElementById("cari-lagi");
  const bundleUrl = new URL(form.dataset.pagefindBundle, document.baseURI).href;
  // The site's root folder (a relative link ending in "/", with or without MkDocs' directory URLs):
  // Pagefind's result addresses (a/b/ or a/b.html) are relative to it.
  const siteRoot = new URL(form.dataset.siteRoot, document.baseURI).pathname;

  let pagefind = null;
  let results = [];
  let shown = 0;
  let generation = 0;
  let timer = 0;

  async function engine() {
    if (!pagefind) {
      pagefind = await import(bundleUrl);
      await pagefind.options({ baseUrl: siteRoot, excerptLength: 24 });
      await pagefind.init();
    }
    return pagefind;
  }

  function chosenFilters() {
    const filters = {};
    for (const select of selects) {
      if (select.value) filters[select.name] = select.value;
    }
    return filters;
  }

  /* A query shaped like a nomor SOP ("045/SOP.02/UMUM/2024": digits and a
   * slash or dot, no space), compared without case and punctuation. */
  function compact(text) {
    return text.toLowerCase().replace(/[^0-9a-z]/g, "");
  }

  function nomorQuery(query) {
    const text = query.replace(/^"|"$/g, "").trim();
    return /[0-9]/.test(text) && /[/.]/.test(text) && !/\s/.test(text) ? text : null;
  }

  /* The SOP whose nomor is exactly the query: among the pages holding the
   * nomor as a phrase (itself, and the SOPs that refer to it). */
  async function exactNomor(pf, nomor, filters) {
    const phrase = await pf.search(`"${nomor}"`, { filters });
    const candidates = phrase.results.slice(0, 10);
    const data = await Promise.all(candidates.map((result) => result.data()));
    return candidates.filter((_, index) => compact(data[index].meta.nomor || "") === compact(nomor));
  }

  async function searchAll(query, filters) {
    const pf = await engine();
    const found = [];
    const seen = new Set();
    const add = (result) => {
      if (!seen.has(result.id)) {
        seen.add(result.id);
        found.push(result);
      }
    };
    const nomor = nomorQuery(query);
    const groups = filters.status ? [filters.status] : STATUSES;
    const [exact, ...searches] = await Promise.all([
      nomor ? exactNomor(pf, nomor, filters) : [],
      ...groups.map((status) => pf.search(query || null, { filters: { ...filters, status } })),
    ]);
    exact.forEach(add);
    for (const search of searches) search.results.forEach(add);
    return found;
  }

  function updateAddress(query, filters) {
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    for (const [name, value] of Object.entries(filters)) params.set(name, value);
    const search = params.toString();
    const target = search ? `?${search}` : location.pathname;
    if (target !== location.search) history.replaceState(null, "", target);
  }

  /* Pagefind's excerpt is escaped text with <mark> around the matches; keep
   * exactly that and nothing else. */
  function excerptNode(excerpt) {
    const template = document.createElement("template");
    template.innerHTML = excerpt;
    const paragraph = document.createElement("p");
    paragraph.className = "katalog-cari__kutipan";
    for (const node of template.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
      } else {
        paragraph.append(document.createTextNode(node.textContent));
      }
    }
    return paragraph;
  }

  function resultItem(data) {
    const item = document.createElement("li");
    const meta = data.meta || {};
    const link = document.createElement("a");
    link.className = "katalog-cari__judul";
    link.href = data.url;
    link.textContent = meta.title || data.url;
    item.append(link);
    if (meta.status === "dicabut") {
      item.classList.add("katalog-cari__dicabut");
      const label = document.createElement("span");
      label.className = "sop-label sop-label--dicabut";
      label.textContent = "Dicabut";
      item.append(" ", label);
    }
    const facts = document.createElement("p");
    facts.className = "katalog-cari__fakta";
    const nomor = document.createElement("span");
    nomor.className = "sop-nomor";
    nomor.textContent = meta.nomor || "";
    facts.append(nomor, ` · ${meta.opd || ""} · SOP ${meta.jenis || ""}`);
    item.append(facts, excerptNode(data.excerpt || ""));
    return item;
  }

  async function showMore(current) {
    const next = results.slice(shown, shown + PAGE_SIZE);
    const data = await Promise.all(next.map((result) => result.data()));
    if (current !== generation) return;
    for (const entry of data) list.append(resultItem(entry));
    shown += next.length;
    more.hidden = shown >= results.length;
  }

  async function run() {
    const current = ++generation;
    const query = input.value.trim();
    const filters = chosenFilters();
    updateAddress(query, filters);
    if (!query && Object.keys(filters).length === 0) {
      list.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      return;
    }
    performance.mark("katalog-cari-mulai");
    status.textContent = "Mencari…";
    let found;
    try {
      found = await searchAll(query, filters);
    } catch (error) {
      // Opened as files (file://), the browser refuses Pagefind's downloads: reloading would not help.
      const fromFiles = location.protocol === "file:";
      if (current === generation) {
        status.textContent = fromFiles
          ? "Pencarian hanya berjalan bila situs dibuka lewat server web (http:// atau https://), bukan langsung dari berkas."
          : "Pencarian tidak dapat dimuat. Muat ulang halaman ini.";
      }
      throw error;
    }
    if (current !== generation) return;
    results = found;
    shown = 0;
    list.replaceChildren();
    await showMore(current);
    if (current !== generation) return;
    const about = query ? ` untuk “${query}”` : "";
    status.textContent = results.length
      ? `${results.length} SOP ditemukan${about}.`
      : `Tidak ada SOP yang cocok${about}. Periksa ejaan, pakai kata lain, atau hapus saringan.`;
    performance.mark("katalog-cari-selesai");
    performance.measure("katalog-cari", "katalog-cari-mulai", "katalog-cari-selesai");
    document.documentElement.dataset.cariSelesai = String(current);
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(run, 180);
    // Fetch the index chunks for the words typed so far while the visitor types.
    const query = input.value.trim();
    if (query) engine().then((pf) => pf.preload(query, { filters: chosenFilters() }));
  }

  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const select of selects) select.value = params.get(select.name) || "";
  if (selects.some((select) => select.value)) form.querySelector("details").open = true;
  input.addEventListener("input", later);
  for (const select of selects) select.addEventListener("change", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  more.addEventListener("click", () => showMore(generation));
  if (input.value || selects.some((select) => select.value)) run();
  else input.focus();
})();
