/* Katalog SOP: draws each SOP's Mermaid diagram at its natural size inside its
 * own scroll box, so that it stays readable on a phone (scaled to the width of
 * a phone, a long flowchart becomes a strip a few pixels high). Mermaid itself
 * is served by the site (assets/javascripts/mermaid.min.js). Redrawn when the
 * visitor switches between the light and dark palettes.
 */
(() => {
  "use strict";

  const boxes = Array.from(document.querySelectorAll(".sop-diagram"));
  if (!boxes.length || typeof mermaid === "undefined") return;
  let drawing = 0;

  function dark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  async function draw() {
    const current = ++drawing;
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: dark() ? "dark" : "default",
      // Mermaid's dark edge labels (#ccc on #585858) miss WCAG AA contrast.
      themeVariables: dark() ? { edgeLabelBackground: "#2e2e2e" } : {},
      flowchart: { useMaxWidth: false },
    });
    for (const [index, box] of boxes.entries()) {
      const source = box.querySelector(".sop-diagram__sumber");
      if (!source) continue;
      const { svg } = await mermaid.render(`sop-diagram-${index}-${current}`, source.textContent);
      if (current !== drawing) return;
      let target = box.querySelector(".sop-diagram__gambar");
      if (!target) {
        target = document.createElement("div");
        target.className = "sop-diagram__gambar";
        box.append(target);
      }
      target.innerHTML = svg;
      source.hidden = true;
      showStart(box);
      box.dataset.digambar = "ya";
    }
  }

  /* Mermaid may place the first lane anywhere in a wide drawing: scroll the box
   * so that step 1 is in view instead of an empty corner. */
  function showStart(box) {
    const start = box.querySelector('svg g.node[id*="-n1-"]');
    if (!start) return;
    const place = start.getBoundingClientRect();
    const frame = box.getBoundingClientRect();
    box.scrollLeft += place.left - frame.left - 16;
    box.scrollTop += place.top - frame.top - 16;
  }

  draw();
  new MutationObserver(() => draw()).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme"],
  });
})();
