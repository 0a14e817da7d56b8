"""`numeriq brief` (JSON Lines, streamed) and the LLM writer against a fake endpoint."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator

import pytest

from numeriq.cli import main
from numeriq.newsroom.briefing import brief_lines, offline_writer
from numeriq.newsroom.llm import LlmWriter
from numeriq.newsroom.titles import is_fragment
from numeriq.testing.llm import FakeLlm

ARTICLE = {
    "id": "a1",
    "title": "Telvia confie 30 % de ses appels à un robot",
    "url": "https://x.example/telvia",
    "text": (
        "L'opérateur Telvia confie désormais 30 % de ses conversations clients à un agent "
        "conversationnel, a annoncé l'entreprise lundi. Le temps d'attente moyen est passé "
        "de 9 à 3 minutes. « L'agent ne remplace personne, il trie les appels », assure "
        "Marc-Antoine Leroy, directeur de la relation client."
    ),
}


def test_brief_verb_streams_one_line_per_article(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Same order, same ids, bad lines answered with an error line, quotes with speakers."""
    lines = [
        json.dumps(ARTICLE),
        "not json",
        json.dumps({"id": 7, "text": "Cabasso recule. Le panier moyen baisse de 7 % sur un an."}),
        json.dumps([1, 2]),
        json.dumps({"id": "no-text"}),
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n\n"))
    assert main(["brief"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o.get("id") for o in out] == ["a1", None, 7, None, "no-text"]
    first = out[0]
    assert first["brief"].startswith("L'opérateur Telvia confie désormais 30 %")
    assert first["flags"] == [] and first["heading"]
    # The informative title: a complete phrase of at most 12 words, after the brief.
    assert list(first)[:4] == ["id", "brief", "title", "heading"]
    assert 2 <= len(first["title"].split()) <= 12 and not is_fragment(first["title"])
    assert first["quotes"] == [
        {
            "text": "L'agent ne remplace personne, il trie les appels",
            "speaker": "Marc-Antoine Leroy",
            "role": "directeur de la relation client",
        }
    ]
    assert "line 2: invalid JSON" in out[1]["error"]
    assert out[2]["brief"] == "Le panier moyen baisse de 7 % sur un an."
    assert "not a JSON object" in out[3]["error"]
    assert "no 'text'" in out[4]["error"]


def test_brief_lines_is_lazy() -> None:
    """Each answer is out before the next article is read (constant memory)."""
    read = []

    def articles() -> Iterator[str]:
        for n in range(3):
            read.append(n)
            yield json.dumps({"id": n, "text": "Un texte assez long pour faire une phrase."})

    output = brief_lines(articles(), offline_writer())
    assert json.loads(next(output))["id"] == 0
    assert read == [0]


def llm_writer(llm: FakeLlm, timeout: float = 2.0) -> LlmWriter:
    return LlmWriter(
        base_url=llm.base_url,
        model="fake-model",
        api_key="sk-test",
        timeout=timeout,
        prompt="Écris une brève de {max_words} mots.",
        fallback=offline_writer(),
    )


def test_llm_writer_uses_the_endpoint() -> None:
    """The brief and heading come from the endpoint; prompt, model and key are sent."""
    with FakeLlm() as llm:
        llm.reply = (
            'Voici : {"brief": "Telvia confie 30 % de ses appels à un robot.", '
            '"heading": "Allô, le robot ?"}'
        )
        writer = llm_writer(llm)
        brief = writer(ARTICLE["title"], [ARTICLE["text"]])
    assert brief.text == "Telvia confie 30 % de ses appels à un robot."
    assert brief.heading == "Allô, le robot ?" and brief.writer == "llm (fake-model)"
    (request,) = llm.requests
    assert request["auth"] == "Bearer sk-test" and request["body"]["model"] == "fake-model"
    assert request["body"]["messages"][0]["content"] == "Écris une brève de 45 mots."
    assert ARTICLE["text"] in request["body"]["messages"][1]["content"]


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ({"status": 500}, "HTTP 500"),
        ({"delay": 1.5}, "no answer within 0.5 s"),
        ({"raw": b"<html>proxy error</html>"}, "not an OpenAI-style"),
        ({"reply": "Je ne peux pas."}, "no JSON object"),
        ({"reply": json.dumps({"brief": "mot " * 60})}, "60 words"),
    ],
)
def test_llm_failures_fall_back_to_the_offline_draft(
    setup: dict[str, object], reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Any failure gives the offline writer's brief, and the reason is logged."""
    with FakeLlm() as llm:
        for key, value in setup.items():
            setattr(llm, key, value)
        writer = llm_writer(llm, timeout=0.5)
        brief = writer(ARTICLE["title"], [ARTICLE["text"]])
    offline = offline_writer()(ARTICLE["title"], [ARTICLE["text"]])
    assert brief.text == offline.text
    assert reason in brief.writer and writer.fallbacks == 1
    assert reason in caplog.text


def test_a_dead_endpoint_is_asked_three_times_only() -> None:
    """After three failures in a row the run goes on offline, without asking again."""
    with FakeLlm() as llm:
        llm.status = 503
        writer = llm_writer(llm)
        briefs = [writer(ARTICLE["title"], [ARTICLE["text"]]) for _ in range(6)]
    assert len(llm.requests) == 3 and writer.fallbacks == 6
    assert all("HTTP 503" in brief.writer for brief in briefs)


def test_llm_writer_without_url_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], settings
) -> None:
    """`--writer llm` with no NUMERIQ_LLM_URL: exit 1, one line."""
    settings.LLM_URL = ""
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(ARTICLE) + "\n"))
    assert main(["brief", "--writer", "llm"]) == 1
    assert "needs NUMERIQ_LLM_URL" in capsys.readouterr().err


def test_llm_output_goes_through_the_fact_guard(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], settings
) -> None:
    """`numeriq brief --writer llm`: an invented figure from the endpoint is flagged."""
    with FakeLlm() as llm:
        llm.reply = json.dumps(
            {"brief": "Telvia confie 45 % de ses appels à Robotix.", "heading": "x"}
        )
        settings.LLM_URL = llm.base_url
        monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(ARTICLE) + "\n"))
        assert main(["brief", "--writer", "llm"]) == 0
    (out,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out["brief"] == "Telvia confie 45 % de ses appels à Robotix."
    assert "chiffre absent des sources : 45" in out["flags"]
    assert "nom absent des sources : Robotix" in out["flags"]
