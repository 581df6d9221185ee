"""Cleaning by general rules: Unicode NFC, invisible characters, boilerplate lines, PDF hyphenation."""

from __future__ import annotations

import re
import unicodedata

# Zero-width and bidi control characters: invisible, they break tokens and can hide text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRACKING_PARAM = re.compile(r"([?&])(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|_hsenc|_hsmi|igshid)=[^&\s#]*", re.I)

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


def clean_text(text: str, doctype: str = "text") -> str:
    """Return the text with boilerplate removed and whitespace normalised; PDF lines are re-flowed."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _TRACKING_PARAM.sub(lambda m: m.group(1), text)
    text = re.sub(r"\?&+", "?", re.sub(r"&{2,}", "&", text))
    text = re.sub(r"[?&](?=[\s#]|$)", "", text, flags=re.MULTILINE)
    if doctype == "pdf":
        text = reflow_pdf(text)
    lines = [line for line in text.split("\n") if not is_boilerplate(line)]
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
    """Join words hyphenated across lines, and lines of one paragraph into running text."""
    text = _HYPHENATED.sub(r"\1\2", text)
    # A line break inside a sentence is layout, not structure; keep breaks after sentence ends.
    return re.sub(r"(?<![.!?:;\n])\n(?!\n)(?=\S)", " ", text)
