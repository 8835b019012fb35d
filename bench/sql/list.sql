-- GET /api/tasks?limit=10: the statements one request sends (bench/sql/README.md)
\set u random(0, :users - 1)
\set uid :first_user + :u
\set tid :first_task + :u * :per_user + random(0, :per_user - 1)
\set jti random(1, 1000000000)
\set sid random(1, 1000000000)
-- the bearer token's account, password version, revocation and session (AccessTokenRevocations.isValid), autocommit
SELECT u.password_version, u.administrator, u.email_verified, EXISTS (SELECT 1 FROM revoked_access_tokens r WHERE r.jti = :jti) OR (:sid <> 0 AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = :sid AND s.user_id = u.id)) AS revoked FROM users u WHERE u.id = :uid;
-- TaskStore.page: the first page, one row more than the limit to know whether another follows; autocommit
\set after 0
\set rows 11
select t1_0.id,t1_0.completion,t1_0.created_at,t1_0.description,t1_0.due_date,t1_0.priority,t1_0.title,t1_0.updated_at,t1_0.user_id,t1_0.version from tasks t1_0 where t1_0.user_id=:uid and t1_0.id>:after order by t1_0.id fetch first :rows rows only;
