"""Every error numeriq reports lives in its stage's errors module, under its stage's base."""

from __future__ import annotations

import importlib
import pkgutil

import numeriq
from numeriq import NumeriqError

STAGES = ("sources", "newsroom", "editions", "audience", "delivery", "desk", "ops")


def _every_subclass(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_every_subclass(sub)}
    return found


def _import_everything() -> None:
    for module in pkgutil.walk_packages(numeriq.__path__, "numeriq."):
        if ".migrations" not in module.name and not module.name.endswith((".wsgi", ".urls")):
            importlib.import_module(module.name)


def test_every_numeriq_error_lives_in_its_stage_s_errors_module() -> None:
    _import_everything()
    errors = _every_subclass(NumeriqError)
    assert len(errors) > 25
    misplaced = {
        cls.__qualname__: cls.__module__
        for cls in errors
        if cls.__module__.split(".")[1] not in STAGES
        or cls.__module__ != f"numeriq.{cls.__module__.split('.')[1]}.errors"
    }
    assert misplaced == {}


def test_each_stage_s_errors_derive_from_its_base() -> None:
    _import_everything()
    for stage in STAGES:
        module = importlib.import_module(f"numeriq.{stage}.errors")
        classes = [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, NumeriqError)
            and value.__module__ == module.__name__
        ]
        bases = [cls for cls in classes if cls.__bases__ == (NumeriqError,)]
        assert len(bases) == 1, (stage, bases)
        assert all(issubclass(cls, bases[0]) for cls in classes)
        # The tree in the docstring names every error of the module.
        assert all(cls.__name__ in (module.__doc__ or "") for cls in classes), stage


def test_errors_carry_their_data() -> None:
    from numeriq.desk.errors import EditConflictError, NotEditableError
    from numeriq.editions.errors import HeaderInjectionError

    error = HeaderInjectionError("Subject", "a\\nb")
    assert (error.name, error.value) == ("Subject", "a\\nb")
    assert isinstance(error, NumeriqError)
    assert EditConflictError.status == NotEditableError.status == 409
