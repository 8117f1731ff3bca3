"""delete_stripe_customer(customer_id): a deleted account's Stripe customer goes
too (issue 15: account deletion erases the personal data, and Stripe keeps the
customer's email and saved cards).

The job is deferred by a trigger in the transaction that deletes the account
(sql/jobs/delete_stripe_customer.sql), after that transaction erased the link.
Deleting a customer at Stripe is final and leaves its charges and refunds in
place (https://docs.stripe.com/api/customers/delete), so refunds of the
account's cancelled bookings are unaffected. A customer Stripe no longer knows
(deleted already, by an earlier attempt or in the dashboard) is done.
"""

from __future__ import annotations

import logging

import stripe
from procrastinate import RetryStrategy

from worker.blueprint import tasks
from worker.logging import log_event
from worker.stripe_client import client, is_transient

logger = logging.getLogger("worker.delete_stripe_customer")


class TransientDeleteError(Exception):
    """Stripe could not be asked right now; procrastinate retries the job."""


@tasks.task(
    name="delete_stripe_customer",
    queue="payments",
    pass_context=False,
    retry=RetryStrategy(
        max_attempts=8, exponential_wait=2, retry_exceptions=[TransientDeleteError]
    ),
)
async def delete_stripe_customer(customer_id: str) -> str:
    """`deleted`, `already_deleted` (Stripe answers resource_missing), or
    `delete_failed` (refused for another reason: logged for support)."""
    try:
        await client().v1.customers.delete_async(customer_id)
    except stripe.InvalidRequestError as exc:
        # Stripe answers a customer it no longer has with 404 (code resource_missing;
        # https://docs.stripe.com/api/errors: "404 - The requested resource doesn't exist").
        if exc.code == "resource_missing" or exc.http_status == 404:
            log_event(logger, logging.INFO, "stripe_customer_gone", customer_id=customer_id)
            return "already_deleted"
        log_event(
            logger,
            logging.ERROR,
            "stripe_customer_not_deleted",
            customer_id=customer_id,
            error=str(exc),
        )
        return "delete_failed"
    except stripe.StripeError as exc:
        if is_transient(exc):
            raise TransientDeleteError(str(exc)) from exc
        log_event(
            logger,
            logging.ERROR,
            "stripe_customer_not_deleted",
            customer_id=customer_id,
            error=str(exc),
        )
        return "delete_failed"
    log_event(logger, logging.INFO, "stripe_customer_deleted", customer_id=customer_id)
    return "deleted"
