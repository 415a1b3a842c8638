/**
 * Surname data: compound surnames, and the customary spellings Hong Kong (HKID) and Taiwan (ROC
 * passport) registers use for common surnames, keyed by the traditional form. Facts, written by hand.
 */

/** Two-character surnames (simplified and traditional forms). */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳', '歐陽', '司马', '司馬', '诸葛', '諸葛', '上官', '皇甫', '尉迟', '尉遲', '东方', '東方', '令狐', '慕容', '司徒', '夏侯',
  '公孙', '公孫', '西门', '西門', '长孙', '長孫', '宇文', '轩辕', '軒轅', '端木', '独孤', '獨孤', '南宫', '南宮', '闻人', '聞人',
  '百里', '呼延', '澹台', '公冶', '赫连', '赫連', '万俟', '萬俟', '钟离', '鍾離', '濮阳', '濮陽', '太史', '申屠', '张简', '張簡',
  '范姜', '司空', '左丘', '谷梁', '穀梁', '拓跋', '第五', '梁丘', '乐正', '樂正', '羊舌', '微生', '公羊', '漆雕', '仲孙', '仲孫',
];

function table(spec: string): ReadonlyMap<string, string[]> {
  const m = new Map<string, string[]>();
  for (const item of spec.trim().split(/\s+/)) {
    const [han, spellings] = item.split('=');
    m.set(han, spellings.split('/'));
  }
  return m;
}

/** HKID spellings (first is the most usual). Multi-syllable spellings use "_" between syllables. */
export const HK_SURNAMES = table(`
陳=chan 張=cheung 黃=wong 李=lee/li 林=lam 劉=lau 吳=ng 謝=tse 何=ho 梁=leung 楊=yeung 周=chow/chau 鄭=cheng 王=wong
郭=kwok 馬=ma 羅=law/lo 蔡=choi/tsoi 麥=mak 朱=chu 胡=wu 葉=yip 徐=tsui 許=hui 曾=tsang 區=au 鄧=tang 馮=fung 曹=tso/cho
蘇=so 彭=pang 潘=poon/pun 袁=yuen 余=yu/yue 盧=lo/lou 孫=suen/sun 莫=mok 姚=yiu 鍾=chung 甘=kam 江=kong 關=kwan 鄺=kwong
傅=fu/foo 嚴=yim 龍=lung 雷=lui 呂=lui/lu 黎=lai 賴=lai 石=shek 施=sze 譚=tam 湯=tong 唐=tong 田=tin 韋=wai 魏=ngai 溫=wan
尹=wan 易=yik 邱=yau 丘=yau 游=yau 翁=yung 容=yung 阮=yuen 戴=tai 鄒=chau 廖=liu 陸=luk 凌=ling 岑=sum/shum 文=man 方=fong
范=fan 洪=hung 孔=hung 霍=fok 伍=ng 古=koo/ku 顧=koo/ku 高=ko 侯=hau 植=chik 卓=cheuk 祝=chuk 邵=shiu 蕭=siu 沈=shum/sum
岳=ngok 聶=nip 杜=to 陶=to 董=tung 萬=man 程=ching 成=shing 崔=tsui 褚=chu 錢=chin 薛=sit 車=che 常=sheung 宋=sung 秦=chun
殷=yan 金=kam 向=heung 郝=kok 賀=ho 倪=ngai 童=tung 柯=or/o 簡=kan 鮑=pau 熊=hung 包=pau 任=yam 畢=pat 郁=yuk 巫=mo
勞=lo 練=lin 韓=hon 于=yu 饒=yiu 竇=tau 歐=au 賈=ka 葛=kot 官=kwun 紀=kei 單=sin 戚=chik 龐=pong 招=chiu 趙=chiu 鄔=wu
白=pak 衛=wai 穆=muk 盛=shing 藍=lam 邢=ying 翟=chak 夏=ha 姜=keung 康=hong 牛=ngau 史=sze 金=kam 冼=sin 鄘=yung 湛=cham
歐陽=au_yeung 司徒=szeto/sze_to 上官=sheung_kwun 諸葛=chu_kot 皇甫=wong_po 司馬=sze_ma 東方=tung_fong 令狐=ling_wu 慕容=mo_yung
夏侯=ha_hau 公孫=kung_suen 尉遲=wai_chi 西門=sai_mun 長孫=cheung_suen 宇文=yu_man 端木=tuen_muk 獨孤=tuk_ku 南宮=nam_kung
`);

/** ROC-passport (Wade-Giles based) spellings. */
export const TW_SURNAMES = table(`
陳=chen 林=lin 黃=huang 張=chang 李=lee/li 王=wang 吳=wu 劉=liu 蔡=tsai 楊=yang 許=hsu 鄭=cheng 謝=hsieh 洪=hung 郭=kuo
邱=chiu 曾=tseng 廖=liao 賴=lai 徐=hsu 周=chou 葉=yeh 蘇=su 莊=chuang 呂=lu/lyu 江=chiang 何=ho 蕭=hsiao 羅=lo 高=kao 潘=pan
簡=chien 朱=chu 鍾=chung 游=yu/yu 彭=peng 詹=chan 胡=hu 施=shih 沈=shen 余=yu 盧=lu 梁=liang 趙=chao 顏=yen 柯=ko 翁=weng
魏=wei 孫=sun 戴=tai 范=fan 方=fang 宋=sung 鄧=teng 杜=tu 傅=fu 侯=hou 曹=tsao 薛=hsueh 丁=ting 卓=cho 阮=juan 馬=ma
董=tung 溫=wen 唐=tang 藍=lan 石=shih 蔣=chiang 古=ku 紀=chi 姚=yao 連=lien 馮=feng 歐=ou 程=cheng 湯=tang 田=tien
康=kang 姜=chiang 白=pai 汪=wang 鄒=tsou 尤=yu 巫=wu 鐘=chung 黎=li 涂=tu 龔=kung 嚴=yen 韓=han 袁=yuan 金=chin 童=tung
陸=lu 夏=hsia 柳=liu 凃=tu 邵=shao 錢=chien 伍=wu 倪=ni 于=yu 譚=tan 駱=lo 熊=hsiung 任=jen 甘=kan 秦=chin 顧=ku 毛=mao
章=chang 史=shih 官=kuan 萬=wan 俞=yu 雷=lei 粘=nien 饒=jao 曾=tseng 龍=lung 易=yi 常=chang 殷=yin 祝=chu 管=kuan 孔=kung
張簡=chang_chien 歐陽=ou_yang 司馬=ssu_ma 諸葛=chu_ko 上官=shang_kuan 范姜=fan_chiang 司徒=ssu_tu 東方=tung_fang 皇甫=huang_fu
`);
