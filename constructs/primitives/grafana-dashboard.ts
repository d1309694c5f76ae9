/** One PromQL query of a panel, with its legend. */
export interface DashboardTarget {
  expr: string;
  legendFormat: string;
}

/** One time-series panel: what it shows, its unit, its queries. */
export interface DashboardPanel {
  title: string;
  unit: string;
  targets: DashboardTarget[];
}

/**
 * A Grafana dashboard model (schemaVersion 39) of time-series panels, two per row, UTC, the last 3 hours,
 * refreshed every 30 s: the layout every Spillway dashboard shares, so they read alike in a burst.
 */
export function timeseriesDashboard(meta: { title: string; uid: string; tags: string[] }, panels: readonly DashboardPanel[]): Record<string, unknown> {
  return {
    ...meta,
    timezone: 'utc',
    schemaVersion: 39,
    refresh: '30s',
    time: { from: 'now-3h', to: 'now' },
    panels: panels.map((panel, index) => ({
      id: index + 1,
      type: 'timeseries',
      title: panel.title,
      gridPos: { h: 8, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 8 },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      targets: panel.targets.map((target, targetIndex) => ({ ...target, refId: String.fromCharCode(65 + targetIndex) })),
    })),
  };
}
