"""courtbook's webhook service: PaymentIntents, Connect onboarding, signed Stripe webhooks."""
