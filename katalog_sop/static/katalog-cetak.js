/* Katalog SOP: the header and footer of a printed SOP (katalog.css, @page).
 * The page margins read their text from custom properties of the root element
 * (--cetak-judul, --cetak-sumber, --cetak-qr, --cetak-tanda). The page writes them
 * on its print header (.sop-cetak, in a style attribute: a <style> in <body> may not
 * style the root) and they are copied to the root here. Only the date is the
 * reader's: set when the page opens and again when printing starts.
 */
(() => {
  "use strict";

  const sheet = document.querySelector(".sop-cetak[style]");
  if (!sheet) return;
  const root = document.documentElement.style;

  for (const name of Array.from(sheet.style)) {
    if (name.startsWith("--cetak-")) root.setProperty(name, sheet.style.getPropertyValue(name));
  }

  function stamp() {
    const today = new Date().toLocaleDateString("id-ID", { day: "numeric", month: "long", year: "numeric" });
    root.setProperty("--cetak-tanggal", JSON.stringify(` pada ${today}`));
  }

  stamp();
  window.addEventListener("beforeprint", stamp);
})();
