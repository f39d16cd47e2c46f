// 一户一码: the print sheet's button opens the browser's print dialog (no inline handlers: a CSP is coming).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
