-- Macros shared by the SLA views (installed before them).

-- Working position of an instant t, given the working interval found for it by an ASOF join
-- (the last interval of the office with start_at <= t): the office's working minutes from the
-- start of its calendar up to t. Working minutes between a and b = position(b) − position(a).
create or replace macro work_pos(t, start_at, minutes, cum_start) as
    coalesce(cum_start + least(epoch_us(t) - epoch_us(start_at), minutes * 60e6) / 60e6, 0);

-- The instant at which an office's working position reaches pos, given the working interval found
-- for it by an ASOF join on cum_start (the last interval with cum_start < pos): the first instant
-- at which that many working minutes have passed; null past the end of the calendar.
create or replace macro work_instant(pos, start_at, minutes, cum_start) as
    case when pos <= cum_start + minutes
        then start_at + to_microseconds(cast(round((pos - cum_start) * 60e6) as bigint))
    end;

-- The part before working position pos of a pause island from position s to e (0 when the island
-- begins at or after pos).
create or replace macro paused_part(pos, s, e) as greatest(0, least(pos, e) - s);

-- Paused working minutes of a case before working position pos, given the case's pause islands
-- as a list of {s, e} positions: for every island, the part of it before pos.
create or replace macro paused_before(pos, islands) as
    coalesce(list_sum([paused_part(pos, i.s, i.e) for i in islands]), 0);

-- The share within quota, percent 0–100, of the items (cases or step visits) whose judgement w is known
-- (within_quota: true, false, or null when there is no quota or no judgement yet): the one rule of every
-- "tepat waktu" figure. An aggregate; to count only some rows give it `case when … then w end`
-- (a macro takes no FILTER clause).
create or replace macro share_within(w) as 100.0 * avg(case when w then 1.0 when not w then 0.0 end);

-- Durations are differences of positions (millions of minutes); round to the microsecond of a
-- minute so that a handling time equal to its quota compares equal.
create or replace macro minutes_round(x) as round(x, 6);

-- The explicit as-of instant of this session (SET VARIABLE sla_as_of = TIMESTAMPTZ '…'), or null.
create or replace macro sla_as_of() as cast(getvariable('sla_as_of') as timestamptz);

-- The as-of instant of every office: the explicit one, or the office's latest transition.
create or replace macro office_as_of() as table
    select office, coalesce(sla_as_of(), last_at) as as_of
    from office_extent;

-- The as-of instant of every office and its working position.
create or replace macro office_as_of_pos() as table
    select
        a.office,
        a.as_of,
        work_pos(a.as_of, w.start_at, w.minutes, w.cum_start) as as_of_pos
    from office_as_of() as a
    asof left join working_intervals as w
        on w.office = a.office and a.as_of >= w.start_at;

-- Local wall-clock TIMESTAMP of instant t in an office's zone: by its fixed offset when it has one
-- (offices.utc_offset_min), else through the time-zone database.
create or replace macro local_ts(t, utc_offset_min, tz) as
    case when utc_offset_min is not null
        then make_timestamp(epoch_us(t) + cast(utc_offset_min as bigint) * 60000000)
        else timezone(tz, t)
    end;

-- The instant of local wall-clock TIMESTAMP l in an office's zone (the inverse of local_ts): by the
-- fixed offset when the office has one (a per-row time-zone lookup costs ~1 s per million rows).
create or replace macro utc_of_local(l, utc_offset_min, tz) as
    case when utc_offset_min is not null
        then cast(make_timestamp(epoch_us(l) - cast(utc_offset_min as bigint) * 60000000) as timestamptz)
        else timezone(tz, l)
    end;

-- Label of the period of a local date: month '2026-03', quarter '2026-Q1', semester '2026-S1',
-- year '2026' (SPEC §3).
create or replace macro period_label(period_type, d) as
    case period_type
        when 'month' then strftime(d, '%Y-%m')
        when 'quarter' then strftime(d, '%Y') || '-Q' || quarter(d)
        when 'semester' then strftime(d, '%Y') || '-S' || case when month(d) <= 6 then 1 else 2 end
        else strftime(d, '%Y')
    end;

-- Krejcie–Morgan required sample for a population N (χ² = 3,841, P = 0,5, d = 0,05), rounded to
-- the nearest integer as the published table is (regulations.md §3).
create or replace macro krejcie_morgan(n) as
    case when n <= 0 then 0
        else cast(round(3.841 * n * 0.25 / (0.0025 * (n - 1) + 3.841 * 0.25)) as integer)
    end;

-- The IKM rule (PermenPANRB 14/2017), over any grouping of survey responses: the NRR of an
-- element is the mean of its scores (1–4: Σ score / the answers, unrounded); the index is the mean
-- of the elements' NRR (Σ nrr / the elements answered: the weight 1/9), × 25 for the converted
-- value. Aggregates: ikm_nrr over the scores of one element, ikm_index over the elements' nrr.
-- Used by ikm_by_unsur, ikm_summary and queries/read/ikm_groups.sql.
create or replace macro ikm_nrr(score) as sum(score) / count(*);
create or replace macro ikm_index(nrr) as sum(nrr) / count(*);

-- A converted IKM value (25–100) rounded half-up to 2 decimals, as published reports do; the
-- 1e-9 (of a hundredth) absorbs the binary rounding of an exact tie such as 88,305.
create or replace macro ikm_round(x) as floor(x * 100 + 0.5 + 1e-9) / 100;

-- Grade of a converted value (PermenPANRB 14/2017): A 88,31–100; B 76,61–88,30; C 65,00–76,60;
-- D 25,00–64,99, on the value rounded half-up to 2 decimals.
create or replace macro ikm_grade(x) as
    case when ikm_round(x) >= 88.31 then 'A' when ikm_round(x) >= 76.61 then 'B' when ikm_round(x) >= 65.00 then 'C' else 'D' end;

create or replace macro ikm_label(grade) as
    case grade when 'A' then 'Sangat Baik' when 'B' then 'Baik' when 'C' then 'Kurang Baik' else 'Tidak Baik' end;

-- Survey responses in every period of every period type, once per service and once office-wide
-- (service null: an office's IKM pools all its responses), with the local date of submission.
create or replace macro ikm_responses() as table
    select
        r.office,
        case when w.office_wide then null else r.service end as service,
        p.period_type,
        period_label(p.period_type, cast(local_ts(r.submitted_at, o.utc_offset_min, o.timezone) as date)) as period,
        r.response_id, r.case_id, r.gender, r.age, r.education, r.occupation,
        r.u1, r.u2, r.u3, r.u4, r.u5, r.u6, r.u7, r.u8, r.u9
    from survey_responses as r
    join offices as o on o.office = r.office
    cross join (values ('month'), ('quarter'), ('semester'), ('year')) as p(period_type)
    cross join (values (false), (true)) as w(office_wide)
    where w.office_wide or r.service is not null;

-- Stable pseudonym of a complainant (UU 27/2022): a keyed hash of the office, the name (trimmed,
-- lowercase) and the contact (lowercase, digits/letters/@/. only), so that the same person gets
-- the same pseudonym across complaints while the name cannot be guessed back without the key of
-- this database (app_secrets, never exposed). Null when the register gives neither.
create or replace macro complainant_pseudonym(office, name, contact) as
    case when name is not null or contact is not null then
        'ANON-' || upper(substr(sha256((select k.value from app_secrets as k where k.name = 'pseudonym_key') || chr(31) || office || chr(31)
            || lower(trim(coalesce(name, ''))) || chr(31) || regexp_replace(lower(coalesce(contact, '')), '[^0-9a-z@.]', '', 'g')), 1, 10))
    end;

-- The bottleneck's order (SPEC §2.3.9, revised), for arg_min(step, bottleneck_rank(…)) over the
-- office and external steps of a case or of a service's period: the largest total over_min
-- first; when no step is over, the largest total queue_min + handling_min (a step with over > 0
-- ranks on over alone); amounts rounded to 10⁻⁶ minute (floating-point noise must not pick a
-- step); ties to the earlier step (SOP seq, a step unknown to the version last, then its code).
create or replace macro bottleneck_rank(over, busy, seq, step) as {
    over: -round(coalesce(over, 0), 6),
    busy: -(case when round(coalesce(over, 0), 6) > 0 then 0 else round(coalesce(busy, 0), 6) end),
    unknown: seq is null,
    seq: seq,
    step: step
};

-- The kind's place among the transitions of one instant (SPEC §2.3.1, revised): resubmit, start,
-- complete, return, notify, collect, then cancel (7) after everything else of the instant. Used by
-- sla_transitions and the kartu kendali, so both list a case's transitions in one order.
create or replace macro event_kind_rank(event) as
    case event
        when 'resubmit' then 1 when 'start' then 2 when 'complete' then 3 when 'return' then 4
        when 'notify' then 5 when 'collect' then 6 else 7
    end;

-- A complaint stage's place in the register's order (SPEC §2.4): diterima first, selesai last.
create or replace macro complaint_stage_rank(stage) as
    list_position(['diterima', 'cek_administrasi', 'survei_lapangan', 'koordinasi_internal', 'koordinasi_instansi', 'selesai'], stage);
