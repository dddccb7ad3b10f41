-- read/services_without_step_quotas: the services whose SOP (its latest version) sets no quota on any
-- office or external step (issue #25 §4): their steps cannot run over quota.
-- Grain: office × service, by office then service.
-- Parameters: none.
-- Read by src/read/figures.ts (servicesWithoutStepQuotas): the pages say so instead of "nothing
-- over quota" and an empty chart.
with
latest as (select office, service, max(effective_from) as ef from sop_steps group by all)

select p.office, p.service
from sop_steps as p
inner join latest as l on l.office = p.office and l.service = p.service and l.ef = p.effective_from
group by p.office, p.service
having count(p.quota_min) filter (where p.clock <> 'applicant') = 0
order by p.office, p.service
