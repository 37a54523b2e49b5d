"""Write the component provider's schema (provider/schema.json) from the components' annotations.

    python -m tools.provider_schema

The SDK's Analyzer infers it, as the provider does when the CLI starts it; a
test regenerates it and compares, so a type change that would break programs
in other languages shows up as a diff to review and commit.
"""

from __future__ import annotations

import json

from components import __version__
from components.provider import schema
from tools.mock_runner import ROOT

SCHEMA = ROOT / "provider" / "schema.json"


def rendered() -> str:
    return json.dumps(schema(__version__), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    SCHEMA.write_text(rendered())
    print(f"wrote {SCHEMA.relative_to(ROOT)}")
