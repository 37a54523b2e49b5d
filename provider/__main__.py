"""The component provider: hosts the streaming platform's components for every Pulumi language.

The Pulumi CLI starts this with the engine's address; the SDK infers the schema
from the components' type annotations (committed as provider/schema.json).
"""

from pulumi.provider.experimental import component_provider_host
from streaming_platform import __version__
from streaming_platform.provider import HOSTED, PACKAGE

if __name__ == "__main__":
    component_provider_host(HOSTED, name=PACKAGE, version=__version__)
