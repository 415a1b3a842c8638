import type { Reason } from '../../domain/decision.js';
import { formatAmount, formatCompactDate } from './format.js';
import { fullName, partyOf, present, type ReportInput, type ReportTransaction } from './input.js';

/**
 * The narrative a report carries, written in plain words from the case's evidence for the analyst
 * to read, edit and sign: which pattern the transactions show, which accounts, how much went in
 * and out and when, the largest transfers, and the path from a listed party to the subject when
 * the evidence holds one. In Chinese (PBOC STCB/AOSP) or English (goAML reason).
 */

export type Language = 'zh' | 'en';

/** Rule-id fragments and what they mean, most specific first. */
const PATTERNS: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/lv\.cash/, 'cash deposits or withdrawals at or above the large-value threshold', '现金收支达到大额交易报告标准'],
  [/lv\.natural_cross_border/, 'cross-border transfers of a natural person at or above the large-value threshold', '自然人跨境款项划转达到大额交易报告标准'],
  [/lv\.legal/, 'transfers of an organisation at or above the large-value threshold', '非自然人账户款项划转达到大额交易报告标准'],
  [/lv\.|large_value/, 'transfers at or above the large-value threshold', '款项划转达到大额交易报告标准'],
  [/near_threshold/, 'repeated amounts just under the reporting threshold (possible structuring)', '多次发生略低于报告标准的交易（疑似拆分交易）'],
  [/dormant/, 'a long-dormant account suddenly moving large sums', '长期不动账户突然启用并发生大额资金往来'],
  [/new_account/, 'a newly opened account with rapid, large turnover', '新开立账户短期内资金快进快出'],
  [/scatter_in_concentrate_out|scatter_gather/, 'money collected from many accounts and sent on to a few (scatter-gather)', '资金由多个账户分散转入后集中转出'],
  [/concentrate_in_scatter_out|gather_scatter/, 'money collected in one place and dispersed to many accounts (gather-scatter)', '资金集中转入后分散转出'],
  [/fan_in/, 'many accounts paying into one account in a short time (fan-in)', '短时间内多个账户向同一账户集中转入'],
  [/fan_out/, 'one account paying out to many accounts in a short time (fan-out)', '短时间内同一账户向多个账户分散转出'],
  [/cycle/, 'money returning to where it started through a chain of accounts (cycle)', '资金经多个账户流转后回流（闭环交易）'],
  [/pass_through/, 'money passing straight through the account (in and out within a short time)', '资金过渡性明显，快进快出'],
  [/layering/, 'money moved through several layers of accounts', '资金经多层账户转移'],
  [/fraud_ring|shared_device|shared_phone/, 'accounts sharing devices or phone numbers with other suspicious accounts', '与其他可疑账户共用设备或手机号'],
  [/listed|blacklist/, 'a direct or close link to a blacklisted account, party or identifier', '与黑名单账户、主体或标识直接或间接关联'],
  [/model|anomaly|gbdt/, 'a transaction the model scores as unusual for this customer', '模型评分显示交易与客户以往行为明显不符'],
];

function describe(rule: string, lang: Language): string {
  for (const [re, en, zh] of PATTERNS) if (re.test(rule)) return lang === 'zh' ? zh : en;
  return lang === 'zh' ? `规则 ${rule} 命中` : `rule ${rule}`;
}

/** The distinct pattern descriptions of the reasons, in order of total weight. */
export function patternsOf(txs: readonly ReportTransaction[], lang: Language): string[] {
  const weight = new Map<string, number>();
  for (const t of txs) for (const r of t.reasons) {
    const d = describe(r.rule, lang);
    weight.set(d, (weight.get(d) ?? 0) + (Number.isFinite(r.weight) ? r.weight : 0));
  }
  return [...weight].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([d]) => d);
}

function holder(input: ReportInput, account: string): string | undefined {
  const p = partyOf(input.parties, account);
  return present(p?.entity?.name) ?? fullName(p?.person) ?? present(p?.account_name);
}

function label(input: ReportInput, account: string, lang: Language): string {
  const who = holder(input, account);
  return who ? (lang === 'zh' ? `${account}（${who}）` : `${account} (${who})`) : account;
}

function sums(txs: readonly ReportTransaction[], pick: (t: ReportTransaction) => boolean): { text: string[]; accounts: Set<string> } {
  const by = new Map<string, number>();
  const accounts = new Set<string>();
  for (const t of txs) if (pick(t)) by.set(t.currency, (by.get(t.currency) ?? 0) + t.amount);
  return { text: [...by].map(([c, v]) => `${formatAmount(v, c)} ${c}`), accounts };
}

function dateOf(ms: number, offset: number, lang: Language): string {
  const d = formatCompactDate(ms, offset);
  return lang === 'zh' ? `${d.slice(0, 4)}年${Number(d.slice(4, 6))}月${Number(d.slice(6))}日` : `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`;
}

/**
 * A path from a listed node of the evidence subgraphs to one of the subjects: following the money
 * (listed → … → subject, `directed`) when the transfers allow, else along links either way.
 */
export function listedPath(input: ReportInput): { path: string[]; directed: boolean } | null {
  const subjects = new Set(input.case.subjects);
  const listed = new Set<string>();
  const forward = new Map<string, Set<string>>();
  const both = new Map<string, Set<string>>();
  const link = (m: Map<string, Set<string>>, a: string, b: string): void => {
    if (!m.has(a)) m.set(a, new Set());
    m.get(a)!.add(b);
  };
  for (const e of input.evidence) {
    for (const n of e.content.subgraph.nodes) if (n.listed) listed.add(n.id);
    for (const ed of e.content.subgraph.edges) (link(forward, ed.from, ed.to), link(both, ed.from, ed.to), link(both, ed.to, ed.from));
  }
  const own = [...listed].filter((a) => subjects.has(a)).sort();
  if (own.length) return { path: [own[0]], directed: true };
  const starts = [...listed].sort();
  const search = (next: Map<string, Set<string>>): string[] | null => {
    const prev = new Map<string, string | null>(starts.map((s) => [s, null]));
    const queue = [...starts];
    while (queue.length) {
      const at = queue.shift() as string;
      if (subjects.has(at)) {
        const path = [at];
        for (let p = prev.get(at); p; p = prev.get(p)) path.unshift(p);
        return path;
      }
      for (const n of [...(next.get(at) ?? [])].sort()) if (!prev.has(n)) (prev.set(n, at), queue.push(n));
    }
    return null;
  };
  const directed = search(forward);
  if (directed) return { path: directed, directed: true };
  const linked = search(both);
  return linked ? { path: linked, directed: false } : null;
}

function featureText(reasons: readonly Reason[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const r of reasons) for (const [k, v] of r.values) {
    if (seen.has(k) || parts.length >= 6) continue;
    seen.add(k);
    parts.push(`${k}=${typeof v === 'number' ? Number(v.toFixed(4)) : v}`);
  }
  return parts.join(', ');
}

/** The description of the funds and the customers' behaviour (PBOC STCB; goAML reason). */
export function describeCase(input: ReportInput, txs: readonly ReportTransaction[], lang: Language): string | undefined {
  if (txs.length === 0) return undefined;
  const c = input.case;
  const offset = input.institution.utc_offset_minutes ?? 480;
  const subjects = new Set(c.subjects);
  const who = c.subjects.map((a) => label(input, a, lang)).join(lang === 'zh' ? '、' : ', ');
  const first = dateOf(txs[0].time, offset, lang);
  const last = dateOf(txs[txs.length - 1].time, offset, lang);
  const inflow = sums(txs, (t) => subjects.has(t.to) && !subjects.has(t.from));
  const outflow = sums(txs, (t) => subjects.has(t.from) && !subjects.has(t.to));
  const payers = new Set(txs.filter((t) => subjects.has(t.to) && !subjects.has(t.from)).map((t) => t.from));
  const payees = new Set(txs.filter((t) => subjects.has(t.from) && !subjects.has(t.to)).map((t) => t.to));
  const top = [...txs].sort((a, b) => b.amount - a.amount || a.time - b.time).slice(0, 3);
  const patterns = patternsOf(txs, lang);
  const path = listedPath(input);
  if (lang === 'zh') {
    const out = [`${first}至${last}期间，可疑主体账户${who}共发生${txs.length}笔预警交易。`];
    if (patterns.length) out.push(`交易特征：${patterns.join('；')}。`);
    if (inflow.text.length) out.push(`资金转入合计${inflow.text.join('、')}，来自${payers.size}个账户；`);
    if (outflow.text.length) out.push(`资金转出合计${outflow.text.join('、')}，流向${payees.size}个账户。`);
    out.push(`金额最大的交易：${top.map((t) => `${dateOf(t.time, offset, 'zh')}由${t.from}转至${t.to}，${formatAmount(t.amount, t.currency)} ${t.currency}（业务标识号${t.id}）`).join('；')}。`);
    if (path) {
      out.push(path.path.length === 1 ? `可疑主体账户${path.path[0]}本身在黑名单上。`
        : path.directed ? `资金路径：黑名单账户${path.path.join(' → ')}。` : `关联路径：黑名单账户${path.path.join(' — ')}（有资金往来）。`);
    }
    if (c.ring) out.push(`该账户属于团伙${c.ring}。`);
    return out.join('');
  }
  const out = [`Between ${first} and ${last} the subject account(s) ${who} had ${txs.length} alerted transaction(s).`];
  if (patterns.length) out.push(`Pattern: ${patterns.join('; ')}.`);
  if (inflow.text.length) out.push(`Money in: ${inflow.text.join(', ')} from ${payers.size} account(s).`);
  if (outflow.text.length) out.push(`Money out: ${outflow.text.join(', ')} to ${payees.size} account(s).`);
  out.push(`Largest: ${top.map((t) => `${dateOf(t.time, offset, 'en')} ${t.from} → ${t.to} ${formatAmount(t.amount, t.currency)} ${t.currency} (${t.id})`).join('; ')}.`);
  if (path) {
    out.push(path.path.length === 1 ? `The subject account ${path.path[0]} is itself listed.`
      : path.directed ? `Money path from the listed party: ${path.path.join(' → ')}.` : `Link to the listed party (transfers either way): ${path.path.join(' — ')}.`);
  }
  if (c.ring) out.push(`The subject belongs to ring ${c.ring}.`);
  return out.join(' ');
}

/** The analysis of why the activity is suspicious (PBOC AOSP 疑点分析). */
export function analyseCase(input: ReportInput, txs: readonly ReportTransaction[], lang: Language): string | undefined {
  if (txs.length === 0) return undefined;
  const patterns = patternsOf(txs, lang);
  const features = featureText(txs.flatMap((t) => t.reasons));
  const risk = input.case.risk_basis.peak.toFixed(2);
  if (lang === 'zh') {
    return `疑点：${patterns.length ? patterns.join('；') : '交易评分异常'}。`
      + (features ? `命中规则时的特征值：${features}。` : '')
      + `最高预警分数${risk}。上述交易与客户身份、职业及以往交易习惯不符，资金来源和去向不明，涉嫌洗钱，建议报告。`;
  }
  return `Grounds: ${patterns.length ? patterns.join('; ') : 'an unusual score'}.`
    + (features ? ` Feature values when the rules fired: ${features}.` : '')
    + ` Highest alert score ${risk}. The activity does not fit the customer's profile and history; the source and destination of the funds are unexplained.`;
}
