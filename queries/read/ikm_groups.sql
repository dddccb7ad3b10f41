-- read/ikm_groups: the IKM by respondent group (gender, age band, education, occupation) or by the
-- service time of the respondent's case (within or over its quota, or no case linked).
-- Grain: group (one row per group with responses; "—" where the survey left the field empty).
-- Parameters: $by ('gender', 'age', 'education', 'occupation', 'service_time'); $period_type; $office
-- ('' = every office); $service ('' = the office-wide responses, 'each' = the responses of every
-- service, else a service code); $period ('' = every period).
-- Units: ikm_converted 25–100, the IKM rule of ikm_summary (macros ikm_nrr, ikm_index) over the
-- group's responses; grade as ikm_summary's. Both null for a group under 5 respondents (hidden).
-- Read by src/read/ikm.ts: GET /api/ikm/groups.
with
responses as (
    select
        r.*,
        case $by
            when 'gender' then coalesce(r.gender, '—')
            when 'age' then case when r.age is null then '—' when r.age < 25 then '≤ 24' when r.age < 35 then '25–34'
                when r.age < 45 then '35–44' when r.age < 55 then '45–54' else '≥ 55' end
            when 'education' then coalesce(r.education, '—')
            when 'occupation' then coalesce(r.occupation, '—')
            when 'service_time' then case when c.within_quota then 'dalam_baku_mutu'
                when c.within_quota = false then 'melebihi_baku_mutu' else 'tanpa_berkas' end
        end as grp
    from ikm_responses() as r
    left join case_sla as c on c.office = r.office and c.case_id = r.case_id
    where r.period_type = $period_type
        and ($office = '' or r.office = $office)
        and case $service when '' then r.service is null when 'each' then r.service is not null
            else r.service = $service end
        and ($period = '' or r.period = $period)
),

scores as (unpivot responses on u1, u2, u3, u4, u5, u6, u7, u8, u9 into name unsur value score),

nrr as (select grp, unsur, ikm_nrr(score) as nrr from scores group by grp, unsur),

idx as (select grp, ikm_index(nrr) * 25 as ikm_converted from nrr group by grp),

n as (select grp, count(*) as respondents from responses group by grp)

select
    n.grp as "group",
    n.respondents,
    case when n.respondents >= 5 then idx.ikm_converted end as ikm_converted,
    case when n.respondents >= 5 then ikm_grade(idx.ikm_converted) end as grade
from n
left join idx using (grp)
order by n.grp
