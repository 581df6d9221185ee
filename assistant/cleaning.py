"""Cleaning by general rules: Unicode NFC, invisible characters, boilerplate lines, PDF hyphenation."""

from __future__ import annotations

import re
import unicodedata

# Zero-width and bidi control characters: invisible, they break tokens and can hide text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Whole lines that are page furniture in any of the corpus languages, never content.
_BOILERPLATE = re.compile(
    r"""^(
        fbpx | translated\ by\ google(\ translate)? | powered\ by\ google\ translate
      | (share|partager|dela|teilen|jaa|compartilhar|partajeaz[aă])(\ (on|this|sur|på|auf|no|pe)\b.*)?
      | (facebook|twitter|linkedin|x|email|e-mail|whatsapp|print|imprimer|skriv\ ut|drucken)
      | tweet | pin\ it | copy\ link | (read|lire|läs|weiterlesen|lue)\ (more|la\ suite|mer|lisää)
      | skip\ to\ (main\ )?content | aller\ au\ contenu( principal)? | hoppa\ till\ innehåll
      | zum\ inhalt\ springen | siirry\ sisältöön | back\ to\ top | retour\ en\ haut | menu | meny | home
      | accueil | startseite | hem | etusivu | previous|next|précédent|suivant|föregående|nästa
    )[\s.!:|]*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Sharing, liking, newsletter, reading-time and photo-credit furniture inside a short line, in the corpus' languages.
_SOCIAL = re.compile(
    r"share\ on\ (facebook|twitter|linkedin|x|whatsapp) | tweet\ about\ this | partagez?\ (l[’']info|sur)"
    r"| vous\ aimez | j[’']aime | gefällt\ mir | gilla | tykkää | dela\ på | teilen\ auf | compartilhe"
    r"| (subscribe|sign\ up|abonnez-vous|s[’']abonner|inscrivez-vous|prenumerera|abonnieren|tilaa)\b.{0,40}"
    r"(newsletter|lettre|nyhetsbrev|uutiskirje)"
    r"| ^(temps\ de\ lecture|reading\ time|lesezeit|lästid|lukuaika)\b"
    r"| ^(foto|photo|bild|bildrechte|bildquelle|kuva|crédits?\ photos?|fotografia|image)\s*(:|©)",
    re.IGNORECASE | re.VERBOSE)
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
_COOKIE_WORDS = re.compile(
    r"accept|consent|\buse|utilis|används|använder|verwende|käytä|settings|policy|politique|paramètres|"
    r"datenschutz|privacy|evästeet", re.IGNORECASE)
# Breadcrumbs such as "Home > News > Title" or "///Title".
_BREADCRUMB = re.compile(r"^\s*(///.*|(\S[^>\n]{0,40}\s[>»›]\s){2,}.*)$")
_HYPHENATED = re.compile(r"([^\W\d_])-\n([a-zß-öø-ÿœæ])")


TITLE_CHARS = 300  # a document's title is cut past this (a web page's <title> or a PDF's is the file's to choose)


def clean_title(title: str) -> str:
    """A document's title on one line: NFC, no invisible (bidi, zero-width) or control character, whitespace
    collapsed, at most TITLE_CHARS (cut at a word, with "…")."""
    return cut_at_word(" ".join(_CONTROL.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFC", title))).split()),
                       TITLE_CHARS)


def cut_at_word(text: str, limit: int) -> str:
    """The text, or when longer than `limit` its first `limit` characters cut back to a word, with "…"."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def clean_text(text: str, doctype: str = "text") -> str:
    """Return the text with boilerplate removed and whitespace normalised; PDF lines are re-flowed."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    # Nothing inside a line is rewritten but whitespace: a quote must stand in the document as written (a "?" or
    # "&" dropped for the sake of tidy URLs once cut "Research & Development" and every question mark).
    if doctype == "pdf":
        text = reflow_pdf(text)
    # A dropped line leaves a paragraph break: no sentence or quote can then join the lines it stood between
    # (they are not next to each other in the document).
    lines = ["" if is_boilerplate(line) else line for line in text.split("\n")]
    text = "\n".join(re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def is_boilerplate(line: str) -> bool:
    """True for a line that is navigation, sharing, cookie or translation furniture."""
    stripped = line.strip()
    if not stripped:
        return False
    if len(stripped) < 250 and _COOKIE.search(stripped) and _COOKIE_WORDS.search(stripped):
        return True
    if len(stripped) < 200 and _SOCIAL.search(stripped):
        return True
    return bool(_BOILERPLATE.match(stripped)) or bool(_BREADCRUMB.match(stripped))


def reflow_pdf(text: str) -> str:
    """Join words hyphenated across lines, and lines of one paragraph into running text; a heading or date line
    keeps its line break (it is a unit of its own, never the start of the next sentence)."""
    text = _HYPHENATED.sub(r"\1\2", text)
    lines = text.split("\n")
    widths = sorted(len(line.strip()) for line in lines if len(line.strip()) > 20)
    typical = widths[len(widths) // 2] if widths else 0  # the body text's line width on this page
    out: list[str] = []
    for n, line in enumerate(lines):
        out.append(line)
        if n + 1 == len(lines):
            break
        following = lines[n + 1]
        # A line break inside a sentence is layout, not structure; keep breaks after sentence ends and headings.
        joins = bool(line.strip()) and following[:1].strip() != "" and not _ENDS_SENTENCE.search(line) and not (
            heading_line(line, typical) and (following[:1].isupper() or following[:1].isdigit()))
        out.append(" " if joins else "\n")
    return "".join(out)


_ENDS_SENTENCE = re.compile(r"[.!?:;…][\"'”’»)\]]*\s*$")
_LIST_ITEM = re.compile(r"^\s*([•·▪◦‣●○■□\-–—*]|\d{1,3}[.)]\s)")
_MONTHS = (r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|mai|juin|juil|août|sept|déc|"
           r"januari|februari|mars|april|maj|juni|juli|augusti|oktober|november|december|januar|februar|märz|"
           r"dezember|tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu|enero|febrero|marzo|"
           r"abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|"
           r"junho|julho|setembro|outubro|novembro|dezembro")
_DATE = re.compile(rf"^[\w ,.]{{0,30}}\b(\d{{1,2}}[./ ]\s?\d{{1,2}}[./]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|"
                   rf"\d{{1,2}}\.?\s+(de\s+)?({_MONTHS})\w*\.?\s+(de\s+)?\d{{4}}|({_MONTHS})\w*\.?\s+\d{{1,2}},?\s+\d{{4}})"
                   rf"\s*$", re.IGNORECASE)


def ends_sentence(text: str) -> bool:
    """Whether a text ends as a sentence does (. ! ? : ; … and closing quotes or brackets)."""
    return bool(_ENDS_SENTENCE.search(text))


def is_date(line: str) -> bool:
    """Whether a line is a date alone ("lunes, 27 de junio de 2011", "12.03.2024", "March 3, 2021")."""
    return bool(_DATE.match(line.strip()))


def heading_line(line: str, typical: int | None = None) -> bool:
    """Whether a line reads as a heading or a date: not a list item, without the punctuation that ends a sentence,
    and (with `typical`, a PDF page's usual line width; 0 when unknown) well short of a full line."""
    stripped = line.strip()
    if not stripped or len(stripped) > 200 or _ENDS_SENTENCE.search(stripped) or _LIST_ITEM.match(stripped) \
            or stripped.endswith(("-", ",")):
        return False
    return typical is None or is_date(stripped) or 0 < len(stripped) < 0.7 * typical
