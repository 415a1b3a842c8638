/**
 * Plain words for the engine's feature names, in English and Chinese, so that a model's reasons
 * (TreeSHAP contributions) and a rule's values read as sentences in the API, the CLI and the
 * dashboard alike: `from_new_payees_24h` → "Payer: new payees (never paid before) in 24 hours" /
 * "付款方24小时内新增收款对手数（此前从未付款）". One table, shared by the server and the web app.
 * Unknown names are given back as they are.
 */

export type FeatureUnit = 'money' | 'count' | 'seconds' | 'flag' | 'ratio' | 'hops' | 'hour' | 'number';
export type Words = { en: string; zh: string };

interface Label extends Words {
  unit: FeatureUnit;
}

const L = (en: string, zh: string, unit: FeatureUnit): Label => ({ en, zh, unit });

/** Per-side metrics (after `from_` / `to_`), windowed ones without the window suffix. */
const SIDE: Record<string, Label> = {
  out_count: L('transfers sent', '转出笔数', 'count'),
  out_sum: L('amount sent', '转出金额', 'money'),
  out_uniq: L('distinct payees', '转出对手数', 'count'),
  in_count: L('transfers received', '转入笔数', 'count'),
  in_sum: L('amount received', '转入金额', 'money'),
  in_uniq: L('distinct payers', '转入对手数', 'count'),
  near_count: L('payments just under a threshold', '略低于报告标准的交易笔数', 'count'),
  in_near_count: L('receipts just under a threshold', '略低于报告标准的收款笔数', 'count'),
  out_mean: L('average payment out', '平均转出金额', 'money'),
  out_max: L('largest payment out', '最大单笔转出', 'money'),
  out_std: L('spread of payments out', '转出金额标准差', 'money'),
  in_mean: L('average payment in', '平均转入金额', 'money'),
  in_max: L('largest payment in', '最大单笔转入', 'money'),
  in_std: L('spread of payments in', '转入金额标准差', 'money'),
  age_s: L('account age', '账户存续时间', 'seconds'),
  new: L('new account', '新账户', 'flag'),
  dormant_s: L('quiet time before this transfer', '此前静默时长', 'seconds'),
  day_cash: L('cash today', '当日现金累计', 'money'),
  day_domestic: L('domestic transfers today', '当日境内转账累计', 'money'),
  day_cross_border: L('cross-border transfers today', '当日跨境转账累计', 'money'),
  passthrough: L('share of money received that was passed on', '转入资金转出比例', 'ratio'),
  listed_hops: L('transfers away from a listed account', '与名单账户的间隔笔数', 'hops'),
  listed_near: L('closeness to a listed account', '与名单账户的接近程度', 'ratio'),
  ring_risk: L('ring risk', '所属团伙风险', 'ratio'),
  ring_size: L('ring size', '所属团伙规模', 'count'),
  legal: L('is a company', '为单位客户', 'flag'),
  listed: L('is listed', '在名单中', 'flag'),
  new_payees: L('new payees (never paid before)', '新增收款对手数（此前从未付款）', 'count'),
  new_payers: L('new payers (never received from before)', '新增付款对手数（此前从未收款）', 'count'),
  out_burst: L('payments today vs its usual daily rate', '当日付款笔数相对日常水平的倍数', 'number'),
  in_burst: L('receipts today vs its usual daily rate', '当日收款笔数相对日常水平的倍数', 'number'),
  out_amount_mean: L('usual payment (geometric mean)', '日常付款金额（几何平均）', 'money'),
  out_amount_std: L('spread of its payments (log scale)', '付款金额离散度（对数）', 'number'),
  out_amount_skew: L('skew of its payments', '付款金额偏度', 'number'),
  out_amount_z: L('how far this amount is from its usual payments (z-score)', '本笔金额偏离其日常付款的程度（z值）', 'number'),
  out_amount_pct: L('share of its past payments below this amount', '其历史付款中低于本笔金额的比例', 'ratio'),
  in_amount_z: L('how far this amount is from its usual receipts (z-score)', '本笔金额偏离其日常收款的程度（z值）', 'number'),
  in_amount_pct: L('share of its past receipts below this amount', '其历史收款中低于本笔金额的比例', 'ratio'),
  gap_mean_s: L('usual time between its transfers', '其交易的平均间隔', 'seconds'),
  gap_std: L('regularity of its timing (log scale)', '交易间隔的离散度（对数）', 'number'),
  gap_ratio: L('time since its last transfer vs its usual gap', '距上笔交易时长相对平均间隔的倍数', 'number'),
  last_in_ratio: L('this amount vs the last amount it received', '本笔金额与其最近一笔收款之比', 'number'),
  last_in_age_s: L('time since it last received money', '距其最近一次收款的时长', 'seconds'),
  passes_last_in: L('passes on what it just received', '将刚收到的资金原额转出', 'flag'),
  first_out: L('first payment ever', '首次付款', 'flag'),
  first_in: L('first receipt ever', '首次收款', 'flag'),
  same_in: L('receipts of about the same amount', '金额相近的收款笔数', 'count'),
  hour_share: L('share of its transfers at this time of day', '其交易中处于该时段的比例', 'ratio'),
  screen_score: L('name screening score against the lists', '名称与名单的筛查匹配度', 'ratio'),
  screen_entry: L('list entry the name matched', '名称匹配的名单条目', 'number'),
};

/** Transaction-level features. */
const TX: Record<string, Label> = {
  amount: L('amount', '交易金额', 'money'),
  is_cash: L('cash transaction', '现金交易', 'flag'),
  is_cross_border: L('cross-border', '跨境交易', 'flag'),
  threshold: L('reporting threshold', '报告标准', 'money'),
  threshold_ratio: L('share of the reporting threshold', '占报告标准比例', 'ratio'),
  near_threshold: L('just under a threshold', '略低于报告标准', 'flag'),
  hour_of_day: L('hour of day', '交易时段', 'hour'),
  device_accounts: L('accounts sharing the device', '共用该设备的账户数', 'count'),
  phone_accounts: L('accounts sharing the phone number', '共用该手机号的账户数', 'count'),
  ip_accounts: L('accounts sharing the IP address', '共用该IP的账户数', 'count'),
  observed_s: L('time the engine has watched', '系统已观察时长', 'seconds'),
  sg_paths: L('scatter-gather routes', '分散汇集路径数', 'count'),
  sg_intermediates: L('go-between accounts (payer to payee)', '付款方至收款方的中间账户数', 'count'),
  sg_source_intermediates: L('go-between accounts from one source', '同一来源的中间账户数', 'count'),
  cycle_len: L('transfers in the money cycle', '资金回流闭环笔数', 'count'),
  cycle_count: L('distinct return routes', '回流路径数', 'count'),
  cycle_new_len: L('transfers in a cycle of first-time links', '首次资金关系构成的回流闭环笔数', 'count'),
  cycle_new_rate: L('loops of first-time links per 10,000 transfers so far', '每万笔交易中首次资金关系回路数', 'count'),
  identifier_listed: L('listed device/phone/IP', '使用名单内标识', 'flag'),
  search_truncated: L('searches cut short', '被截断的搜索次数', 'count'),
  same_ring: L('payer and payee in the same ring', '付款方与收款方同属一个团伙', 'flag'),
  pair_count: L('earlier payments from this payer to this payee', '付款方此前向该收款方付款的笔数', 'count'),
  pair_sum: L('amount of those earlier payments', '此前向该收款方付款的金额', 'money'),
  pair_last_s: L('time since the payer last paid this payee', '付款方上次向该收款方付款至今的时长', 'seconds'),
  pair_first: L('first payment between these two accounts', '双方首次发生资金往来', 'flag'),
  pair_reverse_count: L('earlier payments the other way', '反方向此前的付款笔数', 'count'),
  pair_amount_ratio: L('this amount vs their usual payment', '本笔金额相对双方日常付款的倍数', 'number'),
  new_payee_payer_age_s: L('how long the payer was known, when paying a brand-new account', '向全新账户付款时付款方的已知时长', 'seconds'),
  payer_age: L("payer's age in years", '付款人年龄（岁）', 'number'),
  geo_jump_km: L("distance from where the payer's previous payment was made (km)", '与付款人上一笔付款发起地的距离（公里）', 'number'),
  geo_kmh: L('speed the payer would have travelled between the two (km/h)', '两笔付款之间付款人需移动的速度（公里/小时）', 'number'),
  amount_pop_pct: L('share of all transfers below this amount', '全部交易中低于本笔金额的比例', 'ratio'),
  gs_hub: L('new sources and new destinations of the payer (gather-scatter)', '付款方汇集后分散的对手数（汇集—分散）', 'count'),
};

const SIDE_NAME = { from: { en: 'Payer', zh: '付款方' }, to: { en: 'Payee', zh: '收款方' } } as const;

function windowWords(label: string): Words {
  const m = /^(\d+)([smhdw])$/.exec(label);
  if (!m) return { en: label, zh: label };
  const n = Number(m[1]);
  const en: Record<string, string> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week' };
  const zh: Record<string, string> = { s: '秒', m: '分钟', h: '小时', d: '天', w: '周' };
  return { en: `${n} ${en[m[2]]}${n === 1 ? '' : 's'}`, zh: `${n}${zh[m[2]]}` };
}

interface Parsed {
  label: Label;
  side?: 'from' | 'to';
  window?: string;
}

function parse(name: string): Parsed | undefined {
  if (TX[name]) return { label: TX[name] };
  const w = /^(.+)_(\d+[smhdw])$/.exec(name);
  if (w && TX[w[1]] && !/^(from|to)_/.test(name)) return { label: TX[w[1]], window: w[2] };
  const m = /^(from|to)_(.+?)(?:_(\d+[smhdw]))?$/.exec(name);
  if (!m) return undefined;
  const label = SIDE[m[2]];
  return label ? { label, side: m[1] as 'from' | 'to', window: m[3] } : undefined;
}

/** The unit of a feature's value ('number' when the name is unknown). */
export function featureUnit(name: string): FeatureUnit {
  return parse(name)?.label.unit ?? 'number';
}

/** "Payer: amount sent in 24 hours" / "付款方24小时内转出金额"; an unknown name as it is. */
export function featureWords(name: string): Words {
  const p = parse(name);
  if (!p) return { en: name, zh: name };
  const win = p.window ? windowWords(p.window) : undefined;
  const zh = `${p.side ? SIDE_NAME[p.side].zh : ''}${win ? `${win.zh}内` : ''}${p.label.zh}`;
  const text = win ? `${p.label.en} in ${win.en}` : p.label.en;
  const en = p.side ? `${SIDE_NAME[p.side].en}: ${text}` : text.charAt(0).toUpperCase() + text.slice(1);
  return { en, zh };
}

function round(v: number, digits: number): string {
  const f = 10 ** digits;
  return String(Math.round(v * f) / f);
}

function duration(seconds: number): Words {
  const s = Math.abs(seconds);
  if (s < 120) return { en: `${Math.round(seconds)} s`, zh: `${Math.round(seconds)}秒` };
  if (s < 7200) return { en: `${round(seconds / 60, 0)} min`, zh: `${round(seconds / 60, 0)}分钟` };
  if (s < 172_800) return { en: `${round(seconds / 3600, 1)} h`, zh: `${round(seconds / 3600, 1)}小时` };
  return { en: `${round(seconds / 86_400, 1)} days`, zh: `${round(seconds / 86_400, 1)}天` };
}

/**
 * A feature's value in its unit, in both languages: money in `currency` major units, or, when
 * the currency is not known where the words are made, said to be in the base currency.
 */
export function featureValueWords(name: string, value: number | string, currency?: string): Words {
  if (typeof value === 'string') return { en: value, zh: value };
  switch (featureUnit(name)) {
    case 'money':
      return currency === undefined
        ? { en: `${round(value, 2)} (base currency)`, zh: `${round(value, 2)}（本位币）` }
        : { en: `${currency} ${round(value, 2)}`, zh: `${round(value, 2)} ${currency}` };
    case 'seconds':
      return duration(value);
    case 'flag':
      return value ? { en: 'yes', zh: '是' } : { en: 'no', zh: '否' };
    case 'ratio':
      return { en: `${round(value * 100, 1)}%`, zh: `${round(value * 100, 1)}%` };
    case 'hour': {
      const h = `${String(Math.floor(value)).padStart(2, '0')}:00`;
      return { en: h, zh: h };
    }
    case 'hops':
      return value < 0 || !Number.isFinite(value) ? { en: 'none', zh: '无关联' } : { en: round(value, 0), zh: round(value, 0) };
    case 'count':
      return { en: round(value, 0), zh: round(value, 0) };
    default:
      return { en: round(value, 3), zh: round(value, 3) };
  }
}

/**
 * A model's reason as a sentence: each feature with its value and whether it raised or lowered
 * the risk, strongest first — "Payer: new payees (never paid before) in 24 hours 5 (raises the
 * risk); Amount CNY 9800 (lowers it)".
 */
export function contributionWords(values: ReadonlyArray<[string, number | string]>, contributions: ReadonlyArray<[string, number]>, currency?: string): Words {
  const value = new Map(values);
  const en: string[] = [];
  const zh: string[] = [];
  for (const [name, c] of contributions) {
    const w = featureWords(name);
    const v = value.has(name) ? featureValueWords(name, value.get(name) as number | string, currency) : undefined;
    en.push(`${w.en}${v ? ` ${v.en}` : ''} (${c >= 0 ? 'raises the risk' : 'lowers it'})`);
    zh.push(`${w.zh}${v ? ` ${v.zh}` : ''}（${c >= 0 ? '推高风险' : '降低风险'}）`);
  }
  return { en: en.join('; '), zh: zh.join('；') };
}
