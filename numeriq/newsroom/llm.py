"""The optional LLM writer: any OpenAI-compatible chat endpoint (Mistral, OpenAI, Ollama,
vLLM), with the house-style prompt the editor can edit.

Whatever it writes goes through the fact guard. When the endpoint fails, times out or
answers something unusable, the offline writer's draft is used and the reason logged.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
from django.conf import settings

from numeriq.newsroom.briefing import Writer
from numeriq.newsroom.text import split_sentences, word_count
from numeriq.newsroom.writer import Brief

log = logging.getLogger("numeriq.newsroom")

DEFAULT_PROMPT = Path(__file__).parent / "data" / "prompt.txt"
MAX_ARTICLE_CHARS = 6000


class LlmFailure(Exception):
    """Why the endpoint's answer cannot be used (internal: it triggers the fallback)."""


@dataclass
class LlmWriter:
    """Drafts with an OpenAI-compatible endpoint; falls back to `fallback` on any failure."""

    base_url: str
    model: str
    api_key: str
    timeout: float
    prompt: str
    fallback: Writer
    max_words: int = 45
    fallbacks: int = 0
    last_error: str = ""
    # After this many failures in a row the endpoint is not asked again during this run:
    # a dead endpoint must not cost a timeout per article.
    give_up_after: int = 3
    failures_in_a_row: int = 0

    @classmethod
    def from_settings(cls, fallback: Writer) -> LlmWriter:
        """The writer the NUMERIQ_LLM_* settings describe."""
        prompt_file = Path(settings.LLM_PROMPT_FILE) if settings.LLM_PROMPT_FILE else DEFAULT_PROMPT
        try:
            prompt = prompt_file.read_text(encoding="utf-8")
        except OSError as error:
            log.warning("LLM prompt %s unreadable (%s): built-in prompt used", prompt_file, error)
            prompt = DEFAULT_PROMPT.read_text(encoding="utf-8")
        return cls(
            base_url=settings.LLM_URL,
            model=settings.LLM_MODEL,
            api_key=settings.LLM_API_KEY,
            timeout=float(settings.LLM_TIMEOUT),
            prompt=prompt,
            fallback=fallback,
            max_words=int(settings.BRIEF_MAX_WORDS),
        )

    def __call__(self, title: str, texts: list[str]) -> Brief:
        """A brief from the endpoint, else the fallback's (reason logged)."""
        if self.failures_in_a_row >= self.give_up_after:
            self.fallbacks += 1
            return replace(self.fallback(title, texts), writer=f"offline (LLM: {self.last_error})")
        try:
            brief = self._ask(title, texts)
        except LlmFailure as error:
            self.fallbacks += 1
            self.failures_in_a_row += 1
            self.last_error = str(error)
            log.warning("LLM writer: %s; offline draft used for %r", error, title[:80])
            if self.failures_in_a_row == self.give_up_after:
                log.warning(
                    "LLM writer: %d failures in a row, offline writer only from now on",
                    self.failures_in_a_row,
                )
            return replace(self.fallback(title, texts), writer=f"offline (LLM: {error})")
        self.failures_in_a_row = 0
        return brief

    def _ask(self, title: str, texts: list[str]) -> Brief:
        articles = "\n\n---\n\n".join(t[:MAX_ARTICLE_CHARS] for t in texts if t)
        payload = {
            "model": self.model,
            "temperature": 0.2,
            "messages": [
                {
                    "role": "system",
                    "content": self.prompt.replace("{max_words}", str(self.max_words)),
                },
                {"role": "user", "content": f"Titre : {title}\n\n{articles}"},
            ],
        }
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        url = self.base_url.rstrip("/") + "/chat/completions"
        try:
            response = httpx.post(url, json=payload, headers=headers, timeout=self.timeout)
        except httpx.TimeoutException:
            raise LlmFailure(f"no answer within {self.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise LlmFailure(f"cannot reach {url}: {error}") from None
        if response.status_code != 200:
            raise LlmFailure(f"HTTP {response.status_code} from {url}: {response.text[:200]}")
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise LlmFailure("the answer is not an OpenAI-style chat completion") from None
        return self._brief(str(content))

    def _brief(self, content: str) -> Brief:
        match = re.search(r"\{.*\}", content, re.DOTALL)
        if not match:
            raise LlmFailure("the answer holds no JSON object")
        try:
            data = json.loads(match.group())
        except ValueError:
            raise LlmFailure("the answer's JSON does not parse") from None
        text = " ".join(str(data.get("brief", "")).split())
        heading = " ".join(str(data.get("heading", "")).split())
        if not text:
            raise LlmFailure("the answer has no brief")
        if word_count(text) > self.max_words:
            raise LlmFailure(f"the brief has {word_count(text)} words (> {self.max_words})")
        if len(split_sentences(text)) > 2:
            raise LlmFailure("the brief has more than two sentences")
        return Brief(
            text=text,
            heading=heading[:80],
            writer=f"llm ({self.model})",
            headings=parse_headings(data.get("headings")),
        )


def parse_headings(value: object) -> tuple[str, ...]:
    """The wordplay headings of an answer: up to three distinct strings of 1 to 6 words
    (an answer without them, or with others, keeps the brief: the lexicon fills in)."""
    if not isinstance(value, list):
        return ()
    found: list[str] = []
    for heading in value:
        if not isinstance(heading, str):
            continue
        heading = " ".join(heading.replace("#", " ").split()).strip("\"'")
        if (
            heading
            and len(heading.split()) <= 6
            and heading.casefold() not in {h.casefold() for h in found}
        ):
            found.append(heading[:80])
    return tuple(found[:3])
