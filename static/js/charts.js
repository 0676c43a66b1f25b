/* Draws the dashboard's ECharts charts from JSON embedded by the templates (json_script). No globals
   besides `echarts`; every element with data-chart="<kind>" gets one chart. SVG renders crisply on paper. */
(function () {
  "use strict";

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function withUnit(label, unit) {
    return unit ? label + "（" + unit + "）" : label;
  }

  var builders = {
    indicator: function (data, labels) {
      var years = data.years.map(String);
      var series = [
        { name: labels.values, type: "line", data: data.values, connectNulls: true, symbolSize: 8,
          lineStyle: { width: 3 }, label: { show: true, position: "top" } },
      ];
      if (data.path.length) {
        series.push({ name: labels.path, type: "line", data: data.path, symbol: "none",
          lineStyle: { type: "dashed", width: 1.5 } });
      }
      if (data.target !== null) {
        series.push({ name: labels.target, type: "line", data: years.map(function () { return data.target; }),
          symbol: "none", lineStyle: { type: "dotted", width: 2 } });
      }
      if (data.forecast !== null && data.last_year !== null) {
        var forecast = years.map(function (y) {
          if (Number(y) === data.last_year) { return data.last_value; }
          if (Number(y) === Number(years[years.length - 1])) { return data.forecast; }
          return null;
        });
        series.push({ name: labels.forecast, type: "line", data: forecast, connectNulls: true,
          symbol: "diamond", symbolSize: 9, lineStyle: { type: "dashed", width: 2 } });
      }
      return {
        color: ["#0b6e4f", "#718096", "#c53030", "#b7791f"],
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 48, right: 24, top: 48, bottom: 32 },
        xAxis: { type: "category", data: years, boundaryGap: false },
        yAxis: { type: "value", name: data.unit || "", scale: true },
        series: series,
      };
    },
    compare: function (data, labels) {
      return {
        color: ["#0b6e4f", "#c53030", "#805ad5"],
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 48, right: 24, top: 48, bottom: 64 },
        xAxis: { type: "category", data: data.regions, axisLabel: { interval: 0, rotate: data.regions.length > 6 ? 30 : 0 } },
        yAxis: { type: "value", name: data.unit || "", scale: false },
        series: [
          { name: withUnit(labels.values, ""), type: "bar", data: data.values, barMaxWidth: 36 },
          { name: labels.targets, type: "scatter", data: data.targets, symbol: "rect", symbolSize: [24, 3] },
          { name: labels.parent_targets, type: "scatter", data: data.parent_targets, symbol: "diamond", symbolSize: 10 },
        ],
      };
    },
  };

  function draw(node) {
    var build = builders[node.dataset.chart];
    var data = read(node.dataset.source);
    var labels = read(node.dataset.labels) || {};
    if (!build || !data || typeof echarts === "undefined") { return; }
    var chart = echarts.init(node, null, { renderer: "svg" });
    var option = build(data, labels);
    if (node.clientWidth < 520) {  // a phone: one scrolling legend line, clear of the axis name
      option.legend = { top: 0, type: "scroll" };
      option.grid.top = 64;
      option.grid.left = 40;
    }
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    window.addEventListener("beforeprint", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
