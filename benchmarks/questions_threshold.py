"""The Questions report's grouping threshold (assistant.topics.THRESHOLD), chosen on invented paraphrase sets.

    python benchmarks/questions_threshold.py [--cache /tmp/question-vectors.npz]

Eight questions the documents do not answer, each worded twice in each of en, fr, sv and de (written for this
sweep: none comes from an eval file; tests/test_questions_report.py groups four other ones). For each threshold
and each way of asking them — every wording; one wording per language; every wording beside 200 questions of the
generated log (benchmarks/questions_report.py); three languages of four per set — it prints how many sets stay
whole (in one group), how many groups hold questions of two sets, and how many other questions join a set's group.
It also prints the mean similarity (after centring each language) within each set and between sets' groups.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from questions_report import LANGS, meanings, vectors  # noqa: E402

from assistant import topics  # noqa: E402

THRESHOLDS = (0.1, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.3, 0.35)
# Each set: two wordings in en, fr, sv, de (in that order).
SETS = {
    "parking": [
        "Is there parking for visitors at the cluster office?",
        "Where can guests park their car when visiting the cluster's office?",
        "Y a-t-il un parking pour les visiteurs au bureau du cluster ?",
        "Où les invités peuvent-ils garer leur voiture au siège du cluster ?",
        "Finns det parkering för besökare vid klustrets kontor?",
        "Var kan gäster parkera bilen när de besöker klusterkontoret?",
        "Gibt es Besucherparkplätze am Büro des Clusters?",
        "Wo können Gäste ihr Auto parken, wenn sie das Clusterbüro besuchen?"],
    "fee": [
        "How much does a startup pay to join the cluster?",
        "What is the annual membership fee for a young company?",
        "Combien une start-up paie-t-elle pour adhérer au cluster ?",
        "Quelle est la cotisation annuelle pour une jeune entreprise ?",
        "Hur mycket betalar ett nystartat företag för att gå med i klustret?",
        "Vad är årsavgiften för medlemskap för ett ungt företag?",
        "Wie viel zahlt ein Start-up für den Beitritt zum Cluster?",
        "Wie hoch ist der jährliche Mitgliedsbeitrag für ein junges Unternehmen?"],
    "deadline": [
        "When is the deadline for the next call for proposals?",
        "By what date must applications for the upcoming funding call be submitted?",
        "Quelle est la date limite du prochain appel à projets ?",
        "Avant quelle date faut-il déposer sa candidature au prochain appel ?",
        "När är sista ansökningsdag för nästa utlysning?",
        "Senast vilket datum måste man söka i den kommande utlysningen?",
        "Wann endet die Frist für die nächste Ausschreibung?",
        "Bis wann müssen Anträge für den kommenden Förderaufruf eingereicht werden?"],
    "phone": [
        "What is the phone number of the cluster manager?",
        "How can I call the person who manages the cluster?",
        "Quel est le numéro de téléphone du gestionnaire du cluster ?",
        "Comment joindre par téléphone le responsable du cluster ?",
        "Vilket telefonnummer har klusterchefen?",
        "Hur ringer jag den som leder klustret?",
        "Wie lautet die Telefonnummer des Clustermanagers?",
        "Wie kann ich die Leiterin des Clusters telefonisch erreichen?"],
    "board": [
        "How many women sit on the cluster's board?",
        "What share of the board members are women?",
        "Combien de femmes siègent au conseil d'administration du cluster ?",
        "Quelle est la part de femmes au conseil d'administration ?",
        "Hur många kvinnor sitter i klustrets styrelse?",
        "Hur stor andel av styrelseledamöterna är kvinnor?",
        "Wie viele Frauen sitzen im Vorstand des Clusters?",
        "Wie hoch ist der Frauenanteil im Vorstand?"],
    "co2": [
        "What were the CO2 emissions of the cluster's annual conference?",
        "How large was the carbon footprint of the yearly cluster event?",
        "Quelles ont été les émissions de CO2 de la conférence annuelle du cluster ?",
        "Quelle était l'empreinte carbone de l'événement annuel du cluster ?",
        "Hur stora var koldioxidutsläppen från klustrets årliga konferens?",
        "Vilket klimatavtryck hade klustrets årliga evenemang?",
        "Wie hoch waren die CO2-Emissionen der Jahreskonferenz des Clusters?",
        "Wie groß war der CO2-Fußabdruck der jährlichen Clusterveranstaltung?"],
    "remote": [
        "Can the cluster's staff work from home?",
        "Does the cluster organisation allow remote work for its employees?",
        "Le personnel du cluster peut-il travailler à domicile ?",
        "L'organisation du cluster autorise-t-elle le télétravail pour ses salariés ?",
        "Får klustrets personal arbeta hemifrån?",
        "Tillåter klusterorganisationen distansarbete för sina anställda?",
        "Dürfen die Mitarbeitenden des Clusters von zu Hause arbeiten?",
        "Erlaubt die Clusterorganisation ihren Angestellten Homeoffice?"],
    "languages": [
        "Does the cluster offer language courses to employees of member firms?",
        "Can staff of member companies take language classes through the cluster?",
        "Le cluster propose-t-il des cours de langue aux salariés des entreprises membres ?",
        "Les employés des membres peuvent-ils suivre des cours de langues via le cluster ?",
        "Erbjuder klustret språkkurser för anställda i medlemsföretagen?",
        "Kan medlemsföretagens personal gå språkkurser genom klustret?",
        "Bietet der Cluster Sprachkurse für Beschäftigte der Mitgliedsunternehmen an?",
        "Können Angestellte der Mitglieder über den Cluster Sprachunterricht nehmen?"],
}
BACKGROUND = 200


def asked() -> list[tuple[str, str, str]]:
    """Every (set, language, wording)."""
    return [(name, list(LANGS)[i // 2], text) for name, texts in SETS.items() for i, text in enumerate(texts)]


def outcome(items: list[tuple[str, str, str]], vecs: dict[str, np.ndarray], threshold: float) -> tuple[int, int, int]:
    """(sets whole, groups holding two sets, other questions in a set's group) when these questions are grouped."""
    x = topics.neutral(np.stack([vecs[t] for _, _, t in items]), [lang for _, lang, _ in items])
    label = {}
    for n, group in enumerate(topics.group(x, threshold=threshold)):
        label.update(dict.fromkeys(group.members, n))
    sets = {name for name, _, _ in items if name in SETS}
    whole = sum(len({label[i] for i, it in enumerate(items) if it[0] == s}) == 1 for s in sets)
    holders: dict[int, set[str]] = {}
    for i, (name, _, _) in enumerate(items):
        holders.setdefault(label[i], set()).add(name)
    mixed = sum(len(names & sets) > 1 for names in holders.values())
    strays = sum(1 for i, (name, _, _) in enumerate(items) if name not in SETS and holders[label[i]] & sets)
    return whole, mixed, strays


def similarities(vecs: dict[str, np.ndarray]) -> None:
    """The mean similarity within each set and the largest between two sets' groups, after centring."""
    items = asked()
    x = topics.neutral(np.stack([vecs[t] for _, _, t in items]), [lang for _, lang, _ in items])
    names = [name for name, _, _ in items]
    means = {s: x[[n == s for n in names]].mean(axis=0) for s in SETS}
    within = {s: float(m @ m) for s, m in means.items()}  # the mean similarity of the set's pairs, self-pairs too
    between = max(float(means[a] @ means[b]) for a in SETS for b in SETS if a < b)
    print(f"mean similarity within a set: {min(within.values()):.3f} (lowest) .. {max(within.values()):.3f}; "
          f"between two sets: at most {between:.3f}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "question-vectors-sets.npz")
    parser.add_argument("--seed", type=int, default=31)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    others = [("other", lang, text) for _, _, words in meanings() for lang, text in words.items()]
    others = rng.sample(others, BACKGROUND)
    vecs = vectors([t for _, _, t in asked() + others], args.cache)
    similarities(vecs)
    every = asked()
    ways = {"every wording": every, "one per language": every[::2], f"beside {BACKGROUND} others": every + others,
            "three languages": [it for i, it in enumerate(every) if (i // 2) % 4 != list(SETS).index(it[0]) % 4]}
    print("| threshold | " + " | ".join(ways) + " |\n|---|" + "---|" * len(ways))
    for threshold in THRESHOLDS:
        cells = []
        for items in ways.values():
            whole, mixed, strays = outcome(items, vecs, threshold)
            cells.append(f"{whole}/{len(SETS)} whole, {mixed} mixed, {strays} strays")
        print(f"| {threshold} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
