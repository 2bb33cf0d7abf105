"""The attribution helper on the seed articles' reported speech.

Each article is labelled here as a careful annotator would (actors, quotes, a few
claims), and the speaker a careful reader gives each quote or claim is written down
next to it. The helper must offer exactly that speaker. Quotes whose speaker a
careful reader could not name from the text are left out, and said why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import resources
from annotator.core.model import NewRelation, Span, Status
from annotator.nlp.attribution import suggest_speakers
from annotator.services.attribution import speaker_suggestions
from annotator.services.importing import import_paths

SEED_ARTICLES = Path(str(resources.folder("samples")))  # the seed articles, as shipped

Place = tuple[str, int]  # the text and which occurrence of it (0: the first)

# article file -> (actors, quotes, claims, expected speaker of each quote or claim)
ARTICLES: dict[str, dict[str, list]] = {
    "000_84c015ed375f4388.txt": {
        "actor": [("Russian Defense Minister Sergey Shoigu", 0), ("Cuba", 0),
                  ("Nicaragua", 0), ("Venezuela", 1), ("The Russian official", 0),
                  ("the United States", 0), ("Shoigu", 1), ("the Sputnik news agency", 0),
                  ("Jorge Arreaza", 0), ("Russia", 3), ("Sergei Lavrov", 0), ("Caracas", 0),
                  ("Moscow", 3)],
        "quote": [("“They are nations that for years have faced different forms of pressure "
                   "and even threats of the use of force,”", 0),
                  ("“We continue to negotiate the supplies of new shipments of weapons based "
                   "on the needs of the Armed Forces and the security forces of our Venezuelan "
                   "friends,”", 0)],
        "claim": [("his country cooperates in the technical-military sphere with Cuba, "
                   "Nicaragua and Venezuela", 0),
                  ("both countries are continuing negotiations regarding military supplies "
                   "for Caracas", 0),
                  ("Moscow is willing to continue helping Venezuela improve its defensive "
                   "capacity", 0)],
        "speakers": [
            # "he said": the official of the sentence before (Shoigu).
            (("“They are nations", 0), ("The Russian official", 0)),
            # "he commented", after Lavrov "reported … and assured".
            (("“We continue to negotiate", 0), ("Sergei Lavrov", 0)),
            (("his country cooperates", 0), ("Russian Defense Minister Sergey Shoigu", 0)),
            (("both countries are continuing", 0), ("Sergei Lavrov", 0)),
            (("Moscow is willing", 0), ("Sergei Lavrov", 0)),
        ]},
    "001_aa807b893a632629.txt": {
        "actor": [("Maduro", 0), ("Venezuelan President Nicolás Maduro", 0), ("Russia", 1),
                  ("Russian President Vladimir Putin", 0), ("Maduro", 2), ("Caracas", 0),
                  ("the Venezuelan president", 0), ("Moscow", 1), ("Putin", 1),
                  ("President Putin", 0), ("Russian government spokesman Dmitry Peskov", 0),
                  ("Maduro", 4), ("Putin", 3), ("Maduro", 5), ("Moscow", 2), ("Maduro", 6),
                  ("The Venezuelan leader", 0), ("China", 0), ("Maduro", 7),
                  ("US President Donald Trump", 0), ("Jair Bolsonaro", 0),
                  ("The Bolivarian president", 0)],
        "quote": [("‘full Russian support in defense’", 0),
                  ("“We have received full support in areas such as defense industry "
                   "cooperation. Venezuela has one of the most advanced weapon systems in the "
                   "world,”", 0),
                  ("“I discussed this with President Putin and he reaffirmed Russia’s full "
                   "support to allow Venezuela to strengthen its combat and weapons systems to "
                   "protect sovereignty and national peace,”", 0),
                  ("“continuity”", 0), ("“the top equipment in the world”", 0),
                  ("“With Russia we have strategic alliances for military cooperation. We have "
                   "the world’s top equipment, anti-missile air defense, anti-missile ground "
                   "defense,”", 0),
                  ("“a good weapons system thanks to Russia”", 0),
                  ("“good military agreements”", 0),
                  ("“Venezuela’s defense depends on Venezuelans.”", 0),
                  ("“more united than ever”", 0), ("“powerful”", 0),
                  ("“the country’s military defense.”", 0)],
        "claim": [("his government had full support from Russia in the defense sector", 0)],
        "speakers": [
            (("‘full Russian support", 0), ("Maduro", 0)),  # the headline
            (("“We have received", 0), ("Maduro", 2)),
            # "he said", after "the Venezuelan president commented" in the sentence before.
            (("“I discussed this", 0), ("the Venezuelan president", 0)),
            (("“continuity”", 0), ("Russian government spokesman Dmitry Peskov", 0)),
            (("“the top equipment", 0), ("Maduro", 5)),
            (("“With Russia", 0), ("Maduro", 6)),
            # "The Venezuelan leader said … and that … “…”, adding that “…”"
            (("“a good weapons system", 0), ("The Venezuelan leader", 0)),
            (("“good military agreements”", 0), ("The Venezuelan leader", 0)),
            (("“Venezuela’s defense", 0), ("The Venezuelan leader", 0)),
            (("“more united than ever”", 0), ("Maduro", 7)),
            (("“powerful”", 0), ("The Bolivarian president", 0)),
            (("“the country’s military defense.”", 0), ("The Bolivarian president", 0)),
            (("his government had full support", 0),
             ("Venezuelan President Nicolás Maduro", 0)),
        ]},
    "002_be4fb8517e337c1b.txt": {
        "actor": [("Venezuelan President Nicolas Maduro", 0), ("Russia", 1), ("Maduro", 1),
                  ("Maduro", 2), ("Russian President Vladimir Putin", 0),
                  ("Russian Deputy Prime Minister Yuri Borisov", 0),
                  ("Venezuelan Petroleum Minister Tareck El Aissami", 0), ("Maduro", 3),
                  ("the U.S. State Department", 0), ("Maduro", 7),
                  ("Russia’s chief negotiator", 0), ("the U.S.", 5), ("Ukraine", 0),
                  ("Deputy Foreign Minister Sergei Ryabkov", 0)],
        "quote": [("“powerful military cooperation”", 0),
                  ("“We have reviewed the powerful military cooperation, and we have ratified "
                   "the path of a powerful military cooperation between Russia and Venezuela "
                   "for the defense of peace, of sovereignty, the defense of territorial "
                   "integrity,”", 0),
                  ("“We are going to increase all the preparation, training and cooperation "
                   "plans with a military power in the world such as Russia.”", 0),
                  ("“free and fair”", 0),
                  ("“urgently resuming inclusive negotiations in Mexico in good faith,”", 0),
                  ("“We have walked the 21st century together, the people, the government of "
                   "Russia and Venezuela and ... we have built the map of cooperation to "
                   "continue walking together, united,”", 0),
                  ("“neither confirm nor exclude”", 0)],
        "claim": [],
        "speakers": [
            (("“powerful military cooperation”", 0), ("Venezuelan President Nicolas Maduro", 0)),
            (("“We have reviewed", 0), ("Maduro", 1)),
            # A quote that is a sentence of its own: its speaker is in the sentence before.
            (("“We are going to increase", 0), ("Maduro", 1)),
            # "… — according to a statement from the U.S. State Department."
            (("“free and fair”", 0), ("the U.S. State Department", 0)),
            # "They also discussed “…,” according to the statement." (the same statement)
            (("“urgently resuming", 0), ("the U.S. State Department", 0)),
            (("“We have walked", 0), ("Maduro", 7)),
            # The negotiator speaks, not "the U.S." or "Ukraine" of his title.
            (("“neither confirm nor exclude”", 0), ("Russia’s chief negotiator", 0)),
        ]},
    "003_b885acbaa012fcc7.txt": {
        "actor": [("Russian military officials", 0), ("Russian state media", 0),
                  ("Vladimir Putin", 0), ("an undisclosed diplomatic source", 0),
                  ("RIA Novosti", 0), ("Russia", 5), ("Venezuela", 5), ("the source", 0),
                  ("Kalashnikov", 0), ("Vasily Tonkoshkurov", 0),
                  ("South American broadcaster NTN24", 0)],
        "quote": [("“nothing mysterious”", 0),
                  ("“have a number of contracts being implemented, including contracts on "
                   "military and technical cooperation,”", 0)],
        "claim": [("Russian military officials have arrived in Venezuela for talks on defense "
                   "industry cooperation", 0),
                  ("The Russian delegation was led by the country’s head of organizing the "
                   "mobilization of military forces, Vasily Tonkoshkurov", 0)],
        "speakers": [
            (("“nothing mysterious”", 0), ("an undisclosed diplomatic source", 0)),
            # "Russia and Venezuela “…,” the source was quoted as saying."
            (("“have a number of contracts", 0), ("the source", 0)),
            (("Russian military officials have arrived", 0), ("Russian state media", 0)),
            (("The Russian delegation", 0), ("South American broadcaster NTN24", 0)),
        ]},
    "004_56ca2deb6d59e218.txt": {
        "actor": [("President Donald Trump", 0), ("Russia", 4), ("Venezuela", 4),
                  ("Jose Rafael Torrealba Perez", 0), ("Interfax", 0),
                  ("Russian Foreign Ministry spokeswoman Maria Zakharova", 0)],
        "quote": [('"all options"', 0),
                  ("“The presence of Russian servicemen in Venezuela is linked to the "
                   "discussion of cooperation in the military-technical sphere,”", 0),
                  ('"Russia is no longer changing the stability of the force in the region, '
                   'and Russia does not threaten anyone, unlike citizens (officials) in '
                   'Washington,"', 0),
                  ('"The Russian experts arrived in Venezuela in line with the provisions of a '
                   'bilateral intergovernmental agreement on military technical cooperation,"',
                   0)],
        "claim": [],
        "speakers": [
            # "President Donald Trump on Wednesday called on Russia to withdraw troops from
            # Venezuela and said "all options" …": Trump, not Russia or Venezuela.
            (('"all options"', 0), ("President Donald Trump", 0)),
            # "…,” Jose Rafael Torrealba Perez said, according to Interfax." The speaker is
            # the one who said it, Interfax only reported it.
            (("“The presence", 0), ("Jose Rafael Torrealba Perez", 0)),
            (('"Russia is no longer', 0),
             ("Russian Foreign Ministry spokeswoman Maria Zakharova", 0)),
            # Left out: '"The Russian experts arrived …," he said.' follows Zakharova's
            # quote, but "he" does not fit her; the text does not say who spoke.
        ]},
}


def locate(text: str, place: Place) -> tuple[int, int]:
    needle, nth = place
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def head_at(text: str, spans: list[Span], place: Place) -> Span:
    start = locate(text, place)[0]
    return next(s for s in spans if s.start == start and s.label in ("quote", "claim"))


@pytest.fixture
def labelled(store):  # type: ignore[no-untyped-def]
    """The seed articles, labelled by alice; uid and text per article file."""
    assert import_paths(store, sorted(SEED_ARTICLES.glob("*.txt"))).ok
    found = {}
    for uid in store.documents.uids():
        doc = store.documents.get(uid)
        name = next(n for n in ARTICLES if Path(SEED_ARTICLES / n).read_text(
            encoding="utf-8").replace("\r\n", "\n").startswith(doc.text[:60]))
        plan = ARTICLES[name]
        spans = [Span(*locate(doc.text, place), label, "alice")
                 for label in ("actor", "quote", "claim") for place in plan[label]]
        store.spans.edit(uid, create=spans)
        found[name] = (uid, doc.text)
    return found


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_the_speakers_a_careful_reader_gives(store, labelled, name: str) -> None:  # type: ignore[no-untyped-def]
    uid, text = labelled[name]
    offered = {(a.head.start, a.head.end): a for a in speaker_suggestions(store, uid, "alice")}
    for head_place, speaker_place in ARTICLES[name]["speakers"]:
        head_start = locate(text, head_place)[0]
        found = next((a for (start, _), a in offered.items() if start == head_start), None)
        assert found is not None, f"no speaker offered for {head_place[0]!r}"
        got = text[found.child.start:found.child.end]
        assert (found.child.start, found.child.end) == locate(text, speaker_place), (
            f"{head_place[0]!r}: offered {got!r} ({found.reason}), expected "
            f"{speaker_place[0]!r}")
        assert found.type == "speaker" and 0 < found.score <= 1 and found.reason


def test_scores_and_reasons_say_how_direct_the_link_is(store, labelled) -> None:  # type: ignore[no-untyped-def]
    uid, text = labelled["001_aa807b893a632629.txt"]
    offered = {text[a.head.start:a.head.end][:12]: a
               for a in speaker_suggestions(store, uid, "alice")}
    direct, before = offered["“We have rec"], offered["“I discussed"]
    assert direct.reason == "“Maduro said” in the same sentence" and direct.score == 0.9
    assert before.reason == "“the Venezuelan president commented” in the sentence before"
    assert before.score < direct.score
    uid, text = labelled["000_84c015ed375f4388.txt"]
    pronoun = next(a for a in speaker_suggestions(store, uid, "alice")
                   if text[a.head.start:].startswith("“They are"))
    assert pronoun.reason == "a pronoun says it; the actor leading the sentence before"
    assert pronoun.score == 0.4


def test_heads_with_a_speaker_and_refused_pairs_are_left_alone(store, labelled) -> None:  # type: ignore[no-untyped-def]
    uid, text = labelled["002_be4fb8517e337c1b.txt"]
    first = speaker_suggestions(store, uid, "alice")
    accepted, refused = first[0], first[1]
    store.spans.edit(uid, relate=[
        NewRelation(accepted.head.id, accepted.child.id, "speaker"),
        NewRelation(refused.head.id, refused.child.id, "speaker", Status.REJECTED.value)])
    again = {a.head.id for a in speaker_suggestions(store, uid, "alice")}
    assert accepted.head.id not in again and refused.head.id not in again
    assert len(again) == len(first) - 2
    # Only the heads in view, when asked; and nothing for someone with no spans.
    quote = locate(text, ("“We have walked", 0))
    (shown,) = speaker_suggestions(store, uid, "alice", within=quote)
    assert shown.head.start == quote[0]
    assert speaker_suggestions(store, uid, "bob") == []


def test_no_speaker_type_no_suggestions(store, labelled) -> None:  # type: ignore[no-untyped-def]
    uid, _ = labelled["001_aa807b893a632629.txt"]
    store.relation_types.update("speaker", archived=True)
    assert speaker_suggestions(store, uid, "alice") == []
    store.relation_types.delete("about")
    assert speaker_suggestions(store, uid, "alice", kind="about") == []


def test_the_rule_on_plain_spans_without_a_store() -> None:
    text = "Officials met. “We will continue,” said Lavrov, and Putin nodded."
    spans = [Span(*locate(text, ("“We will continue,”", 0)), "quote", "a", 1),
             Span(*locate(text, ("Lavrov", 0)), "actor", "a", 2),
             Span(*locate(text, ("Putin", 0)), "actor", "a", 3)]
    (found,) = suggest_speakers(text, spans)
    assert (found.head.id, found.child.id) == (1, 2)
    assert found.reason == "“said Lavrov” in the same sentence"
    # An actor inside the quote never speaks it.
    inside = "“Lavrov is right,” the minister said."
    spans = [Span(0, 18, "quote", "a", 1), Span(1, 7, "actor", "a", 2)]
    assert suggest_speakers(inside, spans) == []
