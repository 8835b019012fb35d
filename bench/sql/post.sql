-- POST /api/tasks: the statements one request sends (bench/sql/README.md)
\set u random(0, :users - 1)
\set uid :first_user + :u
\set tid :first_task + :u * :per_user + random(0, :per_user - 1)
\set jti random(1, 1000000000)
\set sid random(1, 1000000000)
-- the bearer token's account, password version, revocation and session (AccessTokenRevocations.isValid), autocommit
SELECT u.password_version, u.administrator, u.email_verified, EXISTS (SELECT 1 FROM revoked_access_tokens r WHERE r.jti = :jti) OR (:sid <> 0 AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = :sid AND s.user_id = u.id)) AS revoked FROM users u WHERE u.id = :uid;
\set completion false
\set version 0
BEGIN;
-- TaskStore.lockTaskCount: the owner's quota row, locked until commit
INSERT INTO task_counts (user_id, tasks) VALUES (:uid, 0) ON CONFLICT (user_id) DO UPDATE SET tasks = task_counts.tasks RETURNING tasks;
-- TaskStore.insert (Hibernate persist, IDENTITY id)
insert into tasks (completion,created_at,description,due_date,priority,title,updated_at,user_id,version) values (:completion,:now,:description,:due,:high,:title,:now,:uid,:version) RETURNING *;
COMMIT;
