/** Messages of Tazama's JSON dialect, built the way its generator fills them, for tests and benches. */

export interface PaymentSpec {
  e2e: string;
  msgId?: string;
  debtor?: string;
  creditor?: string;
  amount?: number | string;
  ccy?: string;
  time?: string;
  debtorAgent?: string;
  creditorAgent?: string;
}

const party = (name: string, id: string) => ({
  Nm: name,
  Id: {
    PrvtId: {
      DtAndPlcOfBirth: { BirthDt: '1968-02-01', CityOfBirth: 'Unknown', CtryOfBirth: 'ZZ' },
      Othr: [{ Id: id, SchmeNm: { Prtry: 'TAZAMA_EID' } }],
    },
  },
  CtctDtls: { MobNb: '+27-730975224' },
});
const account = (id: string, name: string) => ({ Id: { Othr: [{ Id: id, SchmeNm: { Prtry: 'MSISDN' } }] }, Nm: name });
const agent = (mmb: string) => ({ FinInstnId: { ClrSysMmbId: { MmbId: mmb } } });
const glctn = { Lat: '-3.1609', Long: '38.3588' };

function defaults(s: PaymentSpec): Required<PaymentSpec> {
  return {
    msgId: `M-${s.e2e}`, debtor: 'DEBTOR1', creditor: 'CREDITOR1', amount: 310.25, ccy: 'USD', time: '2026-03-01T10:00:00.000Z',
    debtorAgent: 'dfsp001', creditorAgent: 'dfsp002',
    ...(Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as PaymentSpec),
  };
}

const parties = (p: Required<PaymentSpec>) => ({
  Dbtr: party('April Blake Grant', p.debtor),
  DbtrAcct: account(`+27-${p.debtor}`, 'April Grant'),
  DbtrAgt: agent(p.debtorAgent),
});

export function pain001(spec: PaymentSpec): Record<string, unknown> {
  const p = defaults(spec);
  return {
    TxTp: 'pain.001.001.11',
    CstmrCdtTrfInitn: {
      GrpHdr: { MsgId: p.msgId, CreDtTm: p.time, NbOfTxs: 1, InitgPty: party('April Blake Grant', p.debtor) },
      PmtInf: {
        PmtInfId: `P-${p.e2e}`, PmtMtd: 'TRA',
        ReqdAdvcTp: { DbtAdvc: { Cd: 'ADWD', Prtry: 'Advice with transaction details' } },
        ReqdExctnDt: { Dt: p.time.slice(0, 10), DtTm: p.time },
        ...parties(p),
        CdtTrfTxInf: {
          PmtId: { EndToEndId: p.e2e },
          PmtTpInf: { CtgyPurp: { Prtry: 'TRANSFER BLANK' } },
          Amt: { InstdAmt: { Amt: { Amt: p.amount, Ccy: p.ccy } }, EqvtAmt: { Amt: { Amt: p.amount, Ccy: p.ccy }, CcyOfTrf: p.ccy } },
          ChrgBr: 'DEBT',
          CdtrAgt: agent(p.creditorAgent),
          Cdtr: party('Felicia Easton Quill', p.creditor),
          CdtrAcct: account(`+27-${p.creditor}`, 'Felicia Quill'),
          Purp: { Cd: 'MP2P' },
          RgltryRptg: { Dtls: { Tp: 'BALANCE OF PAYMENTS', Cd: '100' } },
          RmtInf: { Ustrd: 'Payment of USD 310.25 from April to Felicia' },
          SplmtryData: {
            Envlp: {
              Doc: {
                Dbtr: { FrstNm: 'April', MddlNm: 'Blake', LastNm: 'Grant', MrchntClssfctnCd: 'BLANK' },
                Cdtr: { FrstNm: 'Felicia', MddlNm: 'Easton', LastNm: 'Quill', MrchntClssfctnCd: 'BLANK' },
                DbtrFinSvcsPrvdrFees: { Ccy: p.ccy, Amt: 0 },
                Xprtn: '2026-03-01T10:05:00.000Z',
              },
            },
          },
        },
      },
      SplmtryData: { Envlp: { Doc: { InitgPty: { InitrTp: 'CONSUMER', Glctn: glctn } } } },
    },
  };
}

export function pain013(spec: PaymentSpec): Record<string, unknown> {
  const p = defaults({ ...spec, msgId: spec.msgId ?? `R-${spec.e2e}` });
  return {
    TxTp: 'pain.013.001.09',
    CdtrPmtActvtnReq: {
      GrpHdr: { MsgId: p.msgId, CreDtTm: p.time, NbOfTxs: 1, InitgPty: party('April Blake Grant', p.debtor) },
      PmtInf: {
        PmtInfId: `P-${p.e2e}`, PmtMtd: 'TRA',
        ReqdAdvcTp: { DbtAdvc: { Cd: 'ADWD', Prtry: 'Advice with transaction details' } },
        ReqdExctnDt: { DtTm: p.time },
        XpryDt: { DtTm: '2026-03-01T10:05:00.000Z' },
        ...parties(p),
        CdtTrfTxInf: {
          PmtId: { EndToEndId: p.e2e },
          PmtTpInf: { CtgyPurp: { Prtry: 'TRANSFER BLANK' } },
          Amt: { InstdAmt: { Amt: { Amt: p.amount, Ccy: p.ccy } }, EqvtAmt: { Amt: { Amt: p.amount, Ccy: p.ccy }, CcyOfTrf: p.ccy } },
          ChrgBr: 'DEBT',
          CdtrAgt: agent(p.creditorAgent),
          Cdtr: party('Felicia Easton Quill', p.creditor),
          CdtrAcct: account(`+27-${p.creditor}`, 'Felicia Quill'),
          Purp: { Cd: 'MP2P' },
          RgltryRptg: { Dtls: { Tp: 'BALANCE OF PAYMENTS', Cd: '100' } },
          SplmtryData: {
            Envlp: {
              Doc: {
                PyeeRcvAmt: { Amt: { Amt: p.amount, Ccy: p.ccy } },
                PyeeFinSvcsPrvdrFee: { Amt: { Amt: 0, Ccy: p.ccy } },
                PyeeFinSvcsPrvdrComssn: { Amt: { Amt: 0, Ccy: p.ccy } },
              },
            },
          },
        },
      },
      SplmtryData: { Envlp: { Doc: { InitgPty: { Glctn: glctn } } } },
    },
  };
}

export function pacs008(spec: PaymentSpec): Record<string, unknown> {
  const p = defaults({ ...spec, msgId: spec.msgId ?? `T-${spec.e2e}` });
  return {
    TxTp: 'pacs.008.001.10',
    FIToFICstmrCdtTrf: {
      GrpHdr: { MsgId: p.msgId, CreDtTm: p.time, NbOfTxs: 1, SttlmInf: { SttlmMtd: 'CLRG' } },
      CdtTrfTxInf: {
        PmtId: { InstrId: `I-${p.e2e}`, EndToEndId: p.e2e },
        IntrBkSttlmAmt: { Amt: { Amt: p.amount, Ccy: p.ccy } },
        InstdAmt: { Amt: { Amt: p.amount, Ccy: p.ccy } },
        ChrgBr: 'DEBT',
        ChrgsInf: { Amt: { Amt: 0, Ccy: p.ccy }, Agt: agent(p.debtorAgent) },
        InitgPty: party('April Blake Grant', p.debtor),
        ...parties(p),
        CdtrAgt: agent(p.creditorAgent),
        Cdtr: party('Felicia Easton Quill', p.creditor),
        CdtrAcct: account(`+27-${p.creditor}`, 'Felicia Quill'),
        Purp: { Cd: 'MP2P' },
      },
      RgltryRptg: { Dtls: { Tp: 'BALANCE OF PAYMENTS', Cd: '100' } },
      RmtInf: { Ustrd: 'Payment of USD 310.25 from April to Felicia' },
      SplmtryData: { Envlp: { Doc: { InitgPty: { Glctn: glctn }, Xprtn: '2026-03-01T10:05:00.000Z' } } },
    },
  };
}

export function pacs002(spec: { e2e: string; msgId?: string; status?: string; time?: string }): Record<string, unknown> {
  const time = spec.time ?? '2026-03-01T10:00:02.000Z';
  return {
    TxTp: 'pacs.002.001.12',
    FIToFIPmtSts: {
      GrpHdr: { MsgId: spec.msgId ?? `S-${spec.e2e}-${spec.status ?? 'ACCC'}`, CreDtTm: time },
      TxInfAndSts: {
        OrgnlInstrId: `I-${spec.e2e}`,
        OrgnlEndToEndId: spec.e2e,
        TxSts: spec.status ?? 'ACCC',
        ChrgsInf: [
          { Amt: { Amt: 0, Ccy: 'USD' }, Agt: agent('dfsp001') },
          { Amt: { Amt: 0, Ccy: 'USD' }, Agt: agent('dfsp002') },
        ],
        AccptncDtTm: time,
        InstgAgt: agent('dfsp001'),
        InstdAgt: agent('dfsp002'),
      },
    },
  };
}

export const BUILDERS = {
  'pain.001.001.11': pain001,
  'pain.013.001.09': pain013,
  'pacs.008.001.10': pacs008,
  'pacs.002.001.12': (s: PaymentSpec) => pacs002({ e2e: s.e2e, msgId: s.msgId }),
} as const;

const ROOTS: Record<string, string> = {
  'pain.001.001.11': 'CstmrCdtTrfInitn', 'pain.013.001.09': 'CdtrPmtActvtnReq', 'pacs.008.001.10': 'FIToFICstmrCdtTrf', 'pacs.002.001.12': 'FIToFIPmtSts',
};

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const isMoney = (v: unknown): v is { Amt: unknown; Ccy: string } =>
  !!v && typeof v === 'object' && Object.keys(v).sort().join() === 'Amt,Ccy' && typeof (v as { Ccy: unknown }).Ccy === 'string';

function element(name: string, v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => element(name, x)).join('');
  if (isMoney(v)) return `<${name} Ccy="${esc(v.Ccy)}">${esc(String(v.Amt))}</${name}>`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Object.keys(o).length === 1 && isMoney(o.Amt) && name !== 'Amt') return element(name, o.Amt);
    return `<${name}>${Object.entries(o).map(([k, x]) => element(k, x)).join('')}</${name}>`;
  }
  return `<${name}>${esc(String(v))}</${name}>`;
}

/** The ISO 20022 XML of a JSON-dialect message: amounts as Ccy attributes, arrays as repeated elements. */
export function toXml(type: string, body: Record<string, unknown>, prefix = ''): string {
  const root = ROOTS[type];
  const inner = element(root, body[root]);
  const ns = `urn:iso:std:iso:20022:tech:xsd:${type}`;
  if (!prefix) return `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="${ns}">${inner}</Document>`;
  const prefixed = inner.replace(/<(\/?)([A-Za-z])/g, `<$1${prefix}:$2`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Envelope><AppHdr><BizMsgIdr>x</BizMsgIdr></AppHdr><${prefix}:Document xmlns:${prefix}="${ns}">${prefixed}</${prefix}:Document></Envelope>`;
}

/** A standard pacs.008.001.10 as a CBPR+ sender writes it: IBANs, BICs, no Tazama extras. */
export function cbprPacs008(e2e: string, amount = '15250.00', ccy = 'EUR'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Envelope>
  <AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02"><BizMsgIdr>B-${e2e}</BizMsgIdr><MsgDefIdr>pacs.008.001.08</MsgDefIdr></AppHdr>
  <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.10">
    <FIToFICstmrCdtTrf>
      <GrpHdr>
        <MsgId>C-${e2e}</MsgId>
        <CreDtTm>2026-03-02T09:30:00+01:00</CreDtTm>
        <NbOfTxs>1</NbOfTxs>
        <SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf>
      </GrpHdr>
      <CdtTrfTxInf>
        <PmtId><InstrId>I-${e2e}</InstrId><EndToEndId>${e2e}</EndToEndId><UETR>8a562c67-ca16-48ba-b074-65581be6f011</UETR></PmtId>
        <IntrBkSttlmAmt Ccy="${ccy}">${amount}</IntrBkSttlmAmt>
        <IntrBkSttlmDt>2026-03-02</IntrBkSttlmDt>
        <ChrgBr>SHAR</ChrgBr>
        <InstgAgt><FinInstnId><BICFI>DEUTDEFFXXX</BICFI></FinInstnId></InstgAgt>
        <InstdAgt><FinInstnId><BICFI>BNPAFRPPXXX</BICFI></FinInstnId></InstdAgt>
        <Dbtr><Nm>Muster GmbH</Nm><Id><OrgId><LEI>506700GE1G29325QX363</LEI></OrgId></Id></Dbtr>
        <DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>
        <DbtrAgt><FinInstnId><BICFI>DEUTDEFFXXX</BICFI></FinInstnId></DbtrAgt>
        <CdtrAgt><FinInstnId><BICFI>BNPAFRPPXXX</BICFI></FinInstnId></CdtrAgt>
        <Cdtr><Nm>Exemple SARL</Nm></Cdtr>
        <CdtrAcct><Id><IBAN>FR1420041010050500013M02606</IBAN></Id></CdtrAcct>
        <Purp><Cd>SUPP</Cd></Purp>
        <RmtInf><Ustrd>Invoice 2026-118</Ustrd></RmtInf>
      </CdtTrfTxInf>
    </FIToFICstmrCdtTrf>
  </Document>
</Envelope>`;
}
