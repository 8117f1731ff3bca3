-- A procrastinate job exists exactly when the change that needs it committed:
-- these triggers defer the job inside the transaction that inserts the outbox
-- row, so a rolled-back cancellation leaves no refund job behind and a committed
-- one can never miss its job.
--
-- Jobs carry a `lock` (procrastinate runs at most one job per lock at a time),
-- never a `queueing_lock`: a unique violation here would abort the business
-- transaction that caused it.

create function internal.defer_job(queue_name text, task_name text, lock text, args jsonb)
returns bigint
language plpgsql volatile security definer
set search_path = procrastinate, pg_catalog
as $$
begin
  return (procrastinate.procrastinate_defer_jobs_v1(array[
    row(queue_name, task_name, 0, lock, null, args, null)::procrastinate.procrastinate_job_to_defer_v1
  ]))[1];
end
$$;
comment on function internal.defer_job(text, text, text, jsonb) is
  'Defers one procrastinate job in the current transaction (queue, task name, lock, task kwargs); returns the job id';
grant execute on function internal.defer_job(text, text, text, jsonb) to worker_service;

create function internal.defer_refund_job() returns trigger
language plpgsql volatile security definer
set search_path = procrastinate, pg_catalog
as $$
begin
  perform internal.defer_job('refunds', 'refund_payment', 'refund:' || new.id,
                             jsonb_build_object('refund_id', new.id));
  return null;
end
$$;
comment on function internal.defer_refund_job() is 'Trigger: a pending data.refund row gets its refund_payment job in the same transaction';

create trigger refund_defer_job
  after insert on data.refund
  for each row when (new.status = 'pending')
  execute function internal.defer_refund_job();

create function internal.defer_notification_job() returns trigger
language plpgsql volatile security definer
set search_path = procrastinate, pg_catalog
as $$
begin
  perform internal.defer_job('notifications', 'deliver_notification', 'notification:' || new.id,
                             jsonb_build_object('notification_id', new.id));
  return null;
end
$$;
comment on function internal.defer_notification_job() is 'Trigger: every data.notification row gets its deliver_notification job in the same transaction';

create trigger notification_defer_job
  after insert on data.notification
  for each row when (new.sent_at is null)
  execute function internal.defer_notification_job();
