"""Document languages: recognised in documents (lingua), stemmed and searched, but not (yet) asked or answered in.
An answer language has its own module (en.py, fr.py, …) with every field filled in."""

from ._language import Language, words

LANGUAGES = (
    Language("ro", "Romanian", "romanian", stopwords=words("și în de la cu pe din care este un o ale")),
    Language("it", "Italian", "italian", company_forms=words("Srl SpA")),
    Language("nl", "Dutch", "dutch", company_forms=words("BV NV vzw")),
    Language("da", "Danish", "danish"),
    Language("nb", "Norwegian", "norwegian"),
    Language("pl", "Polish", "polish"),
    Language("et", "Estonian", "estonian"),
    Language("lt", "Lithuanian", "lithuanian"),
    Language("lv", "Latvian"),  # no Snowball stemmer
    Language("cs", "Czech", "czech"),
)
