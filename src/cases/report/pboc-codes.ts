/**
 * Code lists of the PBOC interface (中国反洗钱监测分析中心《金融机构大额交易和可疑交易报告数据报送
 * 接口规范》V1.0, 2017, chapter 10 and the data dictionary of chapter 9), as sets of codes, and
 * the conversions the reports need (ISO 3166 alpha-2 → the 3-letter codes of GB/T 2659).
 */

/** 10.1 身份证件/证明文件类型 (GB/T 31186.3). */
export const ID_TYPES: ReadonlySet<string> = new Set([
  '110001', '110003', '110005', '110007', '110009', '110011', '110013', '110015', '110017', '110019', '110021', '110023',
  '110025', '110027', '110029', '119999', '129999',
  '610001', '610003', '610005', '610007', '610009', '610011', '610013', '610015', '610017', '610019', '610021', '610023',
  '610025', '610027', '610029', '610031', '610033', '610035', '610037', '610039', '610041', '610043', '610045', '610047',
  '610049', '610051', '610053', '610055', '610057', '610059', '610061', '610099', '619999', '629999',
]);

/** The "other" document types that need OITP/ORIT/OCIT to say which document it is. */
export const OTHER_ID_TYPES: ReadonlySet<string> = new Set(['119999', '129999', '619999', '629999']);

/** 10.2 账户类型: personal 1200xx/129999, organisation 6200xx/629999. */
export const ACCOUNT_TYPES: ReadonlySet<string> = new Set([
  ...Array.from({ length: 20 }, (_, i) => `1200${String(i + 1).padStart(2, '0')}`), '129999',
  ...Array.from({ length: 14 }, (_, i) => `6200${String(i + 1).padStart(2, '0')}`), '629999',
]);

const RMB_INSTRUMENTS = ['00', '01', '02', '03', '04', '10', '11', '12', '13', '14', '15', '16', '17', '20', '21', '30', '31', '32', '33', '34', '35', '36', '51'];
const FX_METHODS = ['0001', '0002', '0003', '0004', '0005', '0006', '0007', '0101', '0102', '0103', '0104', '0105', '0106', '0107', '0108', '0109', '0110', '0111'];
const REMITTANCE_METHODS = ['0001', '0002', '0003', '0004', '0005', '0099', '0101', '0102', '0103', '0104', '0105', '0199'];

/** 10.3 交易方式 (6 digits: 00 RMB + cash flag + instrument; 01 foreign currency; 02 remittance companies; 03 cross-currency). */
export const TRANSACTION_METHODS: ReadonlySet<string> = new Set([
  ...['00', '01'].flatMap((cash) => RMB_INSTRUMENTS.map((i) => `00${cash}${i}`)),
  ...FX_METHODS.map((m) => `01${m}`),
  ...REMITTANCE_METHODS.map((m) => `02${m}`),
  '030100', '030110', '030120',
]);

/** 10.6 疑似涉罪类型. */
export const CRIME_TYPES: ReadonlySet<string> = new Set([
  '0101', '0201', '0301', '0401', '0501', '0502', '0601', '0602', '0603', '0604', '0605', '0606', '0607', '0608', '0609', '0610',
  '0701', '0702', '0703', '0704', '0705', '0801', '0802', '0901', '0902', '0903', '1001', '1101', '1102', '1201', '1202', '1203',
  '1301', '1302', '1401', '1402',
]);

/** 大额交易特征代码 CRCD: 0501 cash, 0502 organisation transfers, 0503 natural person domestic, 0504 natural person cross-border. */
export const LARGE_VALUE_CODES: ReadonlySet<string> = new Set(['0501', '0502', '0503', '0504']);

export const URGENCY = new Set(['01', '02']);
export const DIRECTIONS = new Set(['01', '02', '03', '04', '99']);
export const TRIGGERS = new Set(['01', '02', '03', '04', '05', '06', '99']);
/** RLFC 金融机构与客户的关系. */
export const RELATIONS = new Set(['00', '01', '02']);
/** TSDR 资金收付标志: 01 收, 02 付. */
export const FLOW = new Set(['01', '02']);
/** OCTT 非柜台交易方式. */
export const NON_COUNTER = new Set(['11', '12', '13', '14', '15', '16', '17', '99']);
/** CFCT 对方金融机构网点代码类型. */
export const BANK_CODE_TYPES = new Set(['11', '12', '13', '14', '99']);
/** CBCT 客户银行卡类型. */
export const CARD_TYPES = new Set(['10', '20', '30', '90']);
/** RPMT 收付款方匹配号类型. */
export const MATCH_TYPES = new Set(['01', '02', '03', '04', '05', '06', '11']);

/** Default TSTP for the engine's channels (RMB): transfer 汇兑, cash 现钞/现金支付, card 银行卡 via POS, online/mobile payments. */
export const DEFAULT_TSTP: Readonly<Record<string, string>> = Object.freeze({
  transfer: '000131', cash_in: '000030', cash_out: '000030', card: '000112', mobile: '000121', ecny: '000121', cross_border: '000131', '*': '000151',
});
/** Default TSTP for foreign-currency transactions: cash 0001, wire transfer 0104. */
export const DEFAULT_TSTP_FX: Readonly<Record<string, string>> = Object.freeze({ cash_in: '010001', cash_out: '010001', '*': '010104' });
/** Default OCTT: online/mobile 11, card 12 (POS); counter transactions @N. */
export const DEFAULT_OCTT: Readonly<Record<string, string>> = Object.freeze({
  transfer: '11', mobile: '11', ecny: '11', card: '12', cross_border: '11', cash_in: '@N', cash_out: '@N', '*': '@N',
});

/** ISO 3166-1 alpha-2 → alpha-3 (GB/T 2659 3-letter codes) for the countries reports meet most. */
const ALPHA3: Readonly<Record<string, string>> = Object.freeze({
  CN: 'CHN', HK: 'HKG', MO: 'MAC', TW: 'TWN', US: 'USA', GB: 'GBR', AU: 'AUS', CA: 'CAN', JP: 'JPN', SG: 'SGP', NZ: 'NZL',
  DE: 'DEU', KR: 'KOR', VN: 'VNM', MY: 'MYS', KH: 'KHM', AE: 'ARE', VG: 'VGB', MM: 'MMR', PH: 'PHL', KY: 'CYM', FR: 'FRA',
  IT: 'ITA', ES: 'ESP', NL: 'NLD', CH: 'CHE', RU: 'RUS', IN: 'IND', TH: 'THA', ID: 'IDN', LA: 'LAO', MN: 'MNG', KZ: 'KAZ',
  PK: 'PAK', BD: 'BGD', LK: 'LKA', NP: 'NPL', BR: 'BRA', MX: 'MEX', AR: 'ARG', ZA: 'ZAF', NG: 'NGA', EG: 'EGY', TR: 'TUR',
  SA: 'SAU', QA: 'QAT', IL: 'ISR', IE: 'IRL', BE: 'BEL', AT: 'AUT', SE: 'SWE', NO: 'NOR', DK: 'DNK', FI: 'FIN', PL: 'POL',
  PT: 'PRT', GR: 'GRC', CZ: 'CZE', HU: 'HUN', UA: 'UKR', BS: 'BHS', BM: 'BMU', PA: 'PAN', SC: 'SYC', MU: 'MUS', LU: 'LUX',
  MT: 'MLT', CY: 'CYP', LI: 'LIE', MC: 'MCO', JE: 'JEY', GG: 'GGY', IM: 'IMN', WS: 'WSM', MH: 'MHL', BZ: 'BLZ', AI: 'AIA',
});

/** The 3-letter country code of an alpha-2 (or alpha-3) code, or undefined when unknown. */
export function alpha3(code: string | undefined): string | undefined {
  if (!code) return undefined;
  const c = code.trim().toUpperCase();
  if (/^[A-Z]{3}$/.test(c)) return c;
  return Object.hasOwn(ALPHA3, c) ? ALPHA3[c] : undefined;
}

/** GB 11643 check of an 18-character resident ID number (15-digit old numbers have none). */
export function residentIdProblem(id: string): string | undefined {
  if (/^\d{15}$/.test(id)) return undefined;
  if (!/^\d{17}[\dX]$/.test(id)) return 'must be a 15- or 18-character resident ID number';
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(id[i]) * w[i];
  return '10X98765432'[s % 11] === id[17] ? undefined : 'has a wrong check digit';
}

/** Problems of an ID number for its document type: resident ID format and check digit, organisation code length. */
export function idNumberProblem(type: string, id: string): string | undefined {
  if (id === '@N') return undefined;
  if (type === '110001' || type === '110003') return residentIdProblem(id);
  if (type === '610001') return /^[0-9A-Z]{8}-?[0-9X]$/.test(id) ? undefined : 'must be a 9-character organisation code';
  if (type === '610099') return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(id) ? undefined : 'must be an 18-character unified social credit code';
  return undefined;
}
