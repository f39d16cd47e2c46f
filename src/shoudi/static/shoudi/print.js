/* The 打印 button of a printable page (notices, announcements): no inline handler, so the CSP allows it. */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
