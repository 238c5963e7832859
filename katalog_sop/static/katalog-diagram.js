/* Katalog SOP: an SOP's Mermaid diagram, drawn only when a reader asks for it.
 *
 * Mermaid weighs about 1 MB gzipped (3.5 MB as it runs), while every SOP page
 * already shows the official Bagian Flowchart and the steps table. So no page
 * loads it up front: the Diagram Alir is a closed <details>, and opening it
 * fetches Mermaid with an injected async script (its address, relative to the
 * page, is the box's data-mermaid-src; the site serves the file itself), then
 * draws the diagram. This script is small and deferred.
 *
 * The drawing keeps its natural size inside its own scroll box (scaled to the
 * width of a phone, a long flowchart becomes a strip a few pixels high), is
 * scrolled so that step 1 and the title of its lane are in view, and is redrawn
 * when the visitor switches between the light and dark palettes.
 */
(() => {
  "use strict";

  const boxes = Array.from(document.querySelectorAll(".sop-diagram[data-mermaid-src]"));
  if (!boxes.length) return;
  const turns = new Map(); // box -> number of its latest drawing; older ones are dropped
  const pending = new Set(); // boxes opened and not drawn yet
  let loading = null;

  function ready() {
    return typeof window.mermaid === "object" && window.mermaid && typeof window.mermaid.render === "function";
  }

  function load(src) {
    if (ready()) return Promise.resolve();
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.async = true;
        script.onload = () => (ready() ? resolve() : reject(new Error("Mermaid tidak terbaca")));
        script.onerror = () => {
          script.remove();
          reject(new Error("Mermaid tidak dapat diunduh"));
        };
        document.head.append(script);
      }).catch((error) => {
        loading = null; // the next opening tries again
        throw error;
      });
    }
    return loading;
  }

  function dark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function say(box, text) {
    let line = box.querySelector(".sop-diagram__status");
    if (!text) {
      if (line) line.remove();
      return;
    }
    if (!line) {
      line = document.createElement("p");
      line.className = "sop-diagram__status";
      line.setAttribute("role", "status");
      box.prepend(line);
    }
    line.textContent = text;
  }

  async function draw(box) {
    const source = box.querySelector(".sop-diagram__sumber");
    if (!source) return;
    const turn = (turns.get(box) || 0) + 1;
    turns.set(box, turn);
    const scheme = dark();
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: scheme ? "dark" : "default",
      // Mermaid's dark edge labels (#ccc on #585858) miss WCAG AA contrast.
      themeVariables: scheme ? { edgeLabelBackground: "#2e2e2e" } : {},
      // Natural size (never shrunk to the screen); air between a lane's title and its first step.
      flowchart: { useMaxWidth: false, subGraphTitleMargin: { top: 8, bottom: 8 } },
    });
    const { svg } = await mermaid.render(`sop-diagram-${boxes.indexOf(box)}-${turn}`, source.textContent);
    if (turns.get(box) !== turn) return;
    if (dark() !== scheme) return draw(box); // the palette changed while drawing
    let target = box.querySelector(".sop-diagram__gambar");
    if (!target) {
      target = document.createElement("div");
      target.className = "sop-diagram__gambar";
      box.append(target);
    }
    target.innerHTML = svg;
    source.hidden = true;
    say(box, ""); // before scrolling: the line would move the drawing
    // A redraw in the other palette has the same layout: the reader stays where they scrolled to.
    if (!box.dataset.digambar) showStart(box);
    box.dataset.digambar = "ya";
  }

  /* Mermaid may place the first lane anywhere in a wide drawing: scroll the box
   * so that step 1 and its lane's title are in view instead of an empty corner.
   * Done again on the next opening if the box was closed meanwhile. */
  function showStart(box) {
    const svg = box.querySelector(".sop-diagram__gambar svg");
    const start = svg && svg.querySelector('g.node[id*="-n1-"]');
    if (!start) return;
    if (!box.getClientRects().length) {
      box.dataset.awal = "nanti";
      return;
    }
    delete box.dataset.awal;
    const node = start.getBoundingClientRect();
    let area = { left: node.left, right: node.right, top: node.top };
    for (const lane of svg.querySelectorAll("g.cluster")) {
      const r = lane.getBoundingClientRect();
      if (r.left <= node.left && r.right >= node.right && r.top <= node.top && r.bottom >= node.bottom) {
        const title = (lane.querySelector(".cluster-label") || lane).getBoundingClientRect();
        area = {
          left: Math.min(node.left, title.left),
          right: Math.max(node.right, title.right),
          top: Math.min(node.top, title.top),
          lane: r,
        };
        break;
      }
    }
    const frame = box.getBoundingClientRect();
    const left = frame.left + box.clientLeft;
    const top = frame.top + box.clientTop;
    const margin = 12;
    let x = node.left - margin; // a lane wider than the box: its first step at the left edge
    if (area.lane && area.lane.width + 2 * margin <= box.clientWidth) {
      x = area.lane.left - (box.clientWidth - area.lane.width) / 2; // the whole lane, centred
    } else if (area.right - area.left + 2 * margin <= box.clientWidth) {
      x = area.left - margin; // step 1 and the lane's title side by side
    }
    box.scrollLeft += x - left;
    box.scrollTop += area.top - margin - top;
  }

  async function open(box) {
    if (box.dataset.digambar) {
      if (box.dataset.awal) showStart(box);
      return;
    }
    if (pending.has(box)) return; // already on its way
    pending.add(box);
    const source = box.querySelector(".sop-diagram__sumber");
    delete box.dataset.gagal;
    if (source) source.hidden = true;
    say(box, "Memuat diagram alir…");
    try {
      await load(box.dataset.mermaidSrc);
      await draw(box);
    } catch (error) {
      if (source) source.hidden = false;
      box.dataset.gagal = "ya";
      say(
        box,
        "Diagram alir tidak dapat digambar saat ini (" +
          error.message +
          "). Langkah yang sama ada di Bagian Flowchart di bawah; tutup lalu buka lagi untuk mencoba ulang.",
      );
    } finally {
      pending.delete(box);
    }
  }

  for (const box of boxes) {
    const fold = box.closest("details");
    if (!fold) {
      open(box); // a page that shows its diagram outright
      continue;
    }
    fold.addEventListener("toggle", () => {
      if (fold.open) open(box);
    });
    if (fold.open) open(box); // opened before this script ran
  }

  new MutationObserver(() => {
    for (const box of boxes) if (box.dataset.digambar) draw(box).catch(() => {});
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
})();
