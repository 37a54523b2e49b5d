"""One entry per resource type (tools/resource_types.py): every registered type
has one (tests/tools/test_change.py runs every configuration), and each entry's
facts reach the tool that uses them."""

from __future__ import annotations

import pytest

from tests.components.test_naming import AUTONAMED
from tools import cost, deploy_graph, prices, replacements
from tools.resource_types import TYPES, CloudFormation, FixedPrice, Free, Priced


def test_every_usage_model_prices_some_type_and_every_named_one_exists() -> None:
    named = {entry.price.pricer for entry in TYPES.values() if isinstance(entry.price, Priced)}
    assert named == set(cost.USAGE_PRICERS)


@pytest.mark.parametrize(
    "token", [t for t, e in TYPES.items() if isinstance(e.price, FixedPrice)], ids=lambda t: t.split(":")[-1]
)
def test_a_flat_charge_names_a_price_of_the_book(token: str) -> None:
    price = TYPES[token].price
    assert isinstance(price, FixedPrice)
    assert price.book_key in prices.US_EAST_1, price.book_key


def test_the_tools_views_are_the_entries() -> None:
    assert set(replacements.RULES) == set(TYPES)
    assert set(cost.PRICERS) == {t for t, e in TYPES.items() if not isinstance(e.price, Free)}
    assert set(replacements.DATA_BEARING) == {t for t, e in TYPES.items() if e.data}
    assert set(deploy_graph.MUST_NOT_WAIT_FOR_CLUSTER) == {t for t, e in TYPES.items() if e.must_not_wait_for_cluster}
    assert deploy_graph.CREATE_MINUTES["aws:msk/cluster:Cluster"] == TYPES["aws:msk/cluster:Cluster"].create_minutes


def test_types_that_hold_data_are_the_stateful_ones() -> None:
    """The preview blocks or flags a replacement of these; a change here needs a reason."""
    assert set(replacements.DATA_BEARING) == {
        "aws:msk/cluster:Cluster",
        "aws:msk/topic:Topic",
        "aws:kms/key:Key",
        "aws:secretsmanager/secret:Secret",
        "tls:index/privateKey:PrivateKey",
        "snowflake:index/database:Database",
        "snowflake:index/schema:Schema",
    }


def test_every_aws_type_says_how_it_is_written_as_cloudformation() -> None:
    without = sorted(t for t, entry in TYPES.items() if t.startswith("aws:") and entry.cloudformation is None)
    assert without == []
    others = sorted(t for t, entry in TYPES.items() if not t.startswith("aws:") and entry.cloudformation is not None)
    assert others == [], "only AWS types have a CloudFormation resource"


def test_a_type_is_mapped_skipped_or_folded_exactly_once() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        CloudFormation(skipped="no such type", folded_into="AWS::S3::Bucket VersioningConfiguration")
    with pytest.raises(ValueError, match="exactly one"):
        CloudFormation(autoname="name")


def test_the_autonamed_types_are_the_ones_whose_names_are_checked_as_generated() -> None:
    autonamed = {t for t, entry in TYPES.items() if entry.cloudformation and entry.cloudformation.autoname}
    assert autonamed == set(AUTONAMED)
