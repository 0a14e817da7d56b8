"""Choosing the writer from the settings: offline, or the LLM with the offline as fallback."""

from __future__ import annotations

from django.conf import settings

from numeriq.newsroom.briefing import Writer, offline_writer
from numeriq.newsroom.errors import NewsroomError


def writer_from_settings(name: str | None = None) -> Writer:
    """The writer NUMERIQ_WRITER (or `name`) names, with NUMERIQ_BRIEF_MAX_WORDS."""
    name = name or settings.WRITER
    offline = offline_writer(settings.BRIEF_MAX_WORDS)
    if name != "llm":
        return offline
    if not settings.LLM_URL:
        raise NewsroomError("the LLM writer needs NUMERIQ_LLM_URL (an OpenAI-compatible API)")
    from numeriq.newsroom.llm import LlmWriter

    return LlmWriter.from_settings(fallback=offline)
