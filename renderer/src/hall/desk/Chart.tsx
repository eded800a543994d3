/**
 * One chart on the desk: Apache ECharts used directly (echarts/core with only the chart kinds and
 * components the desk draws registered, a smaller bundle than all of ECharts), sized to its box
 * and redrawn when the option changes. Clicking a bar, a point or a cell calls `onPick` with it —
 * the drill-down.
 */
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, CanvasRenderer]);

export interface Picked {
  name: string;
  data: unknown;
  seriesIndex: number;
}

export function Chart({ option, height = 260, onPick, testId }: { option: EChartsOption; height?: number; onPick?: (p: Picked) => void; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    const c = echarts.init(box.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => pick.current?.(p as unknown as Picked));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(box.current!);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={box} data-testid={testId} style={{ height, width: '100%' }} />;
}
