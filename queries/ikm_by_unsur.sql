-- ikm_by_unsur: the nine elements (unsur) of the satisfaction survey, PermenPANRB 14/2017.
-- Grain: office × service × period × unsur (service null: all the office's responses pooled;
-- period_type month, quarter, semester, year by the local date of submission).
-- Units: respondents = responses that answered the element; score_sum an integer; nrr =
-- score_sum / respondents (1–4 scale, unrounded); nrr_weighted = nrr / 9 (the exact weight);
-- grade of the element from nrr × 25 rounded half-up to 2 decimals (A ≥ 88,31, B ≥ 76,61,
-- C ≥ 65,00, else D), the same bands as the IKM (NI 3,5324 / 3,0644 / 2,60 on the 1–4 scale).
-- follow_up: graded C or D, needs a rencana tindak lanjut.
-- Inputs: survey_responses, offices (ikm_responses()).
with
responses as (select * from ikm_responses()),

scores as (
    unpivot responses on u1, u2, u3, u4, u5, u6, u7, u8, u9 into name unsur_code value score
),

names as (
    select * from (values
        (1, 'Persyaratan'),
        (2, 'Sistem, mekanisme dan prosedur'),
        (3, 'Waktu penyelesaian'),
        (4, 'Biaya/tarif'),
        (5, 'Produk spesifikasi jenis pelayanan'),
        (6, 'Kompetensi pelaksana'),
        (7, 'Perilaku pelaksana'),
        (8, 'Penanganan pengaduan, saran dan masukan'),
        (9, 'Sarana dan prasarana')
    ) as n(unsur, unsur_name)
),

final as (
    select
        s.office,
        s.service,
        s.period_type,
        s.period,
        cast(substr(s.unsur_code, 2) as integer) as unsur,
        any_value(n.unsur_name) as unsur_name,
        count(*) as respondents,
        cast(sum(s.score) as bigint) as score_sum,
        ikm_nrr(s.score) as nrr,
        ikm_nrr(s.score) / 9 as nrr_weighted,
        ikm_grade(25.0 * sum(s.score) / count(*)) as grade,
        ikm_grade(25.0 * sum(s.score) / count(*)) in ('C', 'D') as follow_up
    from scores as s
    join names as n on n.unsur = cast(substr(s.unsur_code, 2) as integer)
    group by s.office, s.service, s.period_type, s.period, s.unsur_code
)

select * from final
