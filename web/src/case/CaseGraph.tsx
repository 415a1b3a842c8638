import { createNodeBorderProgram } from '@sigma/node-border';
import { useEffect, useRef, useState } from 'react';
import Sigma from 'sigma';
import { createEdgeArrowProgram } from 'sigma/rendering';
import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import { useI18n } from '../i18n/I18nContext';
import { GraphLegend } from './GraphLegend';
import { GraphSelection, type Selection } from './GraphSelection';
import type { CaseGraph as Graph, EdgeAttrs, NodeAttrs } from './graphModel';

const NodeProgram = createNodeBorderProgram<NodeAttrs, EdgeAttrs>({
  borders: [
    { size: { attribute: 'borderSize', defaultValue: 0 }, color: { attribute: 'borderColor' } },
    { size: { fill: true }, color: { attribute: 'color' } },
  ],
});

const EdgeProgram = createEdgeArrowProgram<NodeAttrs, EdgeAttrs>();

const FOCUS_COLOR = '#1570ef';
const DIM_NODE = '#d9dee5';
const DIM_EDGE = '#eceff3';

/**
 * The case's money network drawn with sigma.js (WebGL). The container carries
 * `data-node-count` / `data-edge-count` once sigma has drawn, for tests and tooling.
 */
export function CaseGraph({ graph, focusTx, onSelectTx }: { graph: Graph; focusTx?: string | null; onSelectTx?: (tx: string) => void }) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement | null>(null);
  const sigmaRef = useRef<Sigma<NodeAttrs, EdgeAttrs> | null>(null);
  const [failed, setFailed] = useState(false);
  const [rendered, setRendered] = useState(false);
  const [selection, setSelection] = useState<Selection | null>(null);
  const selectedNode = useRef<string | null>(null);
  const focusRef = useRef<string | null | undefined>(focusTx);
  const onSelectTxRef = useRef(onSelectTx);
  onSelectTxRef.current = onSelectTx;

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    setFailed(false);
    setRendered(false);
    let renderer: Sigma<NodeAttrs, EdgeAttrs>;
    try {
      renderer = new Sigma<NodeAttrs, EdgeAttrs>(graph, el, {
        defaultNodeType: 'bordered',
        nodeProgramClasses: { bordered: NodeProgram },
        defaultEdgeType: 'arrow',
        edgeProgramClasses: { arrow: EdgeProgram },
        renderEdgeLabels: false,
        enableEdgeEvents: true,
        zIndex: true,
        labelFont: 'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif',
        labelSize: 11,
        labelWeight: '500',
        labelColor: { color: '#1f2937' },
        // Small networks: every label; large ones: labels for the bigger nodes (and forced ones).
        labelRenderedSizeThreshold: graph.order <= 80 ? 0 : 10,
        minCameraRatio: 0.05,
        maxCameraRatio: 4,
        nodeReducer: (node, data) => {
          const res: Partial<NodeDisplayData> = { ...data };
          const sel = selectedNode.current;
          if (sel && sel !== node && !graph.areNeighbors(sel, node)) {
            res.color = DIM_NODE;
            res.label = '';
          }
          if (sel === node) res.highlighted = true;
          return res;
        },
        edgeReducer: (edge, data) => {
          const res: Partial<EdgeDisplayData> = { ...data };
          const sel = selectedNode.current;
          if (sel && !graph.hasExtremity(edge, sel)) res.color = DIM_EDGE;
          const focus = focusRef.current;
          if (focus && graph.getEdgeAttribute(edge, 'transactions').includes(focus)) {
            res.color = FOCUS_COLOR;
            res.size = 4;
            res.zIndex = 2;
          }
          return res;
        },
      });
    } catch {
      setFailed(true);
      return;
    }
    sigmaRef.current = renderer;
    renderer.on('clickNode', ({ node }) => {
      selectedNode.current = node;
      setSelection({ type: 'node', id: node, attrs: graph.getNodeAttributes(node), degree: graph.degree(node) });
      renderer.refresh({ skipIndexation: true });
    });
    renderer.on('clickEdge', ({ edge }) => {
      const [from, to] = graph.extremities(edge);
      setSelection({ type: 'edge', from, to, attrs: graph.getEdgeAttributes(edge) });
    });
    renderer.on('clickStage', () => {
      selectedNode.current = null;
      setSelection(null);
      renderer.refresh({ skipIndexation: true });
    });
    renderer.once('afterRender', () => setRendered(true));
    renderer.refresh();
    return () => {
      renderer.kill();
      sigmaRef.current = null;
      selectedNode.current = null;
      setSelection(null);
    };
  }, [graph]);

  useEffect(() => {
    focusRef.current = focusTx;
    sigmaRef.current?.refresh({ skipIndexation: true });
  }, [focusTx]);

  const pathEdges = graph.filterEdges((_, a) => a.onPath).length;

  return (
    <div className="graph-block">
      <div
        ref={container}
        className="graph-canvas"
        data-testid="case-graph"
        data-node-count={rendered ? graph.order : undefined}
        data-edge-count={rendered ? graph.size : undefined}
        data-path-edge-count={rendered ? pathEdges : undefined}
        data-rendered={rendered ? 'true' : 'false'}
      >
        {failed && <div className="graph-failed" data-testid="case-graph-failed">{t('case.graphNoWebgl')}</div>}
      </div>
      <div className="graph-side">
        <GraphLegend graph={graph} />
        {selection && (
          <GraphSelection
            selection={selection}
            onClose={() => {
              selectedNode.current = null;
              setSelection(null);
              sigmaRef.current?.refresh({ skipIndexation: true });
            }}
            onSelectTx={(tx) => onSelectTxRef.current?.(tx)}
          />
        )}
      </div>
    </div>
  );
}
