#!/usr/bin/env bash
# Point the local Stripe's webhooks at the webhook service, signed with
# STRIPE_WEBHOOK_SECRET, once localstripe answers.
source "$(dirname "$0")/lib.sh"
load_env

base="http://127.0.0.1:${LOCALSTRIPE_PORT}"
target="http://${WEBHOOK_HOST}:${WEBHOOK_PORT}/stripe/webhook"
for _ in $(seq 1 50); do
  if curl -fsS -o /dev/null -X POST "$base/_config/webhooks/courtbook" \
       --data-urlencode "url=$target" --data-urlencode "secret=$STRIPE_WEBHOOK_SECRET"; then
    log "local Stripe sends its webhooks to $target"
    exit 0
  fi
  sleep 0.2
done
die "localstripe did not answer on $base"
