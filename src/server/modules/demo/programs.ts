import type { Services } from '../../services.ts';
import type { Actor } from '../../access/actor.ts';
import type { AuditContext } from '../../audit/audit.ts';

const NON_STATE = { ownership: 'non_state' as const };

/**
 * The demo province's work programs. The 2023 program of the steering committee for non-state enterprises
 * is the one the seeds report ("6/6 key targets met or exceeded"); its achievements come out of the demo
 * records. The province's 2024 program (cascaded to the districts that existed then) and 2025 program are
 * partly achieved. Created before the 2025 reform, as a committee would have.
 */
export async function seedDemoPrograms(
  services: Services,
  actor: Actor,
  ctx: AuditContext,
  units: { province: number; steering: number; districts: number[] },
) {
  const { programs } = services;
  const target = (indicator: string, targetValue: string, filters = {}) => ({
    indicator,
    targetValue,
    direction: 'at_least' as const,
    filters,
  });

  await programs.create(
    actor,
    {
      unitId: units.steering,
      scopeUnitId: units.province,
      period: '2023',
      title:
        'Chương trình công tác năm 2023 — xây dựng tổ chức đảng, đoàn thể trong doanh nghiệp ngoài nhà nước',
      targets: [
        target('party.organizations_established', '3', NON_STATE),
        target('party.admissions', '80', NON_STATE),
        target('trade_union.bases_established', '15', NON_STATE),
        target('youth.bases_established', '13', NON_STATE),
        target('party.members', '1500', NON_STATE),
        target('trade_union.members', '35000', NON_STATE),
      ],
    },
    ctx,
  );

  const p2024 = await programs.create(
    actor,
    {
      unitId: units.province,
      period: '2024',
      title: 'Chương trình công tác xây dựng Đảng năm 2024',
      targets: [
        target('party.admissions', '420'),
        target('party.admissions', '240', { ageMax: 30 }),
        target('party.organizations_established', '3', NON_STATE),
        target('trade_union.bases_established', '8', NON_STATE),
        target('enterprises.with_party_share', '25', NON_STATE),
        target('training.courses_held', '40'),
      ],
    },
    ctx,
  );
  const targetIds = async (programId: number) =>
    (
      await services.db.query<{ id: number }>(
        `SELECT id FROM program_target WHERE program_id = $1 ORDER BY sort, id`,
        [programId],
      )
    ).map((r) => r.id);
  const t2024 = await targetIds(p2024.id);
  // The 420 admissions split among the districts, roughly by their size.
  const share = Math.floor(420 / units.districts.length);
  await programs.cascade(
    actor,
    t2024[0]!,
    {
      allocations: units.districts.map((unitId, i) => ({
        unitId,
        targetValue: String(i === 0 ? 420 - share * (units.districts.length - 1) : share),
      })),
    },
    ctx,
  );
  await programs.report(
    actor,
    t2024[5]!,
    { value: '42', reportedOn: '2024-12-20', source: 'Báo cáo tổng kết năm 2024 của Ban Tuyên giáo Tỉnh ủy' },
    ctx,
  );

  const p2025 = await programs.create(
    actor,
    {
      unitId: units.province,
      period: '2025',
      title: 'Chương trình công tác xây dựng Đảng năm 2025',
      targets: [
        target('party.admissions', '480'),
        target('party.members', '18500'),
        target('trade_union.bases_established', '5', NON_STATE),
        target('youth.bases_established', '4', NON_STATE),
        target('enterprises.with_party_share', '30', NON_STATE),
        target('mobilization.models_registered', '120'),
      ],
    },
    ctx,
  );
  await programs.report(
    actor,
    (await targetIds(p2025.id))[5]!,
    {
      value: '134',
      reportedOn: '2025-12-15',
      source: 'Ban Dân vận Tỉnh ủy, tổng kết phong trào "Dân vận khéo" 2025',
    },
    ctx,
  );
}
