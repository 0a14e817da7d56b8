"""The three wordplay headings where they are used: `numeriq brief`, the LLM writer (a fake
endpoint), the draft; and one quote candidate per quote per story."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys

import pytest

from numeriq.cli import main
from numeriq.newsroom.briefing import offline_writer
from numeriq.newsroom.clustering import Story, StoryItem
from numeriq.newsroom.drafting import draft_edition, write_story
from numeriq.newsroom.llm import LlmWriter, parse_headings
from numeriq.newsroom.ranking import Ranked
from numeriq.newsroom.wordplay import offer_headings, three_headings
from numeriq.testing.llm import FakeLlm

ARTICLE = {
    "id": "sap",
    "title": "SAP lance une offensive sur le CRM",
    "text": (
        "L'éditeur allemand SAP lance une offensive sur le marché du CRM, face à Salesforce. "
        "Il propose ses outils de relation client à moitié prix pendant un an."
    ),
}


def test_brief_adds_three_headings_to_each_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(ARTICLE) + "\n"))
    assert main(["brief"]) == 0
    (out,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out["heading"]  # the informative heading is still there
    assert len(out["headings"]) == 3 and len(set(out["headings"])) == 3
    assert out["headings"][0] == "Travail de Sap"


def _llm(llm: FakeLlm) -> LlmWriter:
    return LlmWriter(
        base_url=llm.base_url,
        model="fake-model",
        api_key="",
        timeout=2.0,
        prompt="Écris une brève de {max_words} mots.",
        fallback=offline_writer(),
    )


def test_the_llm_writer_returns_its_three_headings() -> None:
    with FakeLlm() as llm:
        llm.reply = json.dumps(
            {
                "brief": "SAP lance une offensive sur le marché du CRM.",
                "heading": "SAP attaque le CRM",
                "headings": ["Travail de Sap", "La guerre des étoiles", "Le CRM contre-attaque"],
            }
        )
        brief = _llm(llm)(ARTICLE["title"], [ARTICLE["text"]])
    assert brief.headings == ("Travail de Sap", "La guerre des étoiles", "Le CRM contre-attaque")


def test_the_default_prompt_asks_for_three_headings(settings) -> None:
    settings.LLM_URL = "http://127.0.0.1:9/"
    settings.LLM_PROMPT_FILE = ""
    prompt = LlmWriter.from_settings(fallback=offline_writer()).prompt
    assert '"headings": ["…", "…", "…"]' in prompt and "Travail de Sap" in prompt


def test_unusable_llm_headings_are_completed_by_the_lexicon() -> None:
    assert parse_headings("Travail de Sap") == ()
    assert parse_headings(["  Travail  de Sap ", 3, "", "travail de sap", "un " * 9]) == (
        "Travail de Sap",
    )
    with FakeLlm() as llm:
        llm.reply = json.dumps({"brief": "SAP lance une offensive sur le CRM.", "heading": "x"})
        brief = _llm(llm)(ARTICLE["title"], [ARTICLE["text"]])
    assert brief.headings == ()
    assert three_headings(brief.headings, ARTICLE["title"], brief.text) == offer_headings(
        ARTICLE["title"], brief.text
    )
    assert three_headings(["Le CRM contre-attaque"], ARTICLE["title"], brief.text)[:2] == [
        "Le CRM contre-attaque",
        "Travail de Sap",
    ]


def _item(pk: int, source: str, text: str) -> StoryItem:
    return StoryItem(id=pk, source=source, title="Telvia confie ses appels à un robot", text=text)


def test_a_story_offers_one_candidate_per_quote_and_three_headings() -> None:
    story = Story(
        items=(
            _item(
                1,
                "Le Fil",
                "Telvia confie 30 % de ses appels à un robot. « L’agent ne remplace personne, il "
                "trie les appels », assure Marc Leroy, directeur de la relation client.",
            ),
            _item(
                2,
                "Marketing Matin",
                "Chez Telvia, un robot répond aux clients. \"L'agent ne remplace personne, il "
                'trie les appels !", a déclaré Marc Leroy.',
            ),
        )
    )
    drafted = write_story(Ranked(story, 1.0, "relation client"), offline_writer())
    assert [(q.speaker, q.role) for q in drafted.quotes] == [
        ("Marc Leroy", "directeur de la relation client")
    ]
    assert len(drafted.headings) == 3
    assert drafted.heading not in drafted.headings  # the informative heading stays the heading
    assert drafted.heading == drafted.title  # not the lead's title cut at 40 characters


@pytest.mark.django_db
def test_the_draft_keeps_its_informative_headings_and_lists_the_puns(
    ingested_day: dt.date, settings
) -> None:
    settings.DRAFT_ITEMS = 5
    result = draft_edition(ingested_day)
    assert len(result.puns) == 5
    headings = [h for h, _ in result.puns]
    doc_headings = [i.heading for i in result.edition.to_doc().items if i.heading][:6]
    assert all(h in doc_headings for h in headings)
    assert all(len(puns) == 3 for _, puns in result.puns)
    assert "wordplay offered" in result.describe()


def test_no_pun_is_offered_to_two_stories_of_one_edition(ingested_day: dt.date, settings) -> None:
    """The demo day had « Le plein emploi · Chasseur de têtes · Chercher du travail » offered
    to both its job stories: the second now gets the next best ones."""
    settings.DRAFT_ITEMS = 12
    puns = [pun for _, offered in draft_edition(ingested_day).puns for pun in offered]
    assert len(puns) == len(set(puns))


def test_three_headings_leave_out_those_offered_already() -> None:
    title, brief = "Dialogo va créer 400 emplois", "Le centre de contacts Dialogo recrute."
    first = three_headings((), title, brief)
    second = three_headings((), title, brief, offered=first)
    assert len(second) == 3 and not set(first) & set(second)
