import { useI18n } from '../i18n/I18nContext';
import { kindColor, LISTED_COLOR, PATH_COLOR, RING_BORDER, SUBJECT_BORDER, type CaseGraph } from './graphModel';

/** Colour key for the kinds present in the graph, plus listed / ring / path / subject marks. */
export function GraphLegend({ graph }: { graph: CaseGraph }) {
  const { tx, t } = useI18n();
  const kinds = new Set<string>();
  graph.forEachNode((_, a) => kinds.add(a.kind));
  return (
    <ul className="legend" data-testid="graph-legend">
      {[...kinds].sort().map((k) => (
        <li key={k}>
          <span className="dot" style={{ background: kindColor(k) }} />
          {tx(`kind.${k}`, k)}
        </li>
      ))}
      <li>
        <span className="dot" style={{ background: LISTED_COLOR }} />
        {t('legend.listed')}
      </li>
      <li>
        <span className="dot ring" style={{ borderColor: RING_BORDER }} />
        {t('legend.ring')}
      </li>
      <li>
        <span className="dot ring" style={{ borderColor: SUBJECT_BORDER }} />
        {t('legend.subject')}
      </li>
      <li>
        <span className="line" style={{ background: PATH_COLOR }} />
        {t('legend.path')}
      </li>
    </ul>
  );
}
