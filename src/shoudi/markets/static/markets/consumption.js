/* The 消费帮扶 home page's chart: the year's amount by month, stacked by channel (locally served ECharts). */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("consumption-months");
    var el = document.querySelector("[data-chart=consumption-months]");
    if (!source || !el || !window.echarts) { return; }
    var spec = JSON.parse(source.textContent);
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 48, bottom: 32, containLabel: true },
      xAxis: { type: "category", data: spec.months },
      yAxis: { type: "value", name: "元" },
      series: spec.series.map(function (s) { return { name: s.name, type: "bar", stack: "amount", data: s.data }; })
    });
    el.setAttribute("data-rendered", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
