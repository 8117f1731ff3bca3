"""What one request carries through the endpoints, and the headers every answer shares."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from pgrst.auth import AuthResult
from pgrst.config import Config
from pgrst.prefer import Preferences
from pgrst.responses import Header
from pgrst.schema_cache import SchemaCache


@dataclass
class ReqCtx:
    request: Request
    method: str
    path: str  # the request.path GUC: the path as sent
    auth: AuthResult
    schema: str
    profile_header: bool
    prefs: Preferences
    cache: SchemaCache
    config: Config

    @property
    def query_string(self) -> str:
        return self.request.scope["query_string"].decode("latin-1")

    @property
    def head(self) -> bool:
        return self.method == "HEAD"

    def profile_headers(self) -> list[Header]:
        """Content-Profile when a profile header was sent or several schemas are served."""
        if self.profile_header or len(self.config.db_schemas) > 1:
            return [("Content-Profile", self.schema)]
        return []

    def applied(self, kinds: set[str]) -> list[Header]:
        """Preference-Applied for the preferences of `kinds` this request honoured."""
        if not self.config.tx_allow_override:
            kinds = kinds - {"tx"}
        val = self.prefs.applied(kinds)
        return [("Preference-Applied", val)] if val else []

    def tx_rollback(self) -> bool:
        if self.config.tx_allow_override:
            tx = self.prefs.get("tx")
            if tx is not None:
                return tx == "rollback"
        return self.config.tx_default_rollback
