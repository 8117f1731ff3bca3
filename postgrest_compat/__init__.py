"""What the gateway (pgrst) and the webhook service must answer exactly as PostgREST does.

One module per rule, imported by both: `errors` (the error body and the
`RAISE SQLSTATE 'PGRST'` translation) and `jwt` (token verification with
PostgREST's codes and messages). The production webhook image ships this
package; it does not depend on the local gateway.
"""
