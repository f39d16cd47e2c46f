/* 收入核算表: live totals while typing, 按月填写 fills the annual amount, Enter moves to the next field.
   Plain JS, served from the project's static files. Amounts are summed in fen (integers) to avoid
   floating-point drift; the server recomputes everything on save. */
(function () {
  "use strict";

  function fen(text) {
    var t = String(text || "").replace(/[,，\s]/g, "");
    if (!/^\d+(\.\d{0,2})?$/.test(t)) return null;
    var parts = t.split(".");
    return parseInt(parts[0], 10) * 100 + parseInt(((parts[1] || "") + "00").slice(0, 2), 10);
  }

  function yuan(cents) {
    var sign = cents < 0 ? "-" : "";
    var a = Math.abs(Math.round(cents));
    return sign + Math.floor(a / 100) + "." + String(a % 100).padStart(2, "0");
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var members = parseInt(root.dataset.members || "0", 10);
    var last = fen(root.dataset.last);

    function out(name) {
      return root.querySelector('[data-total="' + name + '"]');
    }

    function fillAnnual(item) {
      var months = root.querySelectorAll('[data-month-of="' + item + '"]');
      var total = 0, any = false;
      months.forEach(function (m) {
        if (m.value.trim() === "") return;
        var v = fen(m.value);
        if (v !== null) { total += v; any = true; }
      });
      var annual = root.querySelector('input[data-item="' + item + '"]');
      if (annual && any) annual.value = yuan(total);
    }

    function recompute() {
      var sums = { income: 0, cost: 0, rigid: 0, payout: 0 };
      var kinds = {};
      root.querySelectorAll("input[data-sum]").forEach(function (input) {
        var text = input.value.trim();
        var v = text === "" ? fen(input.dataset.dept) : fen(text);
        if (v === null) return;
        sums[input.dataset.sum] += v;
        kinds[input.dataset.kind] = (kinds[input.dataset.kind] || 0) + v;
      });
      root.querySelectorAll("[data-kind-total]").forEach(function (cell) {
        cell.textContent = yuan(kinds[cell.dataset.kindTotal] || 0);
      });
      var net = sums.income - sums.cost;
      out("income").textContent = yuan(sums.income);
      out("cost").textContent = yuan(sums.cost);
      out("net").textContent = yuan(net);
      var warning = root.querySelector("[data-warning]");
      if (members > 0) {
        var pc = Math.round(net / members);
        out("per-capita").textContent = yuan(pc);
        out("per-capita-2").textContent = yuan(pc);
        if (last !== null && last !== 0) {
          var change = ((pc - last) * 100) / Math.abs(last);
          out("change").textContent = change.toFixed(2);
          warning.hidden = Math.abs(change) <= 30;
        }
      }
    }

    root.addEventListener("input", function (event) {
      var t = event.target;
      if (t.dataset && t.dataset.monthOf) fillAnnual(t.dataset.monthOf);
      recompute();
    });

    root.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
      event.preventDefault();
      var form = event.target.form || document;
      var fields = Array.prototype.filter.call(form.querySelectorAll("input, select, button[type=submit]"), function (el) {
        return el.type !== "hidden" && !el.disabled && el.offsetParent !== null;
      });
      var next = fields[fields.indexOf(event.target) + 1];
      if (next) next.focus();
    });
    recompute();
  }

  function all() {
    document.querySelectorAll("[data-income-sheet]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
  document.addEventListener("htmx:afterSwap", all);
})();
