// The dashboard's charts (ECharts, served locally). The data comes from a json_script
// element: no inline script, as the CSP allows only 'self'.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const charts = [];
  const palette = ["#0d6efd", "#198754", "#d63384", "#fd7e14", "#6f42c1", "#20c997"];

  const trend = document.getElementById("chart-trend");
  if (trend) {
    const chart = echarts.init(trend);
    chart.setOption({
      color: palette,
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: "category", data: data.trend.months },
      yAxis: { type: "value", minInterval: 1 },
      series: data.trend.series.map((s) => ({ name: s.name, type: "line", data: s.values })),
    });
    charts.push(chart);
  }

  const compare = document.getElementById("chart-compare");
  if (compare && data.compare.units.length) {
    const chart = echarts.init(compare);
    chart.setOption({
      color: palette,
      tooltip: { trigger: "axis", valueFormatter: (v) => (v === null ? "—" : `${v}%`) },
      legend: { top: 0, type: "scroll" },
      grid: { left: 16, right: 16, top: 40, bottom: 16, containLabel: true },
      xAxis: {
        type: "category",
        data: data.compare.units,
        axisLabel: {
          interval: 0,
          width: 84,
          overflow: "truncate",
          rotate: compare.clientWidth / data.compare.units.length < 110 ? 40 : 0,
        },
      },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: data.compare.series.map((s) => ({ name: s.name, type: "bar", data: s.values })),
    });
    chart.on("click", (params) => {
      const link = data.compare.links[params.dataIndex];
      if (link) window.location.href = link;
    });
    charts.push(chart);
  }

  const categories = document.getElementById("chart-categories");
  if (categories) {
    const chart = echarts.init(categories);
    chart.setOption({
      color: palette,
      tooltip: { trigger: "item" },
      grid: { left: 120, right: 24, top: 8, bottom: 24 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.categories.labels, inverse: true },
      series: [{ type: "bar", data: data.categories.values, label: { show: true, position: "right" } }],
    });
    chart.on("click", (params) => {
      const link = data.categories.links[params.dataIndex];
      if (link) window.location.href = link;
    });
    charts.push(chart);
  }

  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  window.addEventListener("beforeprint", () => charts.forEach((c) => c.resize()));
});
