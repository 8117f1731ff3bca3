"""Requests checked against Stripe's own description of its API (issue 14, item 8).

The stripe library ships the parameters of every API method as TypedDicts
generated from Stripe's OpenAPI description (`stripe.params`:
`PaymentIntentCreateParams`, `RefundCreateParams`, ..., with
`__required_keys__`/`__optional_keys__` and nested TypedDicts for nested
parameters). `problems()` checks one request as it went over the wire (the form
body or query the library encoded, e.g. ``transfer_data[destination]=acct_1``)
against the definition of its endpoint: an unknown parameter at any depth, a
missing required one, or a value of the wrong kind (not an integer, not
``true``/``false``, not one of the allowed values, a list or object where a
scalar belongs) is a problem. A request to an endpoint missing from ENDPOINTS is
a problem too, so a new Stripe call cannot go unchecked.

Reuse (any test that records Stripe requests, e.g. with
tests/support/stripe_recorder.RecordingHTTPClient)::

    from tests.support.stripe_params import assert_valid_requests
    assert_valid_requests(recorder.requests)

`calls_in_code()` lists every `client.v1.<resource>.<method>_async(...)` the
webhook service and the worker make, so a test can require that each was
exercised (`endpoint_of`).
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import stripe.params as P
from stripe._request_options import RequestOptions
from stripe._stripe_context import StripeContext

ROOT = Path(__file__).resolve().parents[2]
ID = r"[A-Za-z0-9_]+"

# (HTTP method, path pattern) → the definition of its parameters, and the
# `client.v1` call that sends it (resource, method).
ENDPOINTS: list[tuple[str, re.Pattern[str], type, tuple[str, str]]] = [
    ("post", re.compile(r"^/v1/customers$"), P.CustomerCreateParams, ("customers", "create")),
    (
        "delete",
        re.compile(rf"^/v1/customers/{ID}$"),
        P.CustomerDeleteParams,
        ("customers", "delete"),
    ),
    (
        "post",
        re.compile(r"^/v1/payment_intents$"),
        P.PaymentIntentCreateParams,
        ("payment_intents", "create"),
    ),
    (
        "get",
        re.compile(r"^/v1/payment_intents$"),
        P.PaymentIntentListParams,
        ("payment_intents", "list"),
    ),
    (
        "get",
        re.compile(rf"^/v1/payment_intents/{ID}$"),
        P.PaymentIntentRetrieveParams,
        ("payment_intents", "retrieve"),
    ),
    (
        "post",
        re.compile(rf"^/v1/payment_intents/{ID}$"),
        P.PaymentIntentUpdateParams,
        ("payment_intents", "update"),
    ),
    (
        "post",
        re.compile(rf"^/v1/payment_intents/{ID}/confirm$"),
        P.PaymentIntentConfirmParams,
        ("payment_intents", "confirm"),
    ),
    (
        "post",
        re.compile(rf"^/v1/payment_intents/{ID}/cancel$"),
        P.PaymentIntentCancelParams,
        ("payment_intents", "cancel"),
    ),
    (
        "post",
        re.compile(r"^/v1/ephemeral_keys$"),
        P.EphemeralKeyCreateParams,
        ("ephemeral_keys", "create"),
    ),
    ("post", re.compile(r"^/v1/accounts$"), P.AccountCreateParams, ("accounts", "create")),
    (
        "get",
        re.compile(rf"^/v1/accounts/{ID}$"),
        P.AccountRetrieveParams,
        ("accounts", "retrieve"),
    ),
    (
        "post",
        re.compile(r"^/v1/account_links$"),
        P.AccountLinkCreateParams,
        ("account_links", "create"),
    ),
    ("post", re.compile(r"^/v1/refunds$"), P.RefundCreateParams, ("refunds", "create")),
    ("get", re.compile(r"^/v1/refunds$"), P.RefundListParams, ("refunds", "list")),
    (
        "get",
        re.compile(rf"^/v1/refunds/{ID}$"),
        P.RefundRetrieveParams,
        ("refunds", "retrieve"),
    ),
    (
        "get",
        re.compile(rf"^/v1/charges/{ID}$"),
        P.ChargeRetrieveParams,
        ("charges", "retrieve"),
    ),
    (
        "get",
        re.compile(rf"^/v1/disputes/{ID}$"),
        P.DisputeRetrieveParams,
        ("disputes", "retrieve"),
    ),
]
# Request options, not parameters: never part of the body or the query.
OPTION_KEYS = frozenset(RequestOptions.__required_keys__ | RequestOptions.__optional_keys__)


def endpoint_of(method: str, path: str) -> tuple[type, tuple[str, str]] | None:
    for m, pattern, params, call in ENDPOINTS:
        if m == method.lower() and pattern.match(path):
            return params, call
    return None


def unflatten(flat: dict[str, str]) -> dict[str, Any]:
    """``{"a[b][0]": "x"}`` → ``{"a": {"b": ["x"]}}``, as Stripe decodes the form."""
    tree: dict[str, Any] = {}
    for key, value in flat.items():
        m = re.fullmatch(r"([^\[\]]+)((?:\[[^\[\]]*\])*)", key)
        if not m:
            tree[key] = value
            continue
        parts = [m.group(1), *re.findall(r"\[([^\[\]]*)\]", m.group(2))]
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node[parts[-1]] = value

    def lists(node: Any) -> Any:
        if isinstance(node, dict):
            node = {k: lists(v) for k, v in node.items()}
            if node and all(k.isdigit() for k in node):
                return [node[k] for k in sorted(node, key=int)]
        return node

    return lists(tree)


def _hints(cls: type) -> dict[str, Any]:
    """The parameters of a definition and their types (request options left out)."""
    hints: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        if base is RequestOptions or "__annotations__" not in vars(base):
            continue
        module = vars(__import__(base.__module__, fromlist=["_"]))
        for key, tp in vars(base)["__annotations__"].items():
            if key in OPTION_KEYS:
                continue
            ref = typing.ForwardRef(tp) if isinstance(tp, str) else tp
            tp = typing._eval_type(ref, module, {"StripeContext": StripeContext})  # type: ignore[attr-defined]
            while typing.get_origin(tp) in (typing.NotRequired, typing.Required):
                tp = typing.get_args(tp)[0]
            hints[key] = tp
    return hints


def _is_typed_dict(tp: Any) -> bool:
    return isinstance(tp, type) and hasattr(tp, "__required_keys__")


def _kind_problems(tp: Any, value: Any, where: str) -> list[str]:
    """Problems of `value` (as decoded from the form) against the type `tp`."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    untyped = origin if origin is not None else tp
    if tp is Any or getattr(untyped, "__name__", "") == "UntypedStripeObject":
        return []
    if origin in (typing.Union, types.UnionType):
        found = [_kind_problems(a, value, where) for a in args]
        if any(not f for f in found):
            return []
        return [f"{where}: {value!r} fits none of {', '.join(p for f in found for p in f)}"]
    if origin is typing.Literal or str(origin).endswith("Literal"):
        return [] if value in args else [f"{where}: {value!r} is not one of {list(args)}"]
    if _is_typed_dict(tp):
        if not isinstance(value, dict):
            return [f"{where}: expected an object, got {value!r}"]
        return _object_problems(tp, value, where)
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: expected a list, got {value!r}"]
        return [p for i, v in enumerate(value) for p in _kind_problems(args[0], v, f"{where}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{where}: expected a map, got {value!r}"]
        return [p for k, v in value.items() for p in _kind_problems(args[1], v, f"{where}[{k}]")]
    if isinstance(value, dict | list):
        return [f"{where}: expected a {getattr(tp, '__name__', tp)}, got {value!r}"]
    if tp is bool:
        return [] if value in ("true", "false") else [f"{where}: {value!r} is not a boolean"]
    if tp is int:
        return [] if re.fullmatch(r"-?\d+", value) else [f"{where}: {value!r} is not an integer"]
    if tp is float:
        ok = re.fullmatch(r"-?\d+(\.\d+)?", value)
        return [] if ok else [f"{where}: {value!r} is not a number"]
    if tp is str:
        return []
    return [f"{where}: no rule for {tp}"]


def _object_problems(cls: type, value: dict[str, Any], where: str) -> list[str]:
    hints = _hints(cls)
    out: list[str] = []

    def named(key: str) -> str:
        return f"{where}[{key}]" if where else key

    for key in sorted(set(cls.__required_keys__) - OPTION_KEYS - set(value)):  # type: ignore[attr-defined]
        out.append(f"{named(key)}: required by {cls.__name__}, missing")
    for key, v in value.items():
        name = named(key)
        if key not in hints:
            out.append(f"{name}: not a parameter of {cls.__name__}")
            continue
        out.extend(_kind_problems(hints[key], v, name))
    return out


def problems(method: str, path: str, params: dict[str, str]) -> list[str]:
    """What is wrong with one request by Stripe's description (empty: valid)."""
    found = endpoint_of(method, path)
    if found is None:
        return [f"{method.upper()} {path}: no Stripe definition known (add it to ENDPOINTS)"]
    cls, _ = found
    return [f"{method.upper()} {path}: {p}" for p in _object_problems(cls, unflatten(params), "")]


def assert_valid_requests(requests: Iterable[Any]) -> int:
    """Every recorded request (objects with method, path, params) is valid; returns how many."""
    checked = list(requests)
    bad = [p for r in checked for p in problems(r.method, r.path, r.params)]
    assert not bad, "requests Stripe's API description refuses:\n" + "\n".join(bad)
    return len(checked)


CALL = re.compile(r"\.v1\.([a-z_]+)\.([a-z_]+?)(?:_async)?\(")


def calls_in_code(dirs: Iterable[str] = ("webhook", "worker")) -> set[tuple[str, str]]:
    """Every `client.v1.<resource>.<method>(...)` call in the services' code."""
    found: set[tuple[str, str]] = set()
    for d in dirs:
        for path in (ROOT / d).rglob("*.py"):
            found.update(CALL.findall(path.read_text()))
    return found
