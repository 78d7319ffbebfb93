import type { Rng } from './random.ts';

/**
 * Vocabulary for plausible Chinese names: people, trade names, residential compounds and the buildings inside
 * sites. Trade names are built from two character lists, so hundreds of companies per city stay distinct.
 */

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红云峰海波宁飞亮斌新龙凯文博志宏晓东晨阳雪梅燕丹琳鑫浩宇鹏程';

const TRADE_FIRST = '鑫恒华泰瑞金宏盛嘉永安新天中汇博德正信福隆昌兴宇通润康众立广鲁齐海';
const TRADE_SECOND = '源泰达丰诚祥通远信和安盛利辉晟邦力成兴宇佳业运泽新鼎创捷锐';

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.chars(GIVEN, rng.chance(0.7) ? 2 : 1);
}

/** A mainland mobile number, 11 digits. */
export function mobilePhone(rng: Rng): string {
  return rng.pick(['135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '176', '177', '186', '187', '188', '189']) + rng.chars('0123456789', 8);
}

/** A two-character trade name (字号) such as 恒泰 or 鑫源. */
export function tradeWord(rng: Rng): string {
  const a = rng.pick(TRADE_FIRST);
  let b = rng.pick(TRADE_SECOND);
  while (b === a) b = rng.pick(TRADE_SECOND);
  return a + b;
}

const CN_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 1–99 in Chinese numerals, as in 第十二中学. */
export function chineseNumber(n: number): string {
  if (n <= 10) return CN_DIGITS[n];
  const tens = Math.floor(n / 10);
  return (tens === 1 ? '' : CN_DIGITS[tens]) + '十' + CN_DIGITS[n % 10];
}

const COMPOUND_FIRST = [
  '阳光', '锦绣', '翡翠', '名士', '鲁能', '海尔', '万科', '保利', '中海', '绿地', '碧桂园', '华润', '龙湖', '中建', '雅居', '书香',
  '御景', '金色', '滨河', '东方', '盛世', '丽景', '和谐', '幸福', '紫薇', '玉兰', '翠湖', '凤凰', '世纪', '春天', '文华', '海岸',
  '明珠', '泰和', '银河', '绿城', '融创', '新城', '香格里拉', '水岸', '山水', '恒大', '金域', '西城', '南山', '北辰', '鲁商', '高新',
];
const COMPOUND_SUFFIX = [
  '花园', '小区', '家园', '名苑', '公馆', '华府', '领秀城', '山海湾', '新城', '雅苑', '嘉园', '府', '御府', '一品', '国际社区', '锦苑',
  '天地', '星城', '尚城', '蓝湾', '壹号院', '悦府', '翰林苑', '城市花园', '滨江苑', '学府',
];

/** A residential compound (小区) name; older stock more often carries a work-unit dormitory name. */
export function compoundName(rng: Rng, road: string): string {
  const r = rng.next();
  if (r < 0.08) return `${road}${rng.int(1, 200)}号院`;
  if (r < 0.13) return `${rng.pick(['机床厂', '纺织厂', '电业局', '铁路', '供销社', '粮食局', '化工厂', '交通局'])}宿舍`;
  return rng.pick(COMPOUND_FIRST) + rng.pick(COMPOUND_SUFFIX);
}

/** Names of the buildings inside a non-residential site, by place kind: an elevator's address ends with one. */
export const BUILDING_WORDS = {
  residential: ['会所', '商业楼', '地下车库'],
  school: ['教学楼', '实验楼', '图书馆', '行政楼', '学生公寓', '食堂', '综合楼'],
  hospital: ['门诊楼', '住院部', '医技楼', '急诊楼', '综合楼', '病房楼'],
  mall: ['东区', '西区', '中庭', '北区', '南区'],
  office: ['A座', 'B座', 'C座', '主楼', '裙楼'],
  hotel: ['主楼', '裙楼', '东楼', '西楼'],
  transport: ['候车大厅', '站厅层', '出站口', '进站口', '南广场', '北广场'],
  industrial: ['1号厂房', '2号厂房', '3号厂房', '仓库', '办公楼', '车间'],
  other: ['主楼', '东楼', '西楼', '附楼'],
} as const;
