"""AWS regions as the installed botocore knows them (its endpoints data: every
partition's regions), to refuse a mistyped `aws:region` before any resource.

Without botocore (a user of the package who has not installed it) nothing is
checked: the AWS provider then refuses an unknown region at `pulumi up`.
"""

from __future__ import annotations

import difflib
import functools

from ..validation import Problems


@functools.cache
def known_regions() -> tuple[str, ...] | None:
    """Every region of every partition botocore's endpoints data lists (None: no botocore)."""
    try:
        import botocore
        import botocore.loaders
    except ImportError:
        return None
    data = botocore.loaders.create_loader().load_data("endpoints")
    return tuple(sorted({region for partition in data["partitions"] for region in partition["regions"]}))


def check_region(key: str, region: str | None, problems: Problems) -> None:
    """Refuse a region botocore does not know, with the closest ones it does."""
    regions = known_regions()
    if regions is None or region is None or region in regions:
        return
    import botocore

    close = difflib.get_close_matches(str(region), regions, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    problems.add(
        key,
        region,
        f"not an AWS region (the {len(regions)} regions botocore {botocore.__version__} knows){hint} "
        "(pulumi config set aws:region <region>)",
    )
