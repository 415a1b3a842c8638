/**
 * Chinese company names: 城市 + 字号 + 行业 + 组织形式 (深圳市华信贸易有限公司), also written
 * 华信贸易（深圳）有限公司 or without 市. Parses the parts and renders them the way English payment
 * messages write the company (SHENZHEN HUAXIN TRADING CO., LTD.) and in full pinyin.
 * Works on simplified text; callers fold traditional first.
 */
import type { ChineseNames } from './chinese.js';

/** Legal forms, longest first, with the pinyin a message would carry. */
const LEGAL: Array<[string, string]> = [
  ['股份有限公司', 'gufen youxian gongsi'], ['有限责任公司', 'youxian zeren gongsi'], ['有限公司', 'youxian gongsi'],
  ['股份公司', 'gufen gongsi'], ['公司', 'gongsi'],
];

/** Industry words and their usual English renderings (several where messages differ). */
const INDUSTRY: Record<string, string[]> = {
  贸易: ['trading', 'trade'], 国际贸易: ['international trading', 'international trade'], 商贸: ['commerce trade', 'commercial trading', 'trading'],
  科技: ['technology', 'science technology', 'tech'], 网络科技: ['network technology'], 信息技术: ['information technology'], 信息科技: ['information technology'],
  实业: ['industrial', 'industry'], 进出口: ['import export', 'imp exp'], 船务: ['shipping agency', 'shipping'], 航运: ['shipping'], 海运: ['shipping'],
  融资租赁: ['financial leasing', 'finance lease'], 化工: ['chemical', 'chemicals'], 汽车贸易: ['automobile trading', 'auto trading'],
  金属材料: ['metal materials', 'metals'], 机械设备: ['machinery equipment', 'machinery'], 医药: ['pharmaceutical', 'pharmaceuticals', 'medicine'],
  电子: ['electronics', 'electronic'], 电子商务: ['e commerce', 'ecommerce'], 食品: ['food', 'foods', 'foodstuff'], 矿业: ['mining'],
  能源: ['energy'], 投资: ['investment', 'investments'], 物流: ['logistics'], 供应链管理: ['supply chain management', 'supply chain'],
  供应链: ['supply chain'], 资产管理: ['asset management'], 光电: ['optoelectronics', 'optoelectronic', 'photoelectric'], 珠宝: ['jewelry', 'jewellery'],
  服装: ['garment', 'garments', 'apparel', 'clothing'], 建材: ['building materials'], 咨询: ['consulting', 'consultancy'], 纺织: ['textile', 'textiles'],
  建设: ['construction'], 建筑: ['construction'], 房地产: ['real estate'], 房地产开发: ['real estate development'], 置业: ['property'], 控股: ['holdings', 'holding'],
  钢铁: ['steel', 'iron steel'], 石油: ['petroleum', 'oil'], 石化: ['petrochemical'], 五金: ['hardware'], 塑料: ['plastics'], 家具: ['furniture'],
  生物科技: ['biotechnology', 'biotech'], 环保: ['environmental protection'], 文化传媒: ['culture media'], 传媒: ['media'], 农业: ['agriculture', 'agricultural'],
  制药: ['pharmaceutical'], 新材料: ['new materials'], 软件: ['software'], 通信: ['communication', 'communications'], 设备: ['equipment'],
  工程: ['engineering'], 货运代理: ['freight forwarding'], 国际货运代理: ['international freight forwarding'], 集团: ['group'], 发展: ['development'],
  电器: ['electric appliances', 'electrical'], 机电: ['electromechanical'], 数码: ['digital'], 仪器: ['instruments'], 药业: ['pharmaceutical'],
};
const INDUSTRY_KEYS = Object.keys(INDUSTRY).sort((a, b) => b.length - a.length);

/** Prefecture-level and other large cities (simplified); more are learned from the lists' own 市 names. */
export const CITIES: readonly string[] = (
  '北京 上海 天津 重庆 广州 深圳 珠海 汕头 佛山 东莞 中山 惠州 江门 湛江 肇庆 茂名 梅州 汕尾 河源 阳江 清远 潮州 揭阳 云浮 韶关 ' +
  '杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 义乌 南京 苏州 无锡 常州 南通 扬州 镇江 泰州 徐州 盐城 淮安 连云港 宿迁 昆山 ' +
  '福州 厦门 泉州 漳州 莆田 三明 南平 龙岩 宁德 晋江 济南 青岛 烟台 潍坊 淄博 威海 临沂 济宁 泰安 日照 德州 聊城 滨州 菏泽 枣庄 东营 ' +
  '郑州 洛阳 开封 新乡 许昌 南阳 武汉 宜昌 襄阳 长沙 株洲 湘潭 岳阳 衡阳 南昌 九江 赣州 合肥 芜湖 蚌埠 安庆 成都 绵阳 德阳 宜宾 ' +
  '贵阳 遵义 昆明 大理 丽江 南宁 桂林 柳州 北海 海口 三亚 西安 宝鸡 咸阳 兰州 西宁 银川 乌鲁木齐 喀什 拉萨 呼和浩特 包头 鄂尔多斯 ' +
  '太原 大同 石家庄 唐山 保定 廊坊 秦皇岛 邯郸 沈阳 大连 鞍山 抚顺 丹东 锦州 营口 长春 吉林 哈尔滨 大庆 齐齐哈尔 牡丹江 香港 澳门 台北'
).split(' ');

/** Cities whose English name is not their pinyin. */
const CITY_ENGLISH: Record<string, string> = {
  乌鲁木齐: 'urumqi', 呼和浩特: 'hohhot', 拉萨: 'lhasa', 喀什: 'kashgar', 香港: 'hongkong', 澳门: 'macau', 台北: 'taipei',
};

/** English spellings of a city besides its pinyin. */
export function cityEnglish(city: string): string | undefined {
  return CITY_ENGLISH[city];
}

export interface CnCompany {
  city: string;
  zihao: string;
  industry: string;
  legal: string;
  /** Pinyin of the city, 字号 and industry (syllables joined per part). */
  cityPinyin: string;
  zihaoPinyin: string;
  industryPinyin: string;
}

/** Parses a compact simplified company name; undefined when it has no Chinese legal form. */
export function parseCnCompany(name: string, cities: ReadonlySet<string>, cn: ChineseNames): CnCompany | undefined {
  let rest = name.replace(/[（(]/g, '(').replace(/[）)]/g, ')');
  const legal = LEGAL.find(([l]) => rest.endsWith(l));
  if (!legal) return undefined;
  rest = rest.slice(0, -legal[0].length);
  let city = '';
  const paren = /\(([^)]+)\)/.exec(rest);
  if (paren) {
    city = paren[1].replace(/市$/, '');
    rest = rest.replace(paren[0], '');
  } else {
    for (let len = 4; len >= 2 && city === ''; len--) {
      const head = rest.slice(0, len);
      if (cities.has(head) && rest.length > len + 1) {
        city = head;
        rest = rest.slice(len).replace(/^市/, '');
      }
    }
    if (city === '') {
      const m = /^(.{2,4}?)市(.{2,})$/.exec(rest);
      if (m) {
        city = m[1];
        rest = m[2];
      }
    }
  }
  let industry = '';
  let group = false;
  if (rest.endsWith('集团') && rest.length > 3) {
    group = true;
    rest = rest.slice(0, -2);
  }
  for (const k of INDUSTRY_KEYS) {
    if (rest.endsWith(k) && rest.length > k.length) {
      industry = k;
      rest = rest.slice(0, -k.length);
      break;
    }
  }
  if (group) industry = industry === '' ? '集团' : `${industry}集团`;
  const joinPy = (s: string): string => cn.textPinyin(s).join('');
  return {
    city, zihao: rest, industry, legal: legal[0],
    cityPinyin: city === '' ? '' : joinPy(city), zihaoPinyin: joinPy(rest), industryPinyin: joinPy(industry.replace(/集团$/, '')),
  };
}

/** English renderings of the industry, as word lists ("import export"); group appended when present. */
export function industryEnglish(industry: string): string[][] {
  const group = industry.endsWith('集团');
  const base = group ? industry.slice(0, -2) : industry;
  const words = base === '' ? [''] : INDUSTRY[base] ?? [];
  return words.map((w) => [...w.split(' ').filter((x) => x !== ''), ...(group ? ['group'] : [])]);
}

/** The cities named with 市 in a list's company names, added to the built-in table. */
export function learnCities(names: Iterable<string>): Set<string> {
  const out = new Set(CITIES);
  for (const n of names) {
    const m = /^(.{2,4}?)市/.exec(n);
    if (m && /(公司)$/.test(n)) out.add(m[1]);
  }
  return out;
}
