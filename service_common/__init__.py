"""What courtbook's three processes (pgrst, the webhook service, the worker) share:
one JSON log format (`jsonlog`) and one Stripe configuration (`stripe_config`)."""
