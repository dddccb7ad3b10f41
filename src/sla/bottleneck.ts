/**
 * The period's bottleneck of a service (SPEC §2.3.9, revised), on every surface the same: among
 * the rows of a select of step figures (columns office, service, step, seq, clock,
 * over_min_total, queue_handling_min_total), the office or external step ranked first by the
 * macro `bottleneck_rank` of queries/_macros.sql — the one case_sla uses for a case's own.
 * Adds the boolean column `bottleneck`.
 */
export const markBottleneck = (select: string): string => `select x.*,
    x.step is not distinct from arg_min(case when x.clock <> 'applicant' then x.step end,
      bottleneck_rank(x.over_min_total, x.queue_handling_min_total, x.seq, x.step)) over (partition by x.office, x.service) as bottleneck
  from (${select}) x`;
