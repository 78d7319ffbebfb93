import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvCell } from '../../lib/csv.ts';
import type { AppContext } from '../../server/context.ts';
import type { Principal } from '../auth/principal.ts';
import { ELEVATOR_FIELDS } from './elevator-row.ts';
import { categoryName, PLACE_TYPE_ZH, STATUS_ZH, type PlaceType, type Status } from './elevators.domain.ts';
import * as repo from './elevators.repo.ts';
import type { ElevatorListQuery } from './elevators.schema.ts';
import { filterWithOrgs, scopeOf, toFilter } from './elevators.service.ts';

type ExportRow = Awaited<ReturnType<typeof repo.exportPage>>[number];

/** A record as template cells, so an exported file can be edited and imported back unchanged. */
function toCells(e: ExportRow): string[] {
  const byKey: Record<string, unknown> = {
    registrationCode: e.registration_code,
    equipmentCode: e.equipment_code,
    certificateNo: e.certificate_no,
    rescueCode: e.rescue_code,
    category: categoryName(e.category_code),
    regionCode: e.region_code,
    address: e.address,
    placeName: e.place_name,
    placeType: PLACE_TYPE_ZH[e.place_type as PlaceType] ?? e.place_type,
    useUnitName: e.use_unit_name,
    useUnitCreditCode: e.use_unit_credit_code,
    maintenanceName: e.maintenance_name,
    maintenanceCreditCode: e.maintenance_credit_code,
    maintenancePhone: e.maintenance_phone,
    manufacturerName: e.manufacturer_name,
    model: e.model,
    factoryNo: e.factory_no,
    manufactureDate: e.manufacture_date,
    commissioningDate: e.commissioning_date,
    registrationDate: e.registration_date,
    acceptanceDate: e.acceptance_date,
    status: STATUS_ZH[e.status as Status] ?? e.status,
    floors: e.floors,
    ratedSpeed: e.rated_speed,
    ratedLoad: e.rated_load,
    ascendingOverspeedProtection: e.ascending_overspeed_protection === null ? '' : e.ascending_overspeed_protection ? '有' : '无',
    longitude: e.longitude,
    latitude: e.latitude,
  };
  return ELEVATOR_FIELDS.map((f) => (byKey[f.key] === null || byKey[f.key] === undefined ? '' : String(byKey[f.key])));
}

async function* pages(ctx: AppContext, p: Principal, q: Partial<ElevatorListQuery>) {
  const scope = scopeOf(ctx, p);
  const f = await filterWithOrgs(ctx, toFilter(ctx, q));
  let after = '';
  for (;;) {
    const rows = await repo.exportPage(ctx.store.db, scope, f, after, 5000);
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1].registration_code;
    if (rows.length < 5000) return;
  }
}

/** UTF-8 CSV with BOM (Excel opens it as Chinese), streamed page by page. */
export function exportCsv(ctx: AppContext, p: Principal, q: Partial<ElevatorListQuery>): Readable {
  const out = new PassThrough();
  (async () => {
    out.write('\uFEFF' + ELEVATOR_FIELDS.map((f) => f.zh).join(',') + '\r\n');
    for await (const rows of pages(ctx, p, q)) {
      const text = rows.map((r) => toCells(r).map(csvCell).join(',')).join('\r\n') + '\r\n';
      if (!out.write(text)) await new Promise((r) => out.once('drain', r));
    }
    out.end();
  })().catch((err) => out.destroy(err));
  return out;
}

export function exportXlsx(ctx: AppContext, p: Principal, q: Partial<ElevatorListQuery>): Readable {
  const out = new PassThrough();
  (async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    const ws = wb.addWorksheet('电梯档案');
    ws.addRow(ELEVATOR_FIELDS.map((f) => f.zh)).commit();
    for await (const rows of pages(ctx, p, q)) for (const r of rows) ws.addRow(toCells(r)).commit();
    ws.commit();
    await wb.commit();
  })().catch((err) => out.destroy(err));
  return out;
}

const EXAMPLE_ROW: Record<string, string> = {
  registrationCode: '31103702002019060012',
  equipmentCode: '311010081201900321',
  certificateNo: '梯11鲁B00321(19)',
  rescueCode: '270321',
  category: '曳引驱动乘客电梯',
  regionCode: '370202',
  address: '山东省青岛市市南区香港中路66号3号楼2单元',
  placeName: '海悦花园',
  placeType: '住宅',
  useUnitName: '青岛海悦物业服务有限公司',
  useUnitCreditCode: '91370202MA3C4XY21G',
  maintenanceName: '青岛安达电梯工程有限公司',
  maintenanceCreditCode: '91370203MA3D5K7L24',
  maintenancePhone: '0532-85801234',
  manufacturerName: '日立电梯（中国）有限公司',
  model: 'HGP',
  factoryNo: 'H19A0321',
  manufactureDate: '2019-03-15',
  commissioningDate: '2019-06-20',
  registrationDate: '2019-07-02',
  acceptanceDate: '2019/6/10',
  status: '在用',
  floors: '18',
  ratedSpeed: '1.75',
  ratedLoad: '1000',
  ascendingOverspeedProtection: '有',
  longitude: '120.384512',
  latitude: '36.062187',
};

/** The import template: Chinese headers and one example row (credit codes are placeholders to replace). */
export async function template(format: 'csv' | 'xlsx'): Promise<Buffer> {
  const header = ELEVATOR_FIELDS.map((f) => f.zh);
  const example = ELEVATOR_FIELDS.map((f) => EXAMPLE_ROW[f.key] ?? '');
  if (format === 'csv') return Buffer.from('\uFEFF' + [header, example].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('电梯档案');
  ws.addRow(header);
  ws.addRow(example);
  ws.columns.forEach((c) => (c.width = 18));
  const notes = wb.addWorksheet('填写说明');
  notes.addRow(['字段', '说明']);
  for (const [k, v] of Object.entries(TEMPLATE_NOTES)) notes.addRow([k, v]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const TEMPLATE_NOTES: Record<string, string> = {
  注册代码: '20位数字：设备品种4位 + 登记机关区划6位 + 年月6位 + 流水号4位；重复导入按注册代码更新',
  设备品种: '代码（如 3110）或名称（如 曳引驱动乘客电梯）',
  所在区划代码: '县级行政区划代码或开发区代码（如 370202）；原莱芜市 3712xx 将映射到济南市',
  场所类别: '住宅/学校/医院/商场超市/交通场站/办公/宾馆/工业/其他',
  信用代码: '18位统一社会信用代码，校验位须正确；同名单位按信用代码匹配，不存在时自动建档',
  日期: 'YYYY-MM-DD 或 YYYY/M/D，不得晚于今天；制造日期不得晚于投入使用日期',
  设备状态: '在用/停用/报废/注销',
  上行超速保护: '有/无',
  额定速度: '单位 m/s',
  额定载重量: '单位 kg',
};
