"""Every numeriq setting, declared once with its default and a line of help.

Each `setting()` call reads an environment variable of the same name and records it in
`DOCUMENTED`, from which `numeriq settings --markdown` writes docs/settings.md (a test
checks that file is up to date). Django's own settings follow, derived from these.
"""

from __future__ import annotations

import os
import secrets
import zoneinfo
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP

from numeriq import jobqueues
from numeriq.config import (  # noqa: F401 (DOCUMENTED, SettingDoc: numeriq settings, tests)
    DOCUMENTED,
    EMAIL_URL_PARSER,
    RATE,
    TIME,
    EmailUrl,
    Parser,
    SettingDoc,
    SettingError,
    choice,
    choices,
    load_env_file,
    require_module,
    setting,
    shown,
)
from numeriq.ops.logs import FORMATS as LOG_FORMATS
from numeriq.ops.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent


def _private_dir(path: Path) -> Path:
    """Create a folder only its owner may enter (0700), parents included when missing."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _private_file(path: Path) -> None:
    """Create an empty file readable by its owner only, or tighten an existing one to 0600."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if path.stat().st_mode & 0o077 and path.stat().st_uid == os.getuid():
            path.chmod(0o600)


# --- Where things live -------------------------------------------------------------------

VAR_DIR = Path(
    setting(
        "NUMERIQ_VAR_DIR",
        "var",
        "Folder for the SQLite database, the generated secret key and other local state "
        "(relative paths are taken from the current directory).",
    )
).resolve()
_private_dir(VAR_DIR)  # the database, its WAL, sessions' secret: nobody else's business
# The var dir's .env (NAME=value lines) fills in what the environment does not set.
ENV_FILE_LOADED = load_env_file(VAR_DIR / ".env")

DATABASE_URL = (
    setting(
        "DATABASE_URL",
        "",
        "Database: empty for the embedded SQLite file NUMERIQ_VAR_DIR/numeriq.sqlite3 (WAL "
        "mode); sqlite:///path, or postgres://user@host:5432/db for several hosts.",
    )
    or f"sqlite:///{VAR_DIR / 'numeriq.sqlite3'}"
)

SITE_URL = setting(
    "NUMERIQ_SITE_URL",
    "http://127.0.0.1:8000",
    "Public address of the site, used for absolute links in emails, feeds and sitemaps; "
    "its origin is trusted for CSRF, and an https one turns on HSTS, the redirect to https "
    "and secure cookies.",
).rstrip("/")
TRUSTED_PROXIES = setting(
    "NUMERIQ_TRUSTED_PROXIES",
    ("127.0.0.1", "::1"),
    "Reverse proxies (addresses or networks such as 10.0.0.0/8, comma-separated; * for any "
    "peer) whose X-Forwarded-For and X-Forwarded-Proto headers are believed, by gunicorn and "
    "for the client address the rate limits see; those headers from any other peer are "
    "ignored.",
)
HSTS_SECONDS = setting(
    "NUMERIQ_HSTS_SECONDS",
    31_536_000,
    "With an https NUMERIQ_SITE_URL: how long browsers must come back over https only "
    "(Strict-Transport-Security); 0 turns HSTS off.",
)
STATIC_SITE = setting(
    "NUMERIQ_STATIC_SITE",
    True,
    "Write the published pages (home, permalinks, archives, feeds, sitemap, robots.txt) as "
    "files under NUMERIQ_VAR_DIR/site/ whenever an edition changes, for the web server to "
    "serve (deploy/nginx/numeriq.conf); `numeriq site build` rewrites them all.",
)

# --- Brand and edition -------------------------------------------------------------------

BRAND = setting("NUMERIQ_BRAND", "Numériq'1", "Name of the newsletter.")
TAGLINE = setting(
    "NUMERIQ_TAGLINE",
    "le journal de l'économie numérique",
    "Tagline shown under the brand.",
)
TITLE_PATTERN = setting(
    "NUMERIQ_TITLE_PATTERN",
    "{headline}. C'est le journal de l'économie numérique du {date}",
    "Title of an edition; {headline}, {date} (written out in French) and {brand} are replaced.",
)
SUBJECT_PATTERN = setting(
    "NUMERIQ_SUBJECT_PATTERN",
    "{headline}. C'est le journal de l'économie numérique du {date}",
    "Email subject of an edition (same placeholders as NUMERIQ_TITLE_PATTERN); an "
    "edition's own subject overrides it.",
)
FROM_EMAIL = setting(
    "NUMERIQ_FROM_EMAIL",
    "Numériq'1 <edition@numeriq.example>",
    "From header of the editions' emails.",
)
BRAND_COLOR = setting(
    "NUMERIQ_BRAND_COLOR",
    "#9a3412",
    "Main colour (links, headings, buttons); keep a contrast of 4.5:1 on white.",
)
WORDS_PER_MINUTE = setting(
    "NUMERIQ_WORDS_PER_MINUTE",
    230,
    "Reading speed used for the reading time shown with each edition.",
)

# --- Call to subscribe -------------------------------------------------------------------

CTA_TEXT = setting(
    "NUMERIQ_CTA_TEXT",
    "Recevez gratuitement Numériq'1 : la newsletter qui vous raconte tous les jours en "
    "1 minute l'actualité de l'économie numérique, de la relation client, du marketing "
    "et du e-commerce.",
    "Text of the call-to-subscribe block placed by the web template.",
)
CTA_BUTTON = setting("NUMERIQ_CTA_BUTTON", "Je m'abonne !", "Label of its button.")
CTA_POSITIONS = setting(
    "NUMERIQ_CTA_POSITIONS",
    ("middle", "end"),
    "Where the web page shows the call to subscribe: any of top, middle, end "
    "(comma-separated; empty for none).",
    choices("top", "middle", "end"),
)

# --- Audience ----------------------------------------------------------------------------

CONSENT_TEXT = setting(
    "NUMERIQ_CONSENT_TEXT",
    "J'accepte de recevoir Numériq'1 chaque matin par email. Je peux me désabonner à tout "
    "moment en un clic.",
    "Text of the consent checkbox; the exact text is stored with each consent.",
)
CONFIRMATION_HOURS = setting(
    "NUMERIQ_CONFIRMATION_HOURS", 48, "How long a confirmation link stays valid."
)
PENDING_DAYS = setting(
    "NUMERIQ_PENDING_DAYS", 7, "Unconfirmed subscribers are deleted after this many days."
)
PERSONAL_DATA_LINK_HOURS = setting(
    "NUMERIQ_PERSONAL_DATA_LINK_HOURS",
    24,
    "How long a link to export or erase one's data stays valid.",
)
SUBSCRIBE_RATE_PER_IP = setting(
    "NUMERIQ_SUBSCRIBE_RATE_PER_IP",
    "20/hour",
    "Subscribe requests allowed per client address (N/second|minute|hour|day).",
    RATE,
)
SEARCH_RATE_PER_IP = setting(
    "NUMERIQ_SEARCH_RATE_PER_IP",
    "30/minute",
    "Archive searches allowed per client address (N/second|minute|hour|day); over it: 429.",
    RATE,
)
CONFIRMATION_RATE_PER_ADDRESS = setting(
    "NUMERIQ_CONFIRMATION_RATE_PER_ADDRESS",
    "3/day",
    "Confirmation emails sent at most to one address (a bot cannot mail-bomb anyone).",
    RATE,
)
API_RATE = setting(
    "NUMERIQ_API_RATE",
    "600/minute",
    "Requests allowed per JSON API token (N/second|minute|hour|day); over it: 429.",
    RATE,
)

# --- Publisher: mentions légales and politique de confidentialité -----------------------
# The defaults describe an invented publisher, for the demo: the pages say so, and the desk
# warns when an https site still shows them or a required detail is empty.

PUBLISHER_NAME = setting(
    "NUMERIQ_PUBLISHER_NAME",
    "Éditions de l'Exemple",
    "Mentions légales: the publisher's name or company name (required).",
)
PUBLISHER_LEGAL_FORM = setting(
    "NUMERIQ_PUBLISHER_LEGAL_FORM",
    "SAS",
    "Its legal form (SAS, SARL, association…); empty for a person.",
)
PUBLISHER_CAPITAL = setting(
    "NUMERIQ_PUBLISHER_CAPITAL",
    "10 000 €",
    "Its share capital, as written on the page (e.g. 10 000 €); empty when none.",
)
PUBLISHER_ADDRESS = setting(
    "NUMERIQ_PUBLISHER_ADDRESS",
    "1 rue de l'Exemple, 75000 Paris",
    "Its registered address (siège social), or a person's address (required).",
)
PUBLISHER_REGISTRATION = setting(
    "NUMERIQ_PUBLISHER_REGISTRATION",
    "RCS Paris 000 000 000",
    "Its registration as written on the page (RCS city and SIREN, RNA…); empty when none.",
)
PUBLISHER_VAT = setting(
    "NUMERIQ_PUBLISHER_VAT",
    "",
    "Its intra-community VAT number; empty when none.",
)
PUBLISHER_PHONE = setting(
    "NUMERIQ_PUBLISHER_PHONE",
    "01 99 00 12 34",
    "Its telephone number (required by the LCEN).",
)
PUBLISHER_EMAIL = setting(
    "NUMERIQ_PUBLISHER_EMAIL",
    "contact@numeriq.example",
    "Its contact email address (required).",
)
PUBLICATION_DIRECTOR = setting(
    "NUMERIQ_PUBLICATION_DIRECTOR",
    "Camille Exemple",
    "Name of the directeur or directrice de la publication (required).",
)
HOST_NAME = setting(
    "NUMERIQ_HOST_NAME",
    "Hébergeur de l'Exemple SAS",
    "Mentions légales: the name of the company hosting the site (required).",
)
HOST_ADDRESS = setting(
    "NUMERIQ_HOST_ADDRESS",
    "2 avenue de l'Exemple, 69000 Lyon",
    "The host's address (required).",
)
HOST_PHONE = setting(
    "NUMERIQ_HOST_PHONE",
    "04 65 71 12 34",
    "The host's telephone number (required).",
)
PRIVACY_EMAIL = setting(
    "NUMERIQ_PRIVACY_EMAIL",
    "",
    "Politique de confidentialité: where readers write about their data; empty: "
    "NUMERIQ_PUBLISHER_EMAIL.",
)
PRIVACY_DPO = setting(
    "NUMERIQ_PRIVACY_DPO",
    "",
    "The data protection officer (DPO), name and contact, when one is appointed; empty: none.",
)
PRIVACY_EMAIL_PROVIDER = setting(
    "NUMERIQ_PRIVACY_EMAIL_PROVIDER",
    "",
    "Who relays the emails, as the privacy policy names it (company, country); empty: named "
    "after NUMERIQ_EMAIL_URL (Amazon Web Services for ses://, Brevo for brevo://, the SMTP "
    "relay's host otherwise).",
)
PRIVACY_LOG_DAYS = setting(
    "NUMERIQ_PRIVACY_LOG_DAYS",
    30,
    "How long the server's logs (client address, page asked for, time) are kept, as the "
    "privacy policy states it; numeriq writes them to its output: set the journal's retention "
    "to match (journald's MaxRetentionSec).",
)

# --- Email and tasks -------------------------------------------------------------------

EMAIL: EmailUrl = setting(
    "NUMERIQ_EMAIL_URL",
    "capture://",
    "Where emails go: capture:// (kept in the back office's local outbox), console://, or "
    "smtp://user:password@host:587 (STARTTLS), smtps://… (implicit TLS), smtp+plain://… ; "
    "or an email service provider through django-anymail: ses://?region=eu-west-1 (Amazon SES; "
    "credentials from the standard AWS_* variables; &configuration_set=NAME) or brevo:// (key "
    "in NUMERIQ_BREVO_API_KEY).",
    EMAIL_URL_PARSER,
)
EMAIL_URL = EMAIL.url  # the text; EMAIL is the same, parsed
BREVO_API_KEY = setting(
    "NUMERIQ_BREVO_API_KEY",
    "",
    "Brevo API key for NUMERIQ_EMAIL_URL=brevo:// (a secret: set it in the environment only).",
)
ESP_WEBHOOK_SECRET = setting(
    "NUMERIQ_ESP_WEBHOOK_SECRET",
    "",
    "user:password that the ESP's bounce and complaint webhooks (under /esp/) must send as "
    "HTTP basic auth; without it the webhooks answer 403 (a secret: environment only).",
)
TASKS_BACKEND = setting(
    "NUMERIQ_TASKS_BACKEND",
    "database",
    "Background jobs: database (django-tasks-db, run by `numeriq worker` or `numeriq run`) "
    "or immediate (in the request, for tests).",
    choice("database", "immediate"),
)

# --- Sources and newsroom ----------------------------------------------------------------

SOURCES_INTERVAL_MINUTES = setting(
    "NUMERIQ_SOURCES_INTERVAL_MINUTES",
    30,
    "`numeriq ingest` reads a source again only when it was last read this long ago.",
)
NEWSROOM_AUTO = setting(
    "NUMERIQ_NEWSROOM_AUTO",
    True,
    "The job worker ingests the due sources all day and drafts each day's edition at "
    "NUMERIQ_DRAFT_CUTOFF (never over an existing edition).",
)
SOURCES_MAX_FAILURES = setting(
    "NUMERIQ_SOURCES_MAX_FAILURES",
    8,
    "A source is paused automatically after this many failures in a row.",
)
SOURCES_TIMEOUT = setting(
    "NUMERIQ_SOURCES_TIMEOUT", 20, "Seconds allowed for one feed or page request, in total."
)
SOURCES_MAX_BYTES = setting(
    "NUMERIQ_SOURCES_MAX_BYTES",
    5_000_000,
    "Largest feed or page read (bytes); a longer body is abandoned with an error.",
)
SOURCES_CONCURRENCY = setting(
    "NUMERIQ_SOURCES_CONCURRENCY", 16, "Requests in flight at once during an ingest."
)
SOURCES_HOST_DELAY_MS = setting(
    "NUMERIQ_SOURCES_HOST_DELAY_MS",
    500,
    "Politeness: one request at a time per host, and this many milliseconds between them.",
)
SOURCES_MAX_PAGES = setting(
    "NUMERIQ_SOURCES_MAX_PAGES",
    300,
    "Article pages fetched per ingest for new items (newest first); 0: none.",
)
SOURCES_USER_AGENT = setting(
    "NUMERIQ_SOURCES_USER_AGENT",
    "numeriq/0.1 (newsletter feed reader; +{site_url})",
    "User-Agent of feed and page requests; {site_url} is replaced.",
)
FETCH_ALLOW_PRIVATE = setting(
    "NUMERIQ_FETCH_ALLOW_PRIVATE",
    (),
    "Non-public networks that feeds, article pages and the desk's link check may reach "
    "anyway, for intranet feeds (CIDR, comma-separated: 10.20.0.0/16); empty: loopback, "
    "private, link-local, multicast and reserved addresses are all refused.",
)
SOURCES_LOCAL_DIR = Path(
    setting(
        "NUMERIQ_SOURCES_LOCAL_DIR",
        "",
        "The only folder whose files `numeriq sources add PATH` may use as feeds (the back "
        "office never takes local files); empty: NUMERIQ_VAR_DIR/feeds.",
    )
    or VAR_DIR / "feeds"
).resolve()
SOURCES_MAX_ITEMS_PER_FETCH = setting(
    "NUMERIQ_SOURCES_MAX_ITEMS_PER_FETCH",
    200,
    "Entries of one feed considered per fetch (the newest); the rest are ignored.",
)
SOURCES_MAX_ITEMS_PER_DAY = setting(
    "NUMERIQ_SOURCES_MAX_ITEMS_PER_DAY",
    1000,
    "New items stored per source per day (newest first); beyond, the source gets a warning.",
)
RUBRIC_ECONOMIE_NUMERIQUE = setting(
    "NUMERIQ_RUBRIC_ECONOMIE_NUMERIQUE",
    (
        "start-up", "startup", "levée de fonds", "lève", "millions d'euros", "licorne",
        "numérique", "tech", "intelligence artificielle", "IA", "cloud", "logiciel", "SaaS",
        "données", "cybersécurité", "plateforme", "rachat", "acquisition", "chiffre d'affaires",
    ),
    "Keywords of the rubric « économie numérique » (comma-separated).",
)  # fmt: skip
RUBRIC_RELATION_CLIENT = setting(
    "NUMERIQ_RUBRIC_RELATION_CLIENT",
    (
        "relation client", "service client", "centre de contacts", "conseiller", "chatbot",
        "agent conversationnel", "satisfaction", "expérience client", "réclamation",
        "fidélité", "fidélisation", "callbot", "SAV",
    ),
    "Keywords of the rubric « relation client » (comma-separated).",
)  # fmt: skip
RUBRIC_MARKETING = setting(
    "NUMERIQ_RUBRIC_MARKETING",
    (
        "marketing", "publicité", "annonceur", "campagne", "marque", "influenceur",
        "influence", "réseaux sociaux", "agence", "audience", "médias", "CRM", "newsletter",
        "TikTok", "Instagram", "emailing",
    ),
    "Keywords of the rubric « marketing » (comma-separated).",
)  # fmt: skip
RUBRIC_ECOMMERCE = setting(
    "NUMERIQ_RUBRIC_ECOMMERCE",
    (
        "e-commerce", "e-commerçant", "commerce en ligne", "vente en ligne", "marketplace",
        "place de marché", "panier", "livraison", "colis", "paiement", "retail", "commande",
        "Black Friday", "soldes", "magasin", "enseigne", "distributeur",
    ),
    "Keywords of the rubric « e-commerce » (comma-separated).",
)  # fmt: skip
RUBRICS_EXTRA = setting(
    "NUMERIQ_RUBRICS_EXTRA",
    "",
    "The editor's own rubrics: 'Nom: mot, mot; Autre: mot' (semicolon between rubrics).",
)
NEWSROOM_BOOST_KEYWORDS = setting(
    "NUMERIQ_NEWSROOM_BOOST_KEYWORDS",
    (),
    "Keywords that raise a story's score (comma-separated).",
)
NEWSROOM_BAN_KEYWORDS = setting(
    "NUMERIQ_NEWSROOM_BAN_KEYWORDS",
    (),
    "Keywords that keep a story out of drafts (comma-separated).",
)
NEWSROOM_BOOST_SOURCES = setting(
    "NUMERIQ_NEWSROOM_BOOST_SOURCES",
    (),
    "Host names or source titles whose stories score higher (comma-separated).",
)
NEWSROOM_BAN_SOURCES = setting(
    "NUMERIQ_NEWSROOM_BAN_SOURCES",
    (),
    "Host names or source titles whose items are never used (comma-separated).",
)
NEWSROOM_MAX_ITEMS = setting(
    "NUMERIQ_NEWSROOM_MAX_ITEMS",
    1500,
    "Items of a day's window the newsroom clusters at most (chosen from their titles: "
    "every source in turn, rubric words first, newest first), so a flood stays fast.",
)
DRAFT_ITEMS = setting(
    "NUMERIQ_DRAFT_ITEMS", 6, "Titled items in a drafted edition (the top stories)."
)
DRAFT_BREVES = setting("NUMERIQ_DRAFT_BREVES", 2, "Brèves after them (the next stories).")
DRAFT_HOURS = setting(
    "NUMERIQ_DRAFT_HOURS",
    24,
    "A day's draft uses items published in this many hours before its cut-off.",
)
DRAFT_CUTOFF = setting(
    "NUMERIQ_DRAFT_CUTOFF",
    "05:00",
    "Local time (HH:MM) on the edition's day when its news ends and the worker drafts it, "
    "ahead of NUMERIQ_SEND_TIME so the editor has time to rewrite it.",
    TIME,
)
BRIEF_MAX_WORDS = setting(
    "NUMERIQ_BRIEF_MAX_WORDS", 45, "Longest drafted brief, in words (one or two sentences)."
)
WRITER = setting(
    "NUMERIQ_WRITER",
    "offline",
    "Who drafts briefs: offline (extractive, no network) or llm (NUMERIQ_LLM_URL, with the "
    "offline draft as fallback).",
)
LLM_URL = setting(
    "NUMERIQ_LLM_URL",
    "",
    "Base URL of an OpenAI-compatible API (e.g. https://api.mistral.ai/v1, "
    "http://127.0.0.1:11434/v1 for Ollama).",
)
LLM_MODEL = setting("NUMERIQ_LLM_MODEL", "mistral-small-latest", "Model name sent to it.")
LLM_API_KEY = setting(
    "NUMERIQ_LLM_API_KEY", "", "Its API key (secret: from the environment only; may be empty)."
)
LLM_TIMEOUT = setting(
    "NUMERIQ_LLM_TIMEOUT", 30, "Seconds to wait for it before using the offline draft."
)
LLM_PROMPT_FILE = setting(
    "NUMERIQ_LLM_PROMPT_FILE",
    "",
    "House-style prompt the editor can edit (a text file); empty: the built-in one "
    "(numeriq/newsroom/data/prompt.txt).",
)

# --- Delivery ----------------------------------------------------------------------------

SEND_TIME = setting(
    "NUMERIQ_SEND_TIME",
    "07:00",
    "Default send time of an edition (HH:MM in NUMERIQ_TIME_ZONE); weekly recaps go at it too.",
    TIME,
)
DELIVERY_CONNECTIONS = setting(
    "NUMERIQ_DELIVERY_CONNECTIONS", 16, "SMTP connections each worker keeps open to the relay."
)
DELIVERY_MESSAGES_PER_CONNECTION = setting(
    "NUMERIQ_DELIVERY_MESSAGES_PER_CONNECTION",
    1000,
    "Messages sent over one SMTP connection before it is closed and reopened.",
)
DELIVERY_RATE_PER_SECOND = setting(
    "NUMERIQ_DELIVERY_RATE_PER_SECOND", 0, "Messages per second per worker (0: no limit)."
)
DELIVERY_HOURLY_CAP = setting(
    "NUMERIQ_DELIVERY_HOURLY_CAP",
    0,
    "At most this many messages in any 60 minutes, all workers together (0: no cap).",
)
SEND_STALE_MINUTES = setting(
    "NUMERIQ_SEND_STALE_MINUTES",
    180,
    "A send time missed by more than this (nothing was running) is not caught up: the "
    "edition stays scheduled, the log and the desk say so, and the editor decides.",
)
DELIVERY_BATCH = setting("NUMERIQ_DELIVERY_BATCH", 500, "Ledger rows a worker claims at a time.")
DELIVERY_LEASE_SECONDS = setting(
    "NUMERIQ_DELIVERY_LEASE_SECONDS",
    120,
    "How long claimed rows belong to a worker; a dead worker's rows are retaken after it.",
)
DELIVERY_RETRY_HOURS = setting(
    "NUMERIQ_DELIVERY_RETRY_HOURS",
    24,
    "Temporary failures are retried (exponential backoff with jitter) until this many hours "
    "after the send started, then marked failed.",
)
DELIVERY_FIRST_RETRY_SECONDS = setting(
    "NUMERIQ_DELIVERY_FIRST_RETRY_SECONDS",
    60,
    "Delay before the first retry of a temporary failure; each next one doubles (max 1 h).",
)
DELIVERY_TIMEOUT_SECONDS = setting(
    "NUMERIQ_DELIVERY_TIMEOUT_SECONDS", 30, "SMTP timeout for one reply from the relay."
)
RETURN_PATH = setting(
    "NUMERIQ_RETURN_PATH",
    "bounces@numeriq.example",
    "Envelope sender; each message gets a VERP variant (bounces+<id>@…) naming its reader.",
)
LIST_ID = setting(
    "NUMERIQ_LIST_ID",
    "quotidien.numeriq.example",
    "The List-Id of the newsletter (a domain you own).",
)
FEEDBACK_ID_SENDER = setting(
    "NUMERIQ_FEEDBACK_ID_SENDER",
    "numeriq",
    "Last field of the Feedback-ID header (Gmail's postmaster tools group by it).",
)
DKIM_DOMAIN = setting(
    "NUMERIQ_DKIM_DOMAIN", "", "Domain of the DKIM signature (empty: messages are not signed)."
)
DKIM_SELECTOR = setting("NUMERIQ_DKIM_SELECTOR", "numeriq", "DKIM selector.")
DKIM_KEY_FILE = setting(
    "NUMERIQ_DKIM_KEY_FILE",
    "",
    "PEM file of the DKIM private key (RSA-2048 or Ed25519); or put the PEM itself in "
    "NUMERIQ_DKIM_PRIVATE_KEY.",
)
DKIM_PRIVATE_KEY = os.environ.get("NUMERIQ_DKIM_PRIVATE_KEY", "")  # a secret: never documented
SOFT_BOUNCE_LIMIT = setting(
    "NUMERIQ_SOFT_BOUNCE_LIMIT",
    3,
    "Soft bounces in a row after which an address is suppressed.",
)
BOUNCE_MAILBOX = setting(
    "NUMERIQ_BOUNCE_MAILBOX",
    "",
    "Where bounces and complaints arrive: a maildir path, or imaps://user:password@host/INBOX "
    "(read by `numeriq bounces` and every few minutes by the worker).",
)

# --- Editor's desk -----------------------------------------------------------------------

DESK_LOGIN_RATE = setting(
    "NUMERIQ_DESK_LOGIN_RATE",
    "10/hour",
    "Login attempts allowed per account (user name, NFKC-normalised, case-folded), the desk's "
    "and the back office's logins together (N/second|minute|hour|day); over it they answer 429.",
    RATE,
)
LOGIN_RATE_PER_IP = setting(
    "NUMERIQ_LOGIN_RATE_PER_IP",
    "30/hour",
    "Login attempts allowed per client address, whatever the account, on the desk's and the "
    "back office's logins together (N/second|minute|hour|day).",
    RATE,
)
SUBJECT_MAX_CHARS = setting(
    "NUMERIQ_SUBJECT_MAX_CHARS",
    110,
    "The desk's checks warn when an email subject is longer than this many characters.",
)
LINK_CHECK_TIMEOUT = setting(
    "NUMERIQ_LINK_CHECK_TIMEOUT",
    8,
    "Seconds the desk's background link check waits for each link of an edition.",
)
DESK_POOL_DAYS = setting(
    "NUMERIQ_DESK_POOL_DAYS",
    2,
    "Days of news the morning desk's pool of stories covers by default (the editor can widen "
    "it to a week); any upcoming edition takes its stories from that pool.",
)

# --- Runtime -----------------------------------------------------------------------------

DEBUG = setting("NUMERIQ_DEBUG", False, "Django debug mode; never in production.")
HEADER_TIMEOUT_SECONDS = setting(
    "NUMERIQ_HEADER_TIMEOUT_SECONDS",
    10,
    "`numeriq run`: a client must send a request's line and headers within this many seconds, "
    "or its connection is closed (slow clients cannot hold the server's threads).",
)
TIME_ZONE = setting(
    "NUMERIQ_TIME_ZONE",
    "Europe/Paris",
    "Time zone of send times and dates shown.",
    Parser(lambda raw: str(zoneinfo.ZoneInfo(raw.strip())), "a time zone name (e.g. Europe/Paris)"),
)
LANGUAGE_CODE = setting(
    "NUMERIQ_LANGUAGE",
    "fr",
    "Language of everything readers and editors see (fr, en).",
    choice("fr", "en"),
)
_allowed_hosts = setting(
    "NUMERIQ_ALLOWED_HOSTS",
    ("127.0.0.1", "localhost"),
    "Host names the web server answers to (comma-separated); the host of "
    "NUMERIQ_SITE_URL is always added.",
)
CACHE_URL = setting(
    "NUMERIQ_CACHE_URL",
    "locmem://",
    "Page cache: locmem:// (per process) or redis://host:6379/0 (shared by hosts).",
)
PAGE_CACHE_SECONDS = setting(
    "NUMERIQ_PAGE_CACHE_SECONDS",
    3600,
    "How long browsers and proxies may keep a published edition page.",
)
_secret_key = setting(
    "NUMERIQ_SECRET_KEY",
    "",
    "Secret for signing tokens and sessions; when empty, one is generated once into "
    "NUMERIQ_VAR_DIR/secret_key.",
)


def _load_or_create_secret(var_dir: Path) -> str:
    path = var_dir / "secret_key"
    if path.exists():
        _private_file(path)
        return path.read_text().strip()
    _private_dir(var_dir)
    key = secrets.token_urlsafe(50)
    try:
        # 0600 from the start: never readable by others, not even between write and chmod.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_text().strip()
    with os.fdopen(fd, "w") as file:
        file.write(key)
    return key


SECRET_KEY = _secret_key or _load_or_create_secret(VAR_DIR)

# --- Operations: health, metrics, logs, stale sends ---------------------------------------

HEALTH_WORKER_SECONDS = setting(
    "NUMERIQ_HEALTH_WORKER_SECONDS",
    60,
    "/healthz fails when no worker has written its heartbeat for this many seconds.",
)
HEALTH_EMAIL_AGE_SECONDS = setting(
    "NUMERIQ_HEALTH_EMAIL_AGE_SECONDS",
    300,
    "/healthz fails when a confirmation or welcome email has waited this long in the queue.",
)
_LEVELS = "DEBUG, INFO, WARNING or ERROR"
LOG_FORMAT = setting(
    "NUMERIQ_LOG_FORMAT",
    "text",
    "Log lines: text (time, level, logger: message) or json (one object per line, for log "
    "shippers).",
    choice(*LOG_FORMATS),
)
LOG_LEVEL = setting(
    "NUMERIQ_LOG_LEVEL",
    "INFO",
    "Level of numeriq's own logs (DEBUG, INFO, WARNING, ERROR).",
    Parser(lambda raw: choice("debug", "info", "warning", "error").parse(raw).upper(), _LEVELS),
)
LOG_JOBS = setting(
    "NUMERIQ_LOG_JOBS",
    False,
    "Log every background job's start and end (django-tasks' « Task id=… state=… » lines, "
    "one every 30 s for the scheduler alone); failures are always logged.",
)
METRICS_TOKEN = setting(
    "NUMERIQ_METRICS_TOKEN",
    "",
    "Bearer token a Prometheus scraper sends to /metrics; empty: /metrics answers 404 "
    "(a secret: environment only).",
)

# --- Django ------------------------------------------------------------------------------

_site_host = SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
ALLOWED_HOSTS = [*_allowed_hosts, _site_host]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "numeriq.ops.apps.TasksConfig",  # django_tasks_db, named in French
    "numeriq.editions",
    "numeriq.audience",
    "numeriq.delivery",
    "numeriq.site",
    "numeriq.sources",
    "numeriq.newsroom",
    "numeriq.desk",
    "numeriq.ops",
]

MIDDLEWARE = [
    "numeriq.proxies.ForwardedHeadersMiddleware",  # before anything reads X-Forwarded-*
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "numeriq.urls"
WSGI_APPLICATION = "numeriq.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "numeriq.site.context.brand",
                "numeriq.desk.banners.stale_sends",
                "numeriq.desk.banners.publisher_details",
            ],
        },
    }
]


def _database(url: str) -> dict[str, Any]:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        # A relative SQLite path is taken from the current directory, like NUMERIQ_VAR_DIR.
        path = Path(url.removeprefix("sqlite:///")).resolve()
        url = f"sqlite:///{path}"
    if url.startswith("sqlite:////"):
        # SQLite gives the -wal and -shm files the database file's mode: 0600 for all three.
        path = Path(url.removeprefix("sqlite:///"))
        _private_dir(path.parent)
        _private_file(path)
        for suffix in ("-wal", "-shm"):  # left by an older version: tighten them too
            if (side := path.with_name(path.name + suffix)).exists():
                _private_file(side)
    try:
        config: dict[str, Any] = dj_database_url.parse(url, conn_max_age=600)
    except ValueError:
        raise SettingError(
            f"DATABASE_URL={shown(url)!r}: expected sqlite:///path or postgres://user@host:5432/db"
        ) from None
    if config["ENGINE"] == "django.db.backends.postgresql":
        require_module("psycopg", "postgres", "DATABASE_URL=postgres://…")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Kept open: opening SQLite and running its PRAGMAs costs more than most requests.
        config["CONN_MAX_AGE"] = 600
        config["CONN_HEALTH_CHECKS"] = True
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            ),
        }
    return config


DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache(url: str) -> dict[str, Any]:
    if url.startswith("redis://") or url.startswith("rediss://"):
        require_module("redis", "redis", "NUMERIQ_CACHE_URL=redis://")
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "numeriq"}
    raise SettingError(f"NUMERIQ_CACHE_URL={url!r}: expected locmem:// or redis://host:6379/0")


CACHES = {"default": _cache(CACHE_URL)}


def _mailer(url: EmailUrl) -> dict[str, Any]:
    scheme = url.scheme
    if scheme == "capture":
        return {"BACKEND": "numeriq.delivery.capture.CaptureEmailBackend"}
    if scheme == "console":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme in ("smtp", "smtps", "smtp+plain"):
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": url.host,
                "port": url.port,
                "username": url.username,
                "password": url.password,
                "use_tls": scheme == "smtp",
                "use_ssl": scheme == "smtps",
                "timeout": 20,
            },
        }
    return {"BACKEND": _ESP_BACKENDS[scheme]}


_ESP_BACKENDS = {
    "ses": "anymail.backends.amazon_ses.EmailBackend",
    "brevo": "anymail.backends.brevo.EmailBackend",
}


def _anymail(url: EmailUrl) -> dict[str, Any]:
    """django-anymail's settings for the ESP NUMERIQ_EMAIL_URL names, and its webhooks."""
    config: dict[str, Any] = {"WEBHOOK_SECRET": ESP_WEBHOOK_SECRET or []}
    if url.scheme == "ses":
        require_module("boto3", "ses", "NUMERIQ_EMAIL_URL=ses://")
        region = url.query.get("region") or url.host
        config["AMAZON_SES_CLIENT_PARAMS"] = {"region_name": region} if region else {}
        if url.query.get("configuration_set"):
            config["AMAZON_SES_CONFIGURATION_SET_NAME"] = url.query["configuration_set"]
    if url.scheme == "brevo":
        config["BREVO_API_KEY"] = BREVO_API_KEY
    return config


MAILERS = {"default": _mailer(EMAIL)}
ANYMAIL = _anymail(EMAIL)
DEFAULT_FROM_EMAIL = FROM_EMAIL
SERVER_EMAIL = FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TASKS_BACKEND == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": jobqueues.QUEUES,  # transactional emails have their own (numeriq/jobqueues.py)
    }
}

# Argon2 first: new and changed passwords are hashed with it; older hashes still verify.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "/redaction/connexion/"
LOGIN_REDIRECT_URL = "/redaction/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

USE_I18N = True
USE_TZ = True
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(mode=0o755, parents=True, exist_ok=True)  # `numeriq run` collects into it
if STATIC_ROOT.stat().st_mode & 0o777 != 0o755 and STATIC_ROOT.stat().st_uid == os.getuid():
    STATIC_ROOT.chmod(0o755)  # public files, served by the web server (made under umask 077)
WHITENOISE_USE_FINDERS = True
# Collected files are read by the web server's own user (deploy/nginx/numeriq.conf serves
# var/static/ itself), whatever the services' umask.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
}
WHITENOISE_MAX_AGE = 86400

SESSION_COOKIE_HTTPONLY = True
_https = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
# The public origin: the proxy may reach the app under another host or port.
CSRF_TRUSTED_ORIGINS = ["://".join(urlsplit(SITE_URL)[:2])]
# Believed only from NUMERIQ_TRUSTED_PROXIES: numeriq.proxies drops it from other peers.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _https
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^metrics/?$"]  # probes on the local address
SECURE_HSTS_SECONDS = HSTS_SECONDS if _https else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "https:", "data:"],
    "style-src": [CSP.SELF, CSP.NONCE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
}

LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL, LOG_JOBS)
