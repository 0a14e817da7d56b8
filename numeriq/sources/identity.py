"""Who an item is: guid, else canonical link, else content hash (pure).

The key is stable across ingests, so fetching a feed twice creates nothing new.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a click came from, never which page it is.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "mc_cid", "mc_eid", "xtor", "xts", "_hsenc", "_hsmi", "mkt_tok", "igshid",
        "ref", "ref_src", "cmpid", "ncid", "sr_share", "at_medium", "at_campaign",
        "at_platform", "at_send_date", "at_creation", "at_link", "at_account", "at_bbc_team",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_", "oly_")
_SPACES = re.compile(r"\s+")


def is_tracking(name: str) -> bool:
    """Whether a query parameter is a tracking one."""
    lower = name.lower()
    return lower in TRACKING_PARAMS or lower.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The URL without tracking parameters or fragment, host in lower case, default port."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)]
    )
    path = parts.path or ("/" if netloc else "")
    return urlunsplit((scheme, netloc, path, query, ""))


def content_hash(title: str, text: str) -> str:
    """A hash of the whitespace-normalised title and text."""
    normal = _SPACES.sub(" ", f"{title}\n{text}".strip().lower())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def item_identity(guid: str, link: str, title: str, text: str) -> str:
    """The identity string: 'guid:…', else 'link:…' (canonical), else 'hash:…'."""
    guid = guid.strip()
    if guid:
        return f"guid:{guid}"
    link = canonical_url(link)
    if link:
        return f"link:{link}"
    return f"hash:{content_hash(title, text)}"


def item_key(guid: str, link: str, title: str, text: str) -> str:
    """A fixed-length key for the identity (the database's unique column)."""
    identity = item_identity(guid, link, title, text)
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()
