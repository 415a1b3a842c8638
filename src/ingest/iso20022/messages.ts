/**
 * The four messages of Tazama's JSON dialect of ISO 20022, with the members Tazama's schemas
 * require (required here too) and the optional members Ringwatch reads. Unknown members are ignored.
 */
import { arr, int, money, num, obj, relax, str, type Node } from './schema.js';

export const MESSAGE_TYPES = ['pain.001.001.11', 'pain.013.001.09', 'pacs.008.001.10', 'pacs.002.001.12'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** The root member that names each message (its ISO 20022 message element). */
export const ROOT: Readonly<Record<MessageType, string>> = {
  'pain.001.001.11': 'CstmrCdtTrfInitn',
  'pain.013.001.09': 'CdtrPmtActvtnReq',
  'pacs.008.001.10': 'FIToFICstmrCdtTrf',
  'pacs.002.001.12': 'FIToFIPmtSts',
};

export function isMessageType(v: string): v is MessageType {
  return (MESSAGE_TYPES as readonly string[]).includes(v);
}

export const TX_STATUS_CODES = [
  'ACCC', 'ACCP', 'ACFC', 'ACIS', 'ACPD', 'ACSC', 'ACSP', 'ACTC', 'ACWC', 'ACWP', 'BLCK', 'CANC', 'PATC', 'PART', 'PDNG', 'PRES', 'RCVC', 'RCVD', 'RJCT',
] as const;

const id = (max = 140): Node => str('id', max);
const othr = obj({ Id: id(), SchmeNm: obj({ Prtry: id(35), 'Cd?': str('code', 4) }) });
const finInstnId = obj({
  ClrSysMmbId: obj({ MmbId: id(35) }),
  'BICFI?': str('bic', 11),
  'LEI?': str('lei', 20),
  'PstlAdr?': obj({ 'Ctry?': str('country', 2) }),
});
const agent = obj({ FinInstnId: finInstnId });
/** Agents Tazama does not require (instructing/instructed): every member optional, formats still checked. */
const optionalAgent = obj({
  'FinInstnId?': obj({ 'ClrSysMmbId?': obj({ 'MmbId?': id(35) }), 'BICFI?': str('bic', 11), 'LEI?': str('lei', 20), 'PstlAdr?': obj({ 'Ctry?': str('country', 2) }) }),
});
const party = obj({
  Nm: str('text', 140),
  Id: obj({
    PrvtId: obj({
      DtAndPlcOfBirth: obj({ BirthDt: str('birthdate', 10), CityOfBirth: str('text', 35), CtryOfBirth: str('country', 2) }),
      Othr: arr(othr, 1),
    }),
    'OrgId?': obj({ 'AnyBIC?': str('bic', 11), 'LEI?': str('lei', 20), 'Othr?': arr(othr) }),
  }),
  CtctDtls: obj({ MobNb: str('text', 35) }),
});
const account = obj({ Id: obj({ Othr: arr(othr, 1), 'IBAN?': str('iban', 34) }), Nm: str('text', 140) });
const amount = obj({ Amt: money() });
const charges = obj({ Amt: money(true), Agt: agent });
const purpose = obj({ Cd: str('code', 4) });
const regulatory = obj({ Dtls: obj({ Tp: str('text', 35), Cd: str('text', 10) }) });
const glctn = obj({ Lat: str('lat', 32), Long: str('long', 32) });
const grpHdrInitiation = obj({ MsgId: id(128), CreDtTm: str('datetime', 40), NbOfTxs: int(), InitgPty: party, 'CtrlSum?': num() });
const paymentMethod = str('code', 3, ['TRF', 'CHK', 'TRA']);
const chargeBearer = str('code', 4, ['DEBT', 'CRED', 'SHAR', 'SLEV']);
const advice = obj({ DbtAdvc: obj({ Cd: str('text', 35), Prtry: str('text', 35) }) });
const paymentType = obj({ CtgyPurp: obj({ Prtry: str('text', 35) }) });
const endToEnd = obj({ EndToEndId: id(128), 'InstrId?': id(35) });

const pain001: Node = obj({
  'TxTp?': str('text', 40),
  CstmrCdtTrfInitn: obj({
    GrpHdr: grpHdrInitiation,
    PmtInf: obj({
      PmtInfId: id(),
      PmtMtd: paymentMethod,
      ReqdAdvcTp: advice,
      ReqdExctnDt: obj({ Dt: str('date', 10), DtTm: str('datetime', 40) }),
      Dbtr: party,
      DbtrAcct: account,
      DbtrAgt: agent,
      CdtTrfTxInf: obj({
        PmtId: endToEnd,
        PmtTpInf: paymentType,
        Amt: obj({
          InstdAmt: amount,
          EqvtAmt: obj({ Amt: money(), CcyOfTrf: str('ccy', 3) }),
          'XchgRateInf?': obj({ 'UnitCcy?': str('ccy', 3), 'XchgRate?': num() }),
        }),
        ChrgBr: chargeBearer,
        CdtrAgt: agent,
        Cdtr: party,
        CdtrAcct: account,
        Purp: purpose,
        RgltryRptg: regulatory,
        RmtInf: obj({ Ustrd: str('text', 140) }),
        SplmtryData: obj({
          Envlp: obj({
            Doc: obj({
              Dbtr: obj({ FrstNm: str('text', 140), MddlNm: str('text', 140), LastNm: str('text', 140), MrchntClssfctnCd: str('text', 35) }),
              Cdtr: obj({ FrstNm: str('text', 140), MddlNm: str('text', 140), LastNm: str('text', 140), MrchntClssfctnCd: str('text', 35) }),
              DbtrFinSvcsPrvdrFees: money(true),
              Xprtn: str('datetime', 40),
            }),
          }),
        }),
      }),
    }),
    SplmtryData: obj({ Envlp: obj({ Doc: obj({ InitgPty: obj({ InitrTp: str('text', 35), Glctn: glctn }) }) }) }),
  }),
});

const pain013: Node = obj({
  'TxTp?': str('text', 40),
  CdtrPmtActvtnReq: obj({
    GrpHdr: grpHdrInitiation,
    PmtInf: obj({
      PmtInfId: id(),
      PmtMtd: paymentMethod,
      ReqdAdvcTp: advice,
      ReqdExctnDt: obj({ DtTm: str('datetime', 40) }),
      XpryDt: obj({ DtTm: str('datetime', 40) }),
      Dbtr: party,
      DbtrAcct: account,
      DbtrAgt: agent,
      CdtTrfTxInf: obj({
        PmtId: endToEnd,
        PmtTpInf: paymentType,
        Amt: obj({ InstdAmt: amount, EqvtAmt: obj({ Amt: money(), CcyOfTrf: str('ccy', 3) }) }),
        ChrgBr: chargeBearer,
        CdtrAgt: agent,
        Cdtr: party,
        CdtrAcct: account,
        Purp: purpose,
        RgltryRptg: regulatory,
        SplmtryData: obj({
          Envlp: obj({
            Doc: obj({ PyeeRcvAmt: amount, PyeeFinSvcsPrvdrFee: obj({ Amt: money(true) }), PyeeFinSvcsPrvdrComssn: obj({ Amt: money(true) }) }),
          }),
        }),
      }),
    }),
    SplmtryData: obj({ Envlp: obj({ Doc: obj({ InitgPty: obj({ Glctn: glctn }) }) }) }),
  }),
});

const pacs008: Node = obj({
  'TxTp?': str('text', 40),
  FIToFICstmrCdtTrf: obj({
    GrpHdr: obj({ MsgId: id(128), CreDtTm: str('datetime', 40), NbOfTxs: int(), SttlmInf: obj({ SttlmMtd: str('code', 4, ['INDA', 'INGA', 'COVE', 'CLRG']) }) }),
    CdtTrfTxInf: obj({
      PmtId: obj({ InstrId: id(), EndToEndId: id(128) }),
      IntrBkSttlmAmt: amount,
      InstdAmt: amount,
      'XchgRate?': str('rate', 32),
      ChrgBr: chargeBearer,
      ChrgsInf: charges,
      InitgPty: party,
      Dbtr: party,
      DbtrAcct: account,
      DbtrAgt: agent,
      CdtrAgt: agent,
      Cdtr: party,
      CdtrAcct: account,
      Purp: purpose,
      'InstgAgt?': optionalAgent,
      'InstdAgt?': optionalAgent,
    }),
    RgltryRptg: regulatory,
    RmtInf: obj({ Ustrd: str('text', 140) }),
    SplmtryData: obj({ Envlp: obj({ Doc: obj({ InitgPty: obj({ Glctn: glctn }), Xprtn: str('datetime', 40) }) }) }),
  }),
});

const pacs002: Node = obj({
  'TxTp?': str('text', 40),
  FIToFIPmtSts: obj({
    GrpHdr: obj({ MsgId: id(128), CreDtTm: str('datetime', 40) }),
    TxInfAndSts: obj({
      OrgnlInstrId: id(),
      OrgnlEndToEndId: id(128),
      TxSts: str('code', 4, TX_STATUS_CODES),
      ChrgsInf: arr(charges),
      AccptncDtTm: str('datetime', 40),
      InstgAgt: agent,
      InstdAgt: agent,
    }),
  }),
});

export const SCHEMAS: Readonly<Record<MessageType, Node>> = {
  'pain.001.001.11': pain001,
  'pain.013.001.09': pain013,
  'pacs.008.001.10': pacs008,
  'pacs.002.001.12': pacs002,
};

/**
 * The members ISO 20022 itself makes mandatory (and that Ringwatch needs to map a transfer), for
 * standard XML such as CBPR+ or CIPS: Tazama's extra requirements (birth dates, mobile numbers,
 * supplementary data, clearing-member ids…) become optional. Accounts may be given by IBAN.
 */
const ISO_KEEP: Readonly<Record<MessageType, readonly string[]>> = {
  'pacs.008.001.10': [
    'GrpHdr', 'GrpHdr.MsgId', 'GrpHdr.CreDtTm', 'GrpHdr.NbOfTxs', 'GrpHdr.SttlmInf', 'GrpHdr.SttlmInf.SttlmMtd',
    'CdtTrfTxInf', 'CdtTrfTxInf.PmtId', 'CdtTrfTxInf.PmtId.EndToEndId', 'CdtTrfTxInf.IntrBkSttlmAmt', 'CdtTrfTxInf.ChrgBr',
    'CdtTrfTxInf.Dbtr', 'CdtTrfTxInf.DbtrAcct', 'CdtTrfTxInf.DbtrAcct.Id', 'CdtTrfTxInf.DbtrAgt', 'CdtTrfTxInf.DbtrAgt.FinInstnId',
    'CdtTrfTxInf.Cdtr', 'CdtTrfTxInf.CdtrAcct', 'CdtTrfTxInf.CdtrAcct.Id', 'CdtTrfTxInf.CdtrAgt', 'CdtTrfTxInf.CdtrAgt.FinInstnId',
  ],
  'pacs.002.001.12': ['GrpHdr', 'GrpHdr.MsgId', 'GrpHdr.CreDtTm', 'TxInfAndSts', 'TxInfAndSts.OrgnlEndToEndId', 'TxInfAndSts.TxSts'],
  'pain.001.001.11': [
    'GrpHdr', 'GrpHdr.MsgId', 'GrpHdr.CreDtTm', 'GrpHdr.NbOfTxs', 'GrpHdr.InitgPty',
    'PmtInf', 'PmtInf.PmtInfId', 'PmtInf.PmtMtd', 'PmtInf.ReqdExctnDt', 'PmtInf.Dbtr', 'PmtInf.DbtrAcct', 'PmtInf.DbtrAcct.Id',
    'PmtInf.DbtrAgt', 'PmtInf.DbtrAgt.FinInstnId', 'PmtInf.CdtTrfTxInf', 'PmtInf.CdtTrfTxInf.PmtId', 'PmtInf.CdtTrfTxInf.PmtId.EndToEndId',
    'PmtInf.CdtTrfTxInf.Amt', 'PmtInf.CdtTrfTxInf.Amt.InstdAmt', 'PmtInf.CdtTrfTxInf.Cdtr', 'PmtInf.CdtTrfTxInf.CdtrAcct', 'PmtInf.CdtTrfTxInf.CdtrAcct.Id',
  ],
  'pain.013.001.09': [
    'GrpHdr', 'GrpHdr.MsgId', 'GrpHdr.CreDtTm', 'GrpHdr.NbOfTxs', 'GrpHdr.InitgPty',
    'PmtInf', 'PmtInf.PmtMtd', 'PmtInf.ReqdExctnDt', 'PmtInf.Dbtr', 'PmtInf.DbtrAcct', 'PmtInf.DbtrAcct.Id', 'PmtInf.DbtrAgt', 'PmtInf.DbtrAgt.FinInstnId',
    'PmtInf.CdtTrfTxInf', 'PmtInf.CdtTrfTxInf.PmtId', 'PmtInf.CdtTrfTxInf.PmtId.EndToEndId', 'PmtInf.CdtTrfTxInf.Amt', 'PmtInf.CdtTrfTxInf.Amt.InstdAmt',
    'PmtInf.CdtTrfTxInf.Cdtr', 'PmtInf.CdtTrfTxInf.CdtrAcct', 'PmtInf.CdtTrfTxInf.CdtrAcct.Id', 'PmtInf.CdtTrfTxInf.CdtrAgt', 'PmtInf.CdtTrfTxInf.CdtrAgt.FinInstnId',
  ],
};

/** Inside any member that is present, these stay required: an Othr's Id, the amount of an amount. */
const ALWAYS = /(^|\.)(Othr\.Id|InstdAmt\.Amt|IntrBkSttlmAmt\.Amt|EqvtAmt\.Amt|PyeeRcvAmt\.Amt|ChrgsInf\.Amt|PyeeFinSvcsPrvdrFee\.Amt|PyeeFinSvcsPrvdrComssn\.Amt)$/;

function isoSchema(type: MessageType): Node {
  const root = ROOT[type];
  const keep = new Set(['TxTp', root, ...ISO_KEEP[type].map((p) => `${root}.${p}`)]);
  return relax(SCHEMAS[type], (p) => keep.has(p) || ALWAYS.test(p));
}

/** The schemas of standard ISO 20022 messages (the XML routes): ISO's mandatory members only. */
export const ISO_SCHEMAS: Readonly<Record<MessageType, Node>> = {
  'pain.001.001.11': isoSchema('pain.001.001.11'),
  'pain.013.001.09': isoSchema('pain.013.001.09'),
  'pacs.008.001.10': isoSchema('pacs.008.001.10'),
  'pacs.002.001.12': isoSchema('pacs.002.001.12'),
};
