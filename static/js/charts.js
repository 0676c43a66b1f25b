/* Draws the dashboard's ECharts charts from JSON embedded by the templates (json_script). No globals
   besides `echarts`; every element with data-chart="<kind>" gets one chart. SVG renders crisply on paper.
   A button with data-chart-png="<chart element id>" downloads the chart as a PNG (drawn again on a
   canvas, since the SVG renderer has no PNG of its own). No inline script: the CSP forbids it. */
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
      // Where other plans print the same indicator the years run across them (十四五 and 十五五): this
      // plan's target line keeps to its own years, and each later plan's start is marked.
      var span = data.plan_years || [Number(years[0]), Number(years[years.length - 1])];
      var forecastYear = data.forecast_year || Number(years[years.length - 1]);
      var values = { name: labels.values, type: "line", data: data.values, connectNulls: false, symbolSize: 8,
        lineStyle: { width: 3 }, label: { show: true, position: "top" } };
      if (data.boundaries && data.boundaries.length) {
        values.markLine = { silent: true, symbol: "none", lineStyle: { type: "solid", color: "#a0aec0", width: 1 },
          label: { position: "insideEndTop", formatter: "{b}" },
          data: data.boundaries.map(function (b) { return { name: b.label, xAxis: String(b.year) }; }) };
      }
      // A year without an approved value is a gap, not a line drawn across it.
      var series = [values];
      if (data.path.length) {
        series.push({ name: labels.path, type: "line", data: data.path, symbol: "none",
          lineStyle: { type: "dashed", width: 1.5 } });
      }
      if (data.target !== null) {
        series.push({ name: labels.target, type: "line", symbol: "none", lineStyle: { type: "dotted", width: 2 },
          data: years.map(function (y) { return Number(y) >= span[0] && Number(y) <= span[1] ? data.target : null; }) });
      }
      if (data.forecast !== null && data.last_year !== null) {
        var forecast = years.map(function (y) {
          if (Number(y) === data.last_year) { return data.last_value; }
          if (Number(y) === forecastYear) { return data.forecast; }
          return null;
        });
        series.push({ name: labels.forecast, type: "line", data: forecast, connectNulls: true,
          symbol: "diamond", symbolSize: 9, lineStyle: { type: "dashed", width: 2 } });
      }
      if (data.baselines && data.baselines.length) {
        series.push({ name: labels.baselines, type: "scatter", data: data.baselines, symbol: "rect",
          symbolSize: [16, 4], itemStyle: { color: "#805ad5" } });
      }
      return {
        color: ["#0b6e4f", "#718096", "#c53030", "#b7791f"],
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 16, right: 24, top: 64, bottom: 32, containLabel: true },
        xAxis: { type: "category", data: years, boundaryGap: false },
        // The bounds hold baseline, values, path, target and forecast (computed by the server); the unit
        // sits above the axis, clear of its labels.
        yAxis: { type: "value", name: data.unit || "", nameLocation: "end", nameGap: 16,
          nameTextStyle: { align: "left" },
          min: data.y_min === null || data.y_min === undefined ? null : data.y_min,
          max: data.y_max === null || data.y_max === undefined ? null : data.y_max },
        series: series,
      };
    },
    compare: function (data, labels) {
      return {
        color: ["#0b6e4f", "#a0aec0", "#c53030", "#805ad5"],
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 16, right: 24, top: 64, bottom: 24, containLabel: true },
        xAxis: { type: "category", data: data.regions, axisLabel: { interval: 0, rotate: data.regions.length > 6 ? 30 : 0 } },
        yAxis: { type: "value", name: data.unit || "", nameLocation: "end", nameGap: 16,
          nameTextStyle: { align: "left" }, scale: false },
        series: [
          // One bar per region: the year's value, or (grey) the latest value of the year under its name.
          { name: withUnit(labels.values, ""), type: "bar", stack: "value", data: data.values, barMaxWidth: 36 },
          { name: labels.older, type: "bar", stack: "value", data: data.older || [], barMaxWidth: 36 },
          { name: labels.targets, type: "scatter", data: data.targets, symbol: "rect", symbolSize: [24, 3] },
          { name: labels.parent_targets, type: "scatter", data: data.parent_targets, symbol: "diamond", symbolSize: 10 },
        ],
      };
    },
  };

  var options = {};  // chart element id → the option it was drawn with, for the PNG download

  function draw(node) {
    var build = builders[node.dataset.chart];
    var data = read(node.dataset.source);
    var labels = read(node.dataset.labels) || {};
    if (!build || !data || typeof echarts === "undefined") { return; }
    var chart = echarts.init(node, null, { renderer: "svg" });
    var option = build(data, labels);
    if (node.clientWidth < 520) {  // a phone: one scrolling legend line, clear of the axis name
      option.legend = { top: 0, type: "scroll" };
      option.grid.top = 72;
    }
    chart.setOption(option);
    if (node.id) { options[node.id] = { option: option, width: node.clientWidth, height: node.clientHeight }; }
    window.addEventListener("resize", function () { chart.resize(); });
    window.addEventListener("beforeprint", function () { chart.resize(); });
  }

  function downloadPng(button) {
    var drawn = options[button.dataset.chartPng];
    if (!drawn) { return; }
    var holder = document.createElement("div");
    holder.style.cssText = "position:absolute;left:-10000px;top:0;width:" + Math.max(drawn.width, 800) +
      "px;height:" + Math.max(drawn.height, 400) + "px";
    document.body.appendChild(holder);
    var copy = echarts.init(holder, null, { renderer: "canvas" });
    copy.setOption(Object.assign({}, drawn.option, { animation: false }));
    var link = document.createElement("a");
    link.href = copy.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
    link.download = button.dataset.filename || "chart.png";
    document.body.appendChild(link);
    link.click();
    link.remove();
    copy.dispose();
    holder.remove();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
    document.querySelectorAll("[data-chart-png]").forEach(function (button) {
      button.addEventListener("click", function () { downloadPng(button); });
    });
  });
})();
