-- ikm_summary: the IKM (Indeks Kepuasan Masyarakat) per service and office, PermenPANRB 14/2017.
-- Grain: office × service × period (service null: the office, all responses pooled).
-- Units: ikm = Σ nrr / 9 over the nine elements (1–4 scale, exact: integer sums, no rounding
-- before the end; should nobody in the period answer an element, the weight is 1 / the number of
-- elements answered, shown in `elements`); ikm_converted = ikm × 25 (25–100), unrounded; ikm_converted_rounded half-up to
-- 2 decimals; grade A ≥ 88,31 (Sangat Baik), B ≥ 76,61 (Baik), C ≥ 65,00 (Kurang Baik), else D
-- (Tidak Baik), on the rounded value. respondents = responses in the period. population = cases
-- with ready_at in the period (office time, from case_sla); required_sample = Krejcie–Morgan
-- (rounded to the nearest integer); sample_adequate = respondents ≥ required_sample.
-- ci_low/ci_high: 95% interval of ikm_converted by the normal approximation on the respondents'
-- own converted scores (25 × the mean of the elements they answered): ± 1,96 · sd / √n; null
-- below two respondents. ikm_converted_w0111: the variant with the printed weight 0,111 (shown
-- beside, never used for the grade). weakest_unsur: the three elements with the lowest nrr.
-- Inputs: ikm_by_unsur, survey_responses (ikm_responses()), case_sla, offices.
with
elements as (select * from ikm_by_unsur),
responses as (select * from ikm_responses()),
cases as (select office, service, ready_at from case_sla where ready_at is not null),
offices as (select * from offices),

indexed as (
    select
        office,
        service,
        period_type,
        period,
        -- the weight is 1 / the number of elements (9; fewer only if nobody answered one)
        ikm_index(nrr) as ikm,
        count(*) as elements,
        sum(nrr) * 0.111 * 25 as ikm_converted_w0111,
        list(unsur order by nrr, unsur)[1:3] as weakest_unsur,
        bool_or(follow_up) as any_element_follow_up
    from elements
    group by office, service, period_type, period
),

respondents as (
    select
        office,
        service,
        period_type,
        period,
        count(*) as respondents,
        stddev_samp(25 * list_avg([u1, u2, u3, u4, u5, u6, u7, u8, u9])) as sd
    from responses
    group by office, service, period_type, period
),

-- ready cases per local month first (a month lies in one period of every type), then per period
case_months as (
    select
        c.office,
        c.service,
        cast(date_trunc('month', local_ts(c.ready_at, o.utc_offset_min, o.timezone)) as date) as month,
        count(*) as n
    from cases as c
    join offices as o on o.office = c.office
    group by all
),

population as (
    select
        c.office,
        case when w.office_wide then null else c.service end as service,
        p.period_type,
        period_label(p.period_type, c.month) as period,
        cast(sum(c.n) as bigint) as population
    from case_months as c
    cross join (values ('month'), ('quarter'), ('semester'), ('year')) as p(period_type)
    cross join (values (false), (true)) as w(office_wide)
    group by all
),

final as (
    select
        i.office,
        i.service,
        i.period_type,
        i.period,
        r.respondents,
        i.ikm,
        i.ikm * 25 as ikm_converted,
        ikm_round(i.ikm * 25) as ikm_converted_rounded,
        ikm_grade(i.ikm * 25) as grade,
        ikm_label(ikm_grade(i.ikm * 25)) as label,
        coalesce(p.population, 0) as population,
        krejcie_morgan(coalesce(p.population, 0)) as required_sample,
        r.respondents >= krejcie_morgan(coalesce(p.population, 0)) as sample_adequate,
        case when r.respondents >= 2 then i.ikm * 25 - 1.96 * r.sd / sqrt(r.respondents) end as ci_low,
        case when r.respondents >= 2 then i.ikm * 25 + 1.96 * r.sd / sqrt(r.respondents) end as ci_high,
        i.ikm_converted_w0111,
        ikm_grade(i.ikm * 25) in ('C', 'D') as follow_up,
        i.weakest_unsur,
        i.any_element_follow_up,
        i.elements
    from indexed as i
    join respondents as r
        on r.office = i.office and r.service is not distinct from i.service and r.period_type = i.period_type and r.period = i.period
    left join population as p
        on p.office = i.office and p.service is not distinct from i.service and p.period_type = i.period_type and p.period = i.period
)

select * from final
