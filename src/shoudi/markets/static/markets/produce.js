/* Draws the unsold-produce charts with the locally served ECharts: per product, the price against the
   3-year same-period mean and the warning line (left axis), the stock against the weeks-of-sales line (right axis).
   The data come from json_script elements: #produce-charts (a list) and #produce-chart-data (one product). */
(function () {
  "use strict";
  function specs() {
    var found = [];
    var many = document.getElementById("produce-charts");
    if (many) { found = found.concat(JSON.parse(many.textContent)); }
    var one = document.getElementById("produce-chart-data");
    if (one) { found.push(JSON.parse(one.textContent)); }
    return found;
  }
  function line(name, data, axis, dashed, color) {
    return {
      name: name, type: "line", data: data, yAxisIndex: axis, showSymbol: false, connectNulls: false,
      lineStyle: { type: dashed ? "dashed" : "solid", width: dashed ? 1 : 2, color: color },
      itemStyle: { color: color }
    };
  }
  function draw() {
    if (!window.echarts) { return; }
    specs().forEach(function (spec) {
      var el = document.querySelector('[data-produce-chart="' + spec.id + '"]');
      if (!el || el.getAttribute("data-rendered")) { return; }
      el.style.width = "100%";
      el.style.height = spec.small ? "160px" : "360px";
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption({
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { show: !spec.small, top: 0 },
        grid: { left: 8, right: 8, top: spec.small ? 12 : 40, bottom: spec.small ? 8 : 40, containLabel: true },
        xAxis: { type: "category", data: spec.categories, axisLabel: { show: !spec.small } },
        yAxis: [
          { type: "value", name: spec.small ? "" : "价格（" + spec.price_unit + "）", scale: true },
          { type: "value", name: spec.small ? "" : "库存（" + spec.unit + "）", splitLine: { show: false } }
        ],
        series: [
          line("本期价格", spec.price, 0, false, "#1f6feb"),
          line("前三年同期均价", spec.mean3, 0, false, "#8c959f"),
          line("价格预警线（×" + spec.share + "）", spec.warn, 0, true, "#cf222e"),
          line("库存", spec.stock, 1, false, "#9a6700"),
          line("库存预警线（" + spec.weeks + "周销量）", spec.stock_line, 1, true, "#bc4c00")
        ]
      });
      el.setAttribute("data-rendered", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
