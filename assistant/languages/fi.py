"""Finnish: everything the project knows of the language (see assistant/languages/__init__.py)."""

from ._language import Language, words

LANGUAGE = Language(
    code="fi",
    name="Finnish",
    stemmer="finnish",
    stopwords=words("""
        ja on ei se että oli ovat tai kuin
    """),
    question_words=words("""
        mikä mitkä mitä kuka ketkä milloin missä miksi miten kuinka monta paljon on ovat ja oli
    """),
    follow_up_cues=("entä", "ja", "mutta"),
    pronouns=words("""
        se sen ne niiden sitä niitä hän hänen tämä tämän
    """),
    asking=words("""
        mikä mitkä mitä kuka milloin missä miksi miten kuinka
    """),
    number_words=words("""
        kaksi kolme neljä viisi kuusi
    """),
    quantity=(
        "kuinka (monta|paljon)",
    ),
    money_question=(
        r"palk(?:ka|an)\w*",
        r"budjet\w*",
        r"rahoitu\w*",
        r"kustannu\w*",
        r"paljonko (?:\w+ )?maksa\w*",
        r"kuinka paljon (?:\w+ )?(?:rahaa|rahoitusta|tukea)",
    ),
    amount=(
        r"\bmiljoona\w*",
        r"\bmiljardi\w*",
        r"\beuroa\b",
    ),
    person_question=(
        r"\bkuka\b.*\b(puheenjohtaja\w*|johtaja\w*|pääjohtaja\w*|toimitusjohtaja\w*|johtaa|johti)\b",
    ),
    role_opening=(
        "puheenjohtaja",
        "johtaja",
        "pääjohtaja",
    ),
    company_forms=words("Oy Oyj"),
    numerals={"kaksi": 2, "kolme": 3, "neljä": 4, "viisi": 5, "kuusi": 6, "seitsemän": 7,
              "kahdeksan": 8, "yhdeksän": 9, "kymmenen": 10, "kaksitoista": 12, "kaksikymmentä": 20, "sata": 100},
    # The domain's common words in this language, keyed by the English concept: a query's word in any language
    # highlights them in this language's passages (ui/snippets).
    concepts={
        "cluster": words("klusteri klusterit"),
        "training": words("koulutus koulutusta koulutuksen"),
        "manager": words("johtaja johtajat johtaminen"),
        "internationalisation": words("kansainvälistyminen kansainvälistäminen vienti"),
        "company": words("yritys yritykset yritysten"),
        "digitalisation": words("digitalisaatio digitalisointi digitaalinen"),
        "funding": words("rahoitus rahoitusta tuki"),
        "cooperation": words("yhteistyö yhteistyötä"),
        "network": words("verkosto verkostot"),
        "research": words("tutkimus"),
        "skills": words("osaaminen osaamista"),
        "practice": words("käytäntö käytännöt esimerkki"),
        "sustainability": words("kestävä kestävyys"),
        "energy": words("energia"),
        "health": words("terveys"),
        "member": words("jäsen jäsenet"),
        "startup": words("startup kasvuyritys"),
    },
    terms={"EU": ("EU",), "GDP": ("BKT",), "SME": ("pk-yritys", "pk-yritykset"), "ERDF": ("EAKR",),
           "R&D": ("T&K", "TKI"), "ICT": ("ICT", "TVT"), "AI": ("tekoäly",), "EC": ("EK",)},
    date_question=(r"\bmilloin\b", r"\bminä vuonna\b", r"\bmistä lähtien\b"),
    place_question=(r"\bmissä\b", r"\bmissä (?:kaupungissa|maassa)\b"),
    who_question=(r"\bkuka\b", r"\bketkä\b", r"\bmikä (?:organisaatio|yritys|yliopisto)\b"),
    collection_words=words("""
        asiakirjat asiakirjoissa asiakirjojen asiakirja lähteet lähteissä lähde tekstit tekstissä sivut sivulla
    """),
    subject_link="–",
    phrases={
        "intro": "Lähteiden mukaan:",
        "sources": "Lähteet",
        "page": "s.",
        "none": "En löytänyt asiakirjoista vastausta tähän kysymykseen. Lähimmät kohdat:",
        "missing": "Asiakirjoissa ei mainita: {what}. Lähimmät kohdat:",
        "amount": "summaa",
        "person": "kysyttyä henkilöä",
        "fallback": "Kielimalli ei voinut vastata ({error}); tässä poimittu vastaus.",
        "rejected": "Kielimallin vastaus hylättiin ({why}); tässä poimittu vastaus.",
        "unchecked": "Kielimallin vastaus näytetään, vaikka tarkistus epäonnistui ({why}).",
        "why_uncited": "se ei viittaa yhteenkään kohtaan",
        "why_language": "se ei ole suomeksi",
        "why_empty": "se on tyhjä",
        "understood": "Tulkittu muotoon",
    },
)
