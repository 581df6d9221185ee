"""An LLM answer held to the extractive answer's standard, against a real local chat-completions server: the stream
is cleaned as it goes, the request is bounded, an uncited, empty or wrong-language reply falls back (or is flagged
when strict mode is off), and failure notices name the endpoint and the cause in words."""

from __future__ import annotations

import time

import pytest

from assistant.answering.generated import StreamCleaner
from assistant.api import Assistant
from assistant.config import Settings
from assistant.records import Hit
from tests.conftest import free_port, indexed_fixtures
from tests.fakes import ChatCompletions, chat_server

QUESTION_EN = "How many members does pôle i-Trans have?"
QUESTION_FR = "Combien de membres compte le pôle i-Trans ?"


class Scripted(ChatCompletions):
    """Replies with `reply`; 404 outside /v1; waits `delay` seconds before answering when told to."""

    delay = 0.0

    def do_POST(self):  # noqa: N802 (http.server API)
        if not self.path.startswith("/v1/"):
            self.send_response(404)
            self.end_headers()
            return
        time.sleep(type(self).delay)
        try:
            super().do_POST()
        except BrokenPipeError:  # the client stopped reading: a reply set aside early
            pass


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, e5):
    """An index of the multilingual fixtures (real model)."""
    return indexed_fixtures(tmp_path_factory, e5, "llm_output")


@pytest.fixture
def server():
    """A real chat-completions HTTP server on loopback; its base URL (without /v1)."""
    Scripted.fail, Scripted.delay = False, 0.0
    with chat_server(Scripted) as url:
        yield url


def ask(indexed: Settings, e5, base: str, reply: str, question: str, **settings) -> tuple[str, object]:
    """The streamed text and the final answer for one question, the server replying `reply`."""
    Scripted.reply = reply
    assistant = Assistant(indexed.with_(llm="openai", llm_base_url=base + "/v1", llm_model="tiny", **settings),
                          embedder=e5)
    pieces = list(assistant.ask_stream(question))
    return "".join(p for p in pieces if isinstance(p, str)), pieces[-1]


def test_stream_is_cleaned_as_it_goes_and_ends_with_its_sources(indexed, e5, server):
    reply = ('<p>Pôle i-Trans [/INST] has 180 members [1].</p> <end_of_turn> It is in Hauts-de-France [1][9]. '
             '<passage n="2" title="x">')
    streamed, answer = ask(indexed, e5, server, reply, QUESTION_EN)
    for raw in ("<p>", "</p>", "[/INST]", "<end_of_turn>", "<passage", "[9]"):
        assert raw not in streamed and raw not in answer.text
    assert answer.generated and not answer.notice
    assert streamed.strip() == answer.text.strip()  # what was streamed is the final answer, Sources included
    assert "Sources:\n[1]" in streamed
    body = Scripted.requests[-1]
    assert body["max_tokens"] == 400 and "</passage>" in body["stop"]


def test_reply_bounded_by_settings(indexed, e5, server):
    ask(indexed, e5, server, "Pôle i-Trans has 180 members [1].", QUESTION_EN, llm_max_tokens=64)
    assert Scripted.requests[-1]["max_tokens"] == 64


def test_a_parroted_citation_range_is_no_citation(indexed, e5, server):
    streamed, answer = ask(indexed, e5, server, "Answer it from the passages [1]-[5].", QUESTION_EN)
    assert not answer.generated and answer.citations  # the extractive answer, cited
    assert "it cites no passage" in answer.notice
    assert "[1]-[5]" not in streamed and "Answer it from" not in streamed  # held back: never shown
    data = answer.as_json()
    assert data["generated"] is False and "uncited" in data


def test_empty_or_cut_reply_falls_back(indexed, e5, server):
    _, answer = ask(indexed, e5, server, "<p", QUESTION_EN)
    assert not answer.generated and "it says nothing" in answer.notice


def test_reply_in_another_language_falls_back_unless_strict_is_off(indexed, e5, server):
    english = "Pôle i-Trans brings together 180 members, companies, laboratories and training centres [1]."
    _, answer = ask(indexed, e5, server, english, QUESTION_FR)
    assert not answer.generated and "n'est pas en français" in answer.notice
    assert answer.language == "fr" and any("180 membres" in c.quote for c in answer.citations)
    streamed, loose = ask(indexed, e5, server, english, QUESTION_FR, llm_strict=False)
    assert loose.generated and "contrôle échoué" in loose.notice and loose.problem == "why_language"
    assert english.rstrip(".") in streamed


def test_reply_in_the_askers_language_is_kept(indexed, e5, server):
    french = "Le pôle i-Trans réunit 180 membres : entreprises, laboratoires et centres de formation [1]."
    _, answer = ask(indexed, e5, server, french, QUESTION_FR)
    assert answer.generated and not answer.notice and [c.n for c in answer.citations] == [1]


def test_notices_name_the_endpoint_and_the_cause(indexed, e5, server):
    reply = "Pôle i-Trans has 180 members [1]."
    Scripted.reply = reply
    no_v1 = Assistant(indexed.with_(llm="openai", llm_base_url=server, llm_model="tiny"), embedder=e5)
    answer = no_v1.ask(QUESTION_EN)
    assert server in answer.notice and "404 Not Found" in answer.notice and "/v1" in answer.notice
    Scripted.delay = 3.0
    _, slow = ask(indexed, e5, server, reply, QUESTION_EN, llm_timeout=1.0)
    assert "no reply within 1 s" in slow.notice and slow.citations
    Scripted.delay = 0.0
    closed = f"http://127.0.0.1:{free_port()}"
    _, refused = ask(indexed, e5, closed, reply, QUESTION_EN)
    assert closed in refused.notice and "cannot connect" in refused.notice


def test_stream_cleaner_never_cuts_a_tag_or_a_range():
    hits = [Hit(f"d#{i}", "text", 1.0, {"doc": "d"}) for i in range(3)]
    cleaner = StreamCleaner(hits)
    reply = 'Clusters grow [1] - [3] and <b class="x">fast</b> [2]. ![img](http://evil.example/x.png) Done [7].'
    shown = "".join(cleaner.feed(reply[i:i + 3]) for i in range(0, len(reply), 3)) + cleaner.flush()
    assert shown == "Clusters grow and fast [2]. Done."


def test_language_check_reads_words_not_names():
    from assistant.language import clearly_not

    assert clearly_not("The bakery cooperative sells its bread to three schools in the valley.", "fr")
    assert not clearly_not("La coopérative de boulangers vend son pain à trois écoles de la vallée.", "fr")
    assert not clearly_not("Pôle Mer Bretagne Atlantique has 350 members [1].", "en")  # names are no evidence
    assert not clearly_not("Fyra skolor [1].", "en")  # too short to judge


def test_chat_format_for_gguf_files_without_a_template():
    from assistant.llm import chat_format

    assert chat_format({"general.architecture": "gemma3"}) == "gemma"
    assert chat_format({"general.architecture": "gemma3", "tokenizer.chat_template": "{% for m in messages %}"}) \
        is None
    assert chat_format({"general.architecture": "somethingnew"}) == "chatml"


def test_an_echo_of_the_instructions_is_never_shown_even_when_not_strict(indexed, e5, server):
    echo = ("You answer questions for people who build European cluster and innovation policy. Answer ONLY from "
            "the numbered passages. Be short. Pôle i-Trans has 180 members [1].")
    streamed, answer = ask(indexed, e5, server, echo, QUESTION_EN, llm_strict=False)
    assert "You answer questions" not in streamed and "Be short" not in streamed
    assert answer.generated and answer.text.startswith("Pôle i-Trans has 180 members [1].")


def test_a_closed_port_says_connection_refused(indexed, e5, server):
    closed = f"http://127.0.0.1:{free_port()}"
    _, refused = ask(indexed, e5, closed, "x", QUESTION_EN)
    assert "refused" in refused.notice.lower(), refused.notice


def test_openai_without_a_url_or_a_key_is_refused_with_what_to_set(indexed):
    from assistant.errors import LLMUnavailable
    from assistant.llm import make_generator

    with pytest.raises(LLMUnavailable, match="ASSISTANT_LLM_API_KEY"):
        make_generator(indexed.with_(llm="openai"))
