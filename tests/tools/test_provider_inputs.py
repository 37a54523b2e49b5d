"""The provider's input types come from the models: each field is an input as it declares
(`offered`), or Python only with its reason; a field offered without a doc stops the generator."""

from __future__ import annotations

import dataclasses

import pytest

from components import provider_inputs
from components.model import Offered, declared, setting
from tools import provider_inputs as generator


def offered_fields(model: type, prefix: str = "") -> set[str]:
    """The inputs a model's declarations make (flattened fields under their own names)."""
    names: set[str] = set()
    for d in declared(model):
        offered = d.setting.offered
        if offered.python_only is not None:
            continue
        if offered.flatten is not None:
            names |= offered_fields(d.setting.model, prefix + offered.flatten)  # type: ignore[arg-type]
        else:
            names.add(prefix + (offered.name or d.name).split(".")[0])
    return names


@pytest.mark.parametrize("hosted", generator.HOSTED, ids=lambda h: h.name)
def test_each_input_is_a_field_its_model_offers(hosted: generator.Hosted) -> None:
    typed = getattr(provider_inputs, hosted.name)
    assert set(typed.__annotations__) == offered_fields(hosted.model)


@pytest.mark.parametrize("hosted", generator.HOSTED, ids=lambda h: h.name)
def test_every_field_other_languages_do_not_get_says_why(hosted: generator.Hosted) -> None:
    for d in declared(hosted.model):
        reason = d.setting.offered.python_only
        assert reason is None or len(reason) > 10, d.name


def test_a_field_offered_without_a_doc_stops_the_generator() -> None:
    @dataclasses.dataclass
    class Undocumented:
        size: int = setting(1, key="size", offered=Offered())

    with pytest.raises(SystemExit, match=r"Undocumented\.size is offered to other languages without a doc"):
        generator.description(Undocumented, declared(Undocumented)[0])


def test_a_nested_model_is_written_before_the_inputs_that_refer_to_it() -> None:
    text = generator.rendered()
    assert text.index("class AclRuleInput(") < text.index("class ScramUserInput(")
    assert text.index("class CapacityInput(") < text.index("class SnowflakeSinkConnectorInputs(")
