-- PATCH /api/tasks/{id} {"completion":true,"priority":"low","description":"patched <n>"}: the statements
-- one request sends (bench/sql/README.md); the body changes the row every time, so it is written
\set u random(0, :users - 1)
\set uid :first_user + :u
\set tid :first_task + :u * :per_user + random(0, :per_user - 1)
\set jti random(1, 1000000000)
\set sid random(1, 1000000000)
-- the bearer token's account, password version, revocation and session (AccessTokenRevocations.isValid), autocommit
SELECT u.password_version, u.administrator, u.email_verified, EXISTS (SELECT 1 FROM revoked_access_tokens r WHERE r.jti = :jti) OR (:sid <> 0 AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = :sid AND s.user_id = u.id)) AS revoked FROM users u WHERE u.id = :uid;
\set completion true
BEGIN;
-- TaskStore.findForUpdate: the row, locked until commit
select t1_0.id,t1_0.completion,t1_0.created_at,t1_0.description,t1_0.due_date,t1_0.priority,t1_0.title,t1_0.updated_at,t1_0.user_id,t1_0.version from tasks t1_0 where t1_0.id=:tid and t1_0.user_id=:uid for no key update \gset t_
\set next_version :t_version + 1
-- Hibernate's update of the changed entity, every column, checked against the version read
update tasks set completion=:completion,description=:description,due_date=:t_due_date,priority=:low,title=:t_title,updated_at=:now,version=:next_version where id=:tid and version=:t_version;
COMMIT;
