#!/usr/bin/env python3
"""Render deploy/nginx/templates/*.template the way the official nginx image does.

The image runs `envsubst` over /etc/nginx/templates/*.template with the names of the
defined environment variables that match NGINX_ENVSUBST_FILTER. This does the same
for the local stack, without needing gettext's envsubst, and is stricter: a
`${NAME}` that matches the filter but is not set is an error, not an empty string.

usage: render.py OUT_DIR [TEMPLATE ...]   (default: every template of templates/)
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_FILTER = r"^(DOMAIN|NGINX_[A-Z0-9_]+)$"
_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def render_text(text: str, env: Mapping[str, str], name_filter: str = DEFAULT_FILTER) -> str:
    """Substitute ${NAME} for every NAME matching `name_filter`; nginx's $vars stay."""
    wanted = re.compile(name_filter)
    missing: set[str] = set()

    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if not wanted.search(name):
            return match.group(0)
        if name not in env:
            missing.add(name)
            return match.group(0)
        return env[name]

    out = _REF.sub(sub, text)
    if missing:
        raise KeyError("unset template variables: " + ", ".join(sorted(missing)))
    return out


def render_file(template: Path, out_dir: Path, env: Mapping[str, str]) -> Path:
    name_filter = env.get("NGINX_ENVSUBST_FILTER") or DEFAULT_FILTER
    target = out_dir / template.name.removesuffix(".template")
    target.write_text(render_text(template.read_text(), env, name_filter))
    return target


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = Path(argv[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    templates = [Path(p) for p in argv[1:]] or sorted(TEMPLATES.glob("*.template"))
    try:
        for template in templates:
            render_file(template, out_dir, os.environ)
    except KeyError as exc:
        print(f"render.py: {exc.args[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
