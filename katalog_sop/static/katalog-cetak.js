/* Katalog SOP: the date in the footer of a printed SOP ("Dicetak dari ... pada <tanggal>").
 * The footer itself is drawn by katalog.css (@page); only the date has to be the
 * reader's, so it is set here, when the page opens and again when printing starts.
 */
(() => {
  "use strict";

  if (!document.querySelector(".sop-cetak")) return;

  function stamp() {
    const today = new Date().toLocaleDateString("id-ID", { day: "numeric", month: "long", year: "numeric" });
    document.documentElement.style.setProperty("--cetak-tanggal", JSON.stringify(` pada ${today}`));
  }

  stamp();
  window.addEventListener("beforeprint", stamp);
})();
