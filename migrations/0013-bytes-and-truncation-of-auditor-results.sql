-- bytes and truncation of auditor results
-- what an auditor query sent (issue #23): bytes of the encoded result, and why it stopped short
alter table query_audit_log add column bytes_returned bigint;
alter table query_audit_log add column truncated varchar;        -- rows | bytes; null = complete
