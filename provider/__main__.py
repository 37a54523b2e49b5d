"""The component provider: hosts the streaming platform's components for every Pulumi language.

The Pulumi CLI starts this with the engine's address; the SDK infers the schema
from the components' type annotations (committed as provider/schema.json).
`serve` is the SDK's `component_provider_host` with refused inputs sent as the
`pulumi.RunError`s they are (printed without a traceback).
"""

import sys

from streaming_platform.provider import serve

if __name__ == "__main__":
    serve(sys.argv[1:])
