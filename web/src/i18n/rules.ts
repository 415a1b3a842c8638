import type { Lang } from './I18nContext';

/**
 * Plain-language sentences for the built-in rules (rules/*.yaml), for investigators who should not
 * have to read rule expressions. Unknown rules fall back to the rule catalogue's description, then
 * to the reason text the server sent, then to the id.
 */
const RULES: Record<string, { en: string; zh: string }> = {
  'pboc.lv.cash': {
    en: 'Cash deposits/withdrawals reached CNY 50,000 today',
    zh: '当日现金存取累计达到5万元',
  },
  'pboc.lv.legal.from': {
    en: "The paying company's transfers reached CNY 2,000,000 today",
    zh: '付款单位当日转账累计达到200万元',
  },
  'pboc.lv.legal.to': {
    en: "The receiving company's transfers reached CNY 2,000,000 today",
    zh: '收款单位当日转账累计达到200万元',
  },
  'pboc.lv.natural_domestic.from': {
    en: "The payer's domestic transfers reached CNY 500,000 today",
    zh: '付款人当日境内转账累计达到50万元',
  },
  'pboc.lv.natural_domestic.to': {
    en: "The payee's domestic transfers reached CNY 500,000 today",
    zh: '收款人当日境内转账累计达到50万元',
  },
  'pboc.lv.natural_cross_border.from': {
    en: "The payer's cross-border transfers reached CNY 200,000 today",
    zh: '付款人当日跨境转账累计达到20万元',
  },
  'pboc.lv.natural_cross_border.to': {
    en: "The payee's cross-border transfers reached CNY 200,000 today",
    zh: '收款人当日跨境转账累计达到20万元',
  },
  'pboc.sus.scatter_in_concentrate_out': {
    en: 'Money came in from many accounts and went out to one or two (scattered in, concentrated out)',
    zh: '资金从多个账户分散转入后集中转出到一两个账户（分散转入、集中转出）',
  },
  'pboc.sus.concentrate_in_scatter_out': {
    en: 'Money came in from one or two accounts and went out to many (concentrated in, scattered out)',
    zh: '资金从一两个账户集中转入后分散转出到多个账户（集中转入、分散转出）',
  },
  'pboc.sus.near_threshold_repeat': {
    en: 'Repeated payments just under a reporting threshold this week (possible structuring)',
    zh: '本周多次出现略低于报告标准的交易（疑似拆分规避报告）',
  },
  'pboc.sus.structured_funds_out': {
    en: 'Money paid in just under a reporting threshold several times this week is now being sent on (structured funds moving)',
    zh: '本周多次收到略低于报告标准的款项后又将资金转出（拆分存入的资金转移）',
  },
  'pboc.sus.dormant_reactivated': {
    en: 'A long-dormant account suddenly moved a large sum',
    zh: '长期不动账户突然发生大额资金收付',
  },
  'pboc.sus.new_account_rapid': {
    en: 'A newly opened account moved large sums in and out within a day',
    zh: '新开立账户一天内大额资金快进快出',
  },
  'graph.fan_out': {
    en: 'The payer sent money on to 10 or more accounts within a day',
    zh: '付款账户一天内向10个以上账户分散转出资金',
  },
  'graph.fan_in': {
    en: 'The payee collected money from 10 or more accounts within a day',
    zh: '收款账户一天内从10个以上账户集中收款',
  },
  'graph.scatter_gather': {
    en: 'One source split money over several go-between accounts that all paid this payee',
    zh: '同一资金来源经多个中间账户分散后汇集到本收款账户',
  },
  'graph.scatter_gather_direct': {
    en: 'The payer also reached this payee through several go-between accounts',
    zh: '付款账户还经多个中间账户向同一收款账户转移资金',
  },
  'graph.gather_scatter': {
    en: 'The payer collected from many accounts and paid on to many, keeping little',
    zh: '付款账户从多个账户收款后又转给多个账户，资金几乎不留存',
  },
  'graph.cycle': {
    en: 'Money went round in a circle back to the payer within 30 days (round-tripping)',
    zh: '资金30日内绕圈回到付款账户（资金回流）',
  },
  'graph.cycle_repeated': {
    en: 'Money came back to the payer along several different routes',
    zh: '资金经多条不同路径回流至付款账户',
  },
  'graph.pass_through': {
    en: 'A personal account passed on almost all the money it received today (pass-through)',
    zh: '个人账户当日收到的资金几乎全部转出（快进快出）',
  },
  'graph.layering_chain': {
    en: 'Both sides are transit accounts passing money straight on (layering)',
    zh: '付款与收款双方均为资金过渡账户（多层转移）',
  },
  'graph.shared_device': {
    en: 'The device is shared by 5 or more accounts',
    zh: '同一设备被5个以上账户共用',
  },
  'graph.shared_phone': {
    en: 'The phone number is shared by 3 or more accounts',
    zh: '同一手机号被3个以上账户共用',
  },
  'graph.listed_identifier': {
    en: 'The device, phone or IP used is on a list or used by a listed account',
    zh: '所用设备、手机号或IP在名单中，或被名单内账户使用过',
  },
  'graph.listed_party': {
    en: 'The payer or the payee is on a blacklist or watchlist',
    zh: '付款方或收款方在黑名单或关注名单中',
  },
  'graph.listed_one_hop': {
    en: 'A person on this transfer dealt directly with a listed account in the last 30 days',
    zh: '交易一方近30日与名单内账户有直接资金往来',
  },
  'graph.listed_two_hops': {
    en: 'A person on this transfer is two transfers away from a listed account',
    zh: '交易一方与名单内账户之间仅隔一个中间账户',
  },
  model: {
    en: 'The risk model scored this transfer as unusual',
    zh: '风险模型判定该笔交易异常',
  },
};

export function knownRuleSentence(rule: string, lang: Lang): string | undefined {
  const entry = RULES[rule];
  return entry ? (lang === 'zh-CN' ? entry.zh : entry.en) : undefined;
}

/** Typology ids to names. */
const TYPOLOGIES: Record<string, { en: string; zh: string }> = {
  'pboc.large_value': { en: 'PBOC large-value report', zh: '人民银行大额交易报告' },
  'pboc.suspicious': { en: 'PBOC suspicious-transaction indicators', zh: '人民银行可疑交易识别要素' },
  'graph.layering': { en: 'Laundering shapes in the money network', zh: '资金网络洗钱形态' },
  'graph.fraud_ring': { en: 'Accounts operated together', zh: '团伙操控账户' },
  'graph.listed_proximity': { en: 'Closeness to listed accounts', zh: '与名单账户的资金关联' },
};

export function typologyName(id: string, lang: Lang): string {
  const entry = TYPOLOGIES[id];
  return entry ? (lang === 'zh-CN' ? entry.zh : entry.en) : id;
}
