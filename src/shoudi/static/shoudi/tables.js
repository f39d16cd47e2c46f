/* A table wider than the screen scrolls sideways in its .table-wrap: while it does, the keyboard can reach
   it (Tab, then the arrow keys) and screen readers hear its heading. On load, after htmx swaps, on resize. */
(function () {
  function title(wrap) {
    var table = wrap.querySelector("table");
    var section = wrap.closest("section, article");
    var heading = (table && table.caption) || (section && section.querySelector("h2, h3, header"));
    return heading ? heading.textContent.replace(/\s+/g, " ").trim() : "";
  }
  function mark() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", (title(wrap) || "表格") + "（可左右滚动）");
        wrap.dataset.scrollRegion = "1";
      } else if (!scrolls && wrap.dataset.scrollRegion) {
        ["tabindex", "role", "aria-label", "data-scroll-region"].forEach(function (a) { wrap.removeAttribute(a); });
      }
    });
  }
  var timer;
  mark();
  document.addEventListener("htmx:load", mark);
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(mark, 150); });
})();
