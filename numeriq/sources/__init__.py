"""Sources: feeds and article pages in (fetch with conditional GET, parse, extract text)."""
