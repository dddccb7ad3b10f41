-- office target of the share within quota
-- the share of cases within quota an office promises itself (issue #25): an office setting of the
-- catalogue, not a regulation; 90% unless the office says otherwise
alter table offices add column within_quota_target double default 0.9;
update offices set within_quota_target = 0.9 where within_quota_target is null;
