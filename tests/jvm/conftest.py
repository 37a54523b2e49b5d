"""The JVM tier (`make test-jvm`): tests marked `jvm` start real Kafka processes.

The Python suite (`make test`) deselects them (`-m "not jvm"` in pyproject.toml);
`make test-jvm` selects only them. Maven resolves the pinned jars once into its
own cache; each session builds jvm/ only when its pom or a source changed.
"""

from __future__ import annotations

import pytest

from .kafka import build_classpath


@pytest.fixture(scope="session")
def classpath() -> str:
    return build_classpath()
