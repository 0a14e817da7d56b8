"""An email's HTML checked against caniemail's support data, client by client (pure).

`uses(html)` lists the caniemail features an email uses (elements, attributes, CSS
properties and values, at-rules, selectors); `findings(html, data)` keeps those a client
does not support ("n") or supports only in part ("a", with caniemail's note). The data is
the snapshot in tests/editions/data/caniemail.json (scripts/caniemail_snapshot.py), from
Can I email… (caniemail.com), by Rémi Parmentier and contributors, MIT licence.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

type Uses = dict[str, set[str]]

_LISTS = {"ul", "ol", "dl", "li", "dt", "dd"}
_SEMANTICS = {
    "article", "aside", "details", "figcaption", "figure", "footer", "header", "main",
    "mark", "nav", "section", "summary", "time",
}  # fmt: skip
_ATTRIBUTES = {
    "align", "valign", "width", "height", "background", "cellpadding", "cellspacing", "dir",
    "lang", "role", "target", "hidden", "loading", "popover", "required", "aria-describedby",
    "aria-hidden", "aria-label", "aria-labelledby", "aria-live",
}  # fmt: skip
_IMAGE_FORMATS = {
    "jpg": "image-jpg", "jpeg": "image-jpg", "png": "image-png", "gif": "image-gif",
    "webp": "image-webp", "svg": "image-svg", "avif": "image-avif", "bmp": "image-bmp",
    "ico": "image-ico", "tif": "image-tiff", "tiff": "image-tiff", "heic": "image-heif",
}  # fmt: skip
_UNITS = ("px", "em", "rem", "pt", "vh", "vw", "vmin", "vmax", "ch", "ex", "cm", "mm", "in", "pc")
_FUNCTIONS = {
    "rgb": "css-rgb", "rgba": "css-rgba", "calc": "css-unit-calc", "min": "css-function-min",
    "max": "css-function-max", "clamp": "css-function-clamp", "var": "css-variables",
    "linear-gradient": "css-linear-gradient", "radial-gradient": "css-radial-gradient",
    "conic-gradient": "css-conic-gradient", "light-dark": "css-function-light-dark",
    "lch": "css-modern-color", "oklch": "css-modern-color", "lab": "css-modern-color",
    "oklab": "css-modern-color",
}  # fmt: skip
_MEDIA_FEATURES = {
    "prefers-color-scheme": "css-at-media-prefers-color-scheme",
    "prefers-reduced-motion": "css-at-media-prefers-reduced-motion",
    "orientation": "css-at-media-orientation",
    "hover": "css-at-media-hover",
    "any-hover": "css-at-media-hover",
    "-webkit-device-pixel-ratio": "css-at-media-device-pixel-ratio",
    "-webkit-min-device-pixel-ratio": "css-at-media-device-pixel-ratio",
}
# Properties whose feature is not named after them.
_PROPERTIES = {
    "font": "css-font",
    "color-scheme": "css-color-scheme",
    "left": "css-left-right-top-bottom",
    "right": "css-left-right-top-bottom",
    "top": "css-left-right-top-bottom",
    "bottom": "css-left-right-top-bottom",
}
_COMBINATORS = {">": "child", "+": "adjacent-sibling", "~": "general-sibling"}
_SIDES = re.compile(r"-(top|right|bottom|left)(-(width|style|color))?$")


@dataclass(frozen=True)
class Finding:
    """One feature that one client platform does not support, or only in part."""

    client: str
    platform: str
    feature: str
    title: str
    support: str  # "n" or "a"
    notes: tuple[str, ...]
    used_by: tuple[str, ...]

    def line(self, data: dict) -> str:
        """One readable line: client, support, feature, notes and what uses it."""
        name = f"{data['clients'][self.client]} {data['platforms'].get(self.platform, '')}"
        support = {"n": "not supported", "a": "partial"}[self.support]
        notes = f" ({' '.join(self.notes)})" if self.notes else ""
        used = "; ".join(self.used_by[:4]) + (" …" if len(self.used_by) > 4 else "")
        return f"{name}: {self.title} {support}{notes}. Used by: {used}"


def load(path: Path) -> dict:
    """The caniemail snapshot as a dict."""
    return json.loads(path.read_text(encoding="utf-8"))


def findings(html: str, data: dict) -> list[Finding]:
    """Every use of a feature that a client does not fully support, client by client."""
    out = []
    for feature, used_by in sorted(uses(html, data).items()):
        entry = data["features"].get(feature)
        if entry is None:
            continue
        for client, platforms in sorted(entry["support"].items()):
            for platform, value in sorted(platforms.items()):
                support = value[0]
                if support not in "na":
                    continue
                cited = re.findall(r"#(\d+)", value.split(" (")[0])
                notes = tuple(entry["notes"][n] for n in cited if n in entry["notes"])
                out.append(
                    Finding(client, platform, feature, entry["title"], support, notes,
                            tuple(sorted(used_by)))
                )  # fmt: skip
    return sorted(out, key=lambda f: (f.client, f.platform, f.feature))


def uses(html: str, data: dict) -> Uses:
    """caniemail feature slug → short descriptions of what in the HTML uses it."""
    scanner = _Scanner(_property_index(data))
    scanner.feed(html)
    scanner.close()
    return dict(scanner.found)


def _property_index(data: dict) -> dict[str, str]:
    """CSS property name → feature slug, from the features' titles, then the exceptions."""
    index: dict[str, str] = {}
    skip = ("css-at-", "css-pseudo", "css-unit", "css-selector", "css-function")
    for slug, feature in data["features"].items():
        if not slug.startswith("css-") or slug.startswith(skip):
            continue
        for name in re.split(r",\s*|\s+&\s+|\s+and\s+", feature["title"].removesuffix(" property")):
            if re.fullmatch(r"[a-z]+(-[a-z]+)*", name.strip()):
                index.setdefault(name.strip(), slug)
    return index | _PROPERTIES


class _Scanner(HTMLParser):
    def __init__(self, properties: dict[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.properties = properties
        self.found: Uses = defaultdict(set)
        self.in_style = False
        self.in_body = False

    def use(self, feature: str, what: str) -> None:
        self.found[feature].add(what)

    def handle_decl(self, decl: str) -> None:
        if decl.lower() == "doctype html":
            self.use("html-doctype", "<!DOCTYPE html>")

    def handle_comment(self, data: str) -> None:
        self.use("html-comments", "<!--[if mso]>" if data.startswith("[if") else "<!-- -->")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.in_body = self.in_body or tag == "body"
        self._tag(tag, values)
        for name, value in values.items():
            if name in _ATTRIBUTES:
                self.use(f"html-{name}", f'{name}="{value}" on <{tag}>')
            elif name in ("srcset", "sizes"):
                self.use("html-srcset", f"{name}= on <{tag}>")
            elif name == "inert":
                self.use("css-inert-attribute", f"inert on <{tag}>")
            elif name == "style":
                css_class = values.get("class", "").split()
                self._declarations(value, f"<{'.'.join([tag, *css_class])}>")
        if tag == "style":
            self.in_style = True
            where = "<style> in <body>" if self.in_body else "<style> in <head>"
            self.use("html-style", where)

    def _tag(self, tag: str, values: dict[str, str]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.use("html-h1-h6", f"<{tag}>")
        elif tag in _LISTS:
            self.use("html-lists", f"<{tag}>")
        elif tag in _SEMANTICS:
            self.use("html-semantics", f"<{tag}>")
        elif tag in ("button", "input"):
            kind = values.get("type", "submit" if tag == "button" else "text")
            self.use(f"html-{tag}-{kind}", f'<{tag} type="{kind}">')
        elif tag == "meta" and values.get("name") == "color-scheme":
            self.use("html-meta-color-scheme", '<meta name="color-scheme">')
        elif tag == "a":
            href = values.get("href", "")
            if href.startswith("#"):
                self.use("html-anchor-links", f'<a href="{href}">')
            elif href.startswith("mailto:"):
                self.use("html-mailto-links", "<a href=mailto:>")
        elif tag == "img":
            src = values.get("src", "")
            if src.startswith("data:"):
                self.use("image-base64", "<img src=data:>")
            extension = src.split("?")[0].rpartition(".")[2].lower()
            if extension in _IMAGE_FORMATS:
                self.use(_IMAGE_FORMATS[extension], f"<img> .{extension}")
        if tag != "style":
            self.use(f"html-{tag}", f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self._stylesheet(data)

    def _stylesheet(self, css: str) -> None:
        if "/*" in css:
            self.use("css-comments", "/* */ in <style>")
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        for prelude, body in _blocks(css):
            self._rule(prelude, body)

    def _rule(self, prelude: str, body: str, context: str = "") -> None:
        if prelude.startswith("@"):
            name = re.match(r"@([\w-]+)", prelude)
            at = name.group(1) if name else ""
            self.use(f"css-at-{at}", f"@{at}")
            for feature in re.findall(r"\(\s*(?:min-|max-)?([\w-]+)\s*[:)]", prelude):
                if feature in _MEDIA_FEATURES:
                    self.use(_MEDIA_FEATURES[feature], f"@media ({feature})")
            if at in ("media", "supports"):
                for inner in _blocks(body):
                    self._rule(*inner, context=f"{prelude} ")
            return
        selectors = [s.strip() for s in prelude.split(",")]
        if len(selectors) > 1:
            self.use("css-selector-grouping", prelude)
        for selector in selectors:
            self._selector(selector)
            self._declarations(body, context + selector)

    def _selector(self, selector: str) -> None:
        bare = re.sub(r"\[[^\]]*\]", "[]", selector)
        if "[]" in bare:
            self.use("css-selector-attribute", selector)
        for combinator, feature in _COMBINATORS.items():
            if combinator in bare:
                self.use(f"css-selector-{feature}", selector)
        compounds = re.split(r"\s*[>+~]\s*|\s+", bare.strip())
        if len(compounds) > 1 and re.search(r"[^\s>+~]\s+[^\s>+~]", bare):
            self.use("css-selector-descendant", selector)
        for compound in compounds:
            simple = re.findall(r"::?[\w-]+(?:\([^)]*\))?|[.#]?[\w-]+|\*|\[\]", compound)
            kinds = [s for s in simple if not s.startswith(":")]
            if len(kinds) > 1:
                self.use("css-selector-chaining", selector)
            for part in simple:
                if part.startswith("::"):
                    self.use(f"css-pseudo-element-{part[2:]}", selector)
                elif part.startswith(":"):
                    self.use(f"css-pseudo-class-{part[1:].split('(')[0]}", selector)
                elif part.startswith("."):
                    self.use("css-selector-class", selector)
                elif part.startswith("#"):
                    self.use("css-selector-id", selector)
                elif part == "*":
                    self.use("css-selector-universal", selector)
                elif part != "[]":
                    self.use("css-selector-type", selector)

    def _declarations(self, block: str, where: str) -> None:
        for declaration in block.split(";"):
            name, _, value = declaration.partition(":")
            name, value = name.strip().lower(), value.strip()
            if not name or not value or name.startswith(("-", "mso-")):
                continue
            self._declaration(name, value, f"{name}: {value} in {where}")

    def _declaration(self, name: str, value: str, what: str) -> None:
        if "!important" in value:
            self.use("css-important", what)
            value = value.replace("!important", "").strip()
        feature = self.properties.get(name) or self.properties.get(_SIDES.sub("", name))
        if feature:
            self.use(feature, what)
        if name == "display":
            special = {"none": "none", "flex": "flex", "inline-flex": "flex", "grid": "grid"}
            if value in special:
                self.use(f"css-display-{special[value]}", f"display: {value} ({what})")
        if name in ("font-family", "font") and re.search(r"\b(system-ui|ui-\w+)\b", value):
            self.use("css-sytem-ui", what)
        for function in re.findall(r"([\w-]+)\(", value):
            if function in _FUNCTIONS:
                self.use(_FUNCTIONS[function], f"{function}() in {what}")
        for unit in re.findall(r"(?<![\w#.-])\d*\.?\d+(%|[a-z]+)(?![\w-])", value):
            if unit in _UNITS or unit == "%":
                slug = "percent" if unit == "%" else unit
                self.use(f"css-unit-{slug}", f"{unit} in {what}")
        if re.search(r"\binitial\b", value):
            self.use("css-unit-initial", f"initial in {what}")


def _blocks(css: str) -> list[tuple[str, str]]:
    """Top-level `prelude { body }` pairs of a stylesheet, nested braces kept in the body."""
    out, depth, start, prelude = [], 0, 0, ""
    for index, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[start:index].strip(), index + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                out.append((prelude, css[start:index]))
                start = index + 1
    return out
