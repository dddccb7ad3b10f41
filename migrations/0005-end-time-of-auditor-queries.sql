-- end time of auditor queries
-- when an auditor query ended (for a timed-out query, when the interrupt stopped it)
alter table query_audit_log add column finished_at timestamptz;
