import type { Stats } from '../api/types';
import type { ChartOption } from '../components/EChart';

/** echarts options for the overview; labels come in already translated. */

const REVIEW_COLOR = '#d08b16';
const BLOCK_COLOR = '#b42318';
const ALLOW_COLOR = '#3a7d44';
const AXIS = { axisLine: { lineStyle: { color: '#9aa4b2' } }, axisLabel: { color: '#4a5565', fontSize: 11 } };

export function alertsByDayOption(stats: Stats, labels: { review: string; block: string }): ChartOption {
  const days = [...stats.alerts_by_day].sort((a, b) => (a.day < b.day ? -1 : 1));
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, right: 0, textStyle: { fontSize: 11 } },
    grid: { left: 44, right: 12, top: 28, bottom: 28 },
    xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)), ...AXIS },
    yAxis: { type: 'value', minInterval: 1, ...AXIS, splitLine: { lineStyle: { color: '#edf0f4' } } },
    series: [
      { name: labels.review, type: 'bar', stack: 'alerts', data: days.map((d) => d.REVIEW ?? 0), itemStyle: { color: REVIEW_COLOR }, barMaxWidth: 28 },
      { name: labels.block, type: 'bar', stack: 'alerts', data: days.map((d) => d.BLOCK ?? 0), itemStyle: { color: BLOCK_COLOR }, barMaxWidth: 28 },
    ],
  };
}

export function decisionMixOption(stats: Stats, labels: { allow: string; review: string; block: string }): ChartOption {
  const d = stats.decisions;
  return {
    animation: false,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, textStyle: { fontSize: 11 } },
    series: [
      {
        type: 'pie',
        radius: ['45%', '70%'],
        center: ['50%', '45%'],
        label: { show: false },
        data: [
          { name: labels.allow, value: d.ALLOW ?? 0, itemStyle: { color: ALLOW_COLOR } },
          { name: labels.review, value: d.REVIEW ?? 0, itemStyle: { color: REVIEW_COLOR } },
          { name: labels.block, value: d.BLOCK ?? 0, itemStyle: { color: BLOCK_COLOR } },
        ],
      },
    ],
  };
}

export function topRulesOption(stats: Stats, seriesName: string, describe: (rule: string) => string): ChartOption {
  const rules = [...stats.top_rules].sort((a, b) => a.hits - b.hits).slice(-10);
  return {
    animation: false,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const p = (Array.isArray(params) ? params[0] : params) as { name: string; value: number };
        const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
        return `<b>${esc(p.name)}</b><br/>${esc(describe(p.name))}<br/>${esc(seriesName)}: ${p.value}`;
      },
    },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...AXIS, splitLine: { lineStyle: { color: '#edf0f4' } } },
    yAxis: { type: 'category', data: rules.map((r) => r.rule), ...AXIS },
    series: [{ name: seriesName, type: 'bar', data: rules.map((r) => r.hits), itemStyle: { color: '#1f4e79' }, barMaxWidth: 16 }],
  };
}
