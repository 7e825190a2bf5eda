"""Stage 6, compare (in code): typed conflicts between aligned claims of different articles.

A conflict needs two claims about the same thing (an aligned pair) and two slot values of the
same type, attached to the same thing (shared context words), that cannot both be true. Values
that are only more or less precise ("next week" and "April 4-5", "about 40" and "42") agree.
Pairwise conflicts that share claims are merged into one discrepancy whose sides group the
claims by value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from .align import Alignment
from .attribution import mask_quotes, quote_spans
from .models import Claim, Discrepancy, DiscrepancyKind, Side, Slot
from .names import same_person
from .numbers import singular
from .slots import content_words

COMPARE_FLOOR = 0.35  # aligned-pair score needed before slots are compared
FACT_FLOOR = 0.55  # stricter: a negation conflict needs a near-paraphrase
WORDING_FLOOR = 0.45  # antonym and framing pairs carry their own signal, so a looser match will do
_NEGATION = re.compile(r"\b(?:not|no|never|none|neither|nor|denied|denies|without)\b|n['’]t\b", re.IGNORECASE)
_ANTONYMS = [
    ("won", "lost"),
    ("rose", "fell"),
    ("rise", "fall"),
    ("increased", "decreased"),
    ("increase", "decrease"),
    ("approved", "rejected"),
    ("accepted", "rejected"),
    ("confirmed", "denied"),
    ("guilty", "innocent"),
    ("convicted", "acquitted"),
    ("open", "closed"),
    ("alive", "dead"),
    ("survived", "died"),
    ("higher", "lower"),
    ("gained", "lost"),
    ("joined", "left"),
    ("resigned", "was fired"),
    ("passed", "failed"),
    ("support", "oppose"),
    ("supported", "opposed"),
    ("ally", "adversary"),
    ("raised", "cut"),
    ("hiked", "cut"),
    ("expanded", "shrank"),
    ("grew", "shrank"),
]
_FRAMES = [
    ("protesters", "rioters"),
    ("protest", "riot"),
    ("peaceful", "violent"),
    ("militants", "fighters"),
    ("terrorists", "militants"),
    ("rebels", "terrorists"),
    ("crackdown", "operation"),
    ("modest", "sharp"),
    ("slight", "steep"),
    ("slight", "sharp"),
    ("minor", "major"),
    ("clash", "massacre"),
    ("killed", "murdered"),
    ("regime", "government"),
    ("invasion", "operation"),
    ("freedom fighters", "terrorists"),
    ("mob", "crowd"),
    ("surge", "uptick"),
    ("plunge", "dip"),
    ("plunged", "dipped"),
    ("soared", "edged up"),
    ("slashed", "trimmed"),
    ("historic", "modest"),
    ("landmark", "modest"),
    ("chaotic", "orderly"),
    ("failed", "stalled"),
]


@dataclass(frozen=True)
class Conflict:
    kind: DiscrepancyKind
    left: int
    right: int
    left_value: str
    right_value: str
    topic: str
    explanation: str
    facet: str = ""  # what exactly differs ("number:%", "date"); conflicts merge only within one facet
    left_words: str = ""
    right_words: str = ""


def find_conflicts(claims: list[Claim], alignment: Alignment) -> list[Conflict]:
    """Pairwise conflicts found in code: slots, attributions, wording, spellings."""
    conflicts: list[Conflict] = []
    for (i, j), score in alignment.pairs.items():
        if score < COMPARE_FLOOR:
            continue
        conflicts.extend(compare_pair(claims[i], claims[j], i, j, score))
    conflicts.extend(spelling_conflicts(claims))
    return conflicts


def spelling_conflicts(claims: list[Claim]) -> list[Conflict]:
    """One person spelled two ways by different articles ("Dana Whitlock" and "Dana Whitlow")."""
    mentions: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for index, claim in enumerate(claims):
        for slot in claim.slots:
            if slot.kind == "name" and slot.unit == "person" and len(slot.value.split()) >= 2:
                mentions[slot.value][claim.article_id].append(index)
    names = sorted(mentions)
    found = []
    for a_index, first in enumerate(names):
        for second in names[a_index + 1 :]:
            if same_person(first, second) or fuzz.ratio(first.lower(), second.lower()) < 85:
                continue
            only_first = set(mentions[first]) - set(mentions[second])
            only_second = set(mentions[second]) - set(mentions[first])
            if not only_first or not only_second:
                continue
            left = mentions[first][min(only_first)][0]
            right = mentions[second][min(only_second)][0]
            found.append(
                Conflict(
                    "name",
                    left,
                    right,
                    first,
                    second,
                    f"spelling of {first}",
                    f"'{first}' against '{second}': one name spelled two ways",
                    facet="spelling",
                )
            )
    return found


def compare_pair(a: Claim, b: Claim, i: int, j: int, score: float) -> list[Conflict]:
    found: list[Conflict] = []
    found.extend(_date_conflicts(a, b, i, j))
    found.extend(_time_conflicts(a, b, i, j))
    found.extend(_number_conflicts(a, b, i, j))
    found.extend(_name_conflicts(a, b, i, j))
    attribution = _attribution_conflict(a, b, i, j)
    if attribution:
        found.append(attribution)
    if score >= WORDING_FLOOR and not found:
        wording = _wording_conflict(a, b, i, j, score)
        if wording:
            found.append(wording)
    return found


def _shared_context(x: Slot, y: Slot) -> set[str]:
    return set(x.context) & set(y.context)


def _same_event(x: Slot, y: Slot, a: Claim, b: Claim) -> bool:
    """Two dates belong to one event when their neighbourhoods share a common noun or verb,
    not just a name: "the exchanges on the sidelines" ties dates, "in Brussels" alone does not."""
    names = {singular(w) for w in re.findall(r"\b[A-Z][\w'’-]+", a.text + " " + b.text)}
    common = _shared_context(x, y) - names
    return bool(common) and len(_shared_context(x, y)) >= 2


def _topic(x: Slot, y: Slot, fallback: str) -> str:
    shared = _shared_context(x, y)
    # Slot context keeps text order, so the topic reads as a phrase of the first claim.
    ordered = [word for word in x.context if word in shared]
    return ", ".join(ordered[:4]) if ordered else fallback


def _interval(value: str) -> tuple[dt.date, dt.date]:
    if "/" in value:
        first, last = value.split("/")
        return dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        start = dt.date(parts[0], parts[1], 1)
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return start, following - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def _overlaps(x: str, y: str) -> bool:
    a, b = _interval(x), _interval(y)
    return a[0] <= b[1] and b[0] <= a[1]


def _date_conflicts(a: Claim, b: Claim, i: int, j: int) -> list[Conflict]:
    a_dates = [s for s in a.slots if s.kind == "date"]
    b_dates = [s for s in b.slots if s.kind == "date"]
    found = []
    for x in a_dates:
        for y in b_dates:
            if not _same_event(x, y, a, b):
                continue
            # A date that matches any date of the other claim is not in dispute.
            if any(_overlaps(x.value, other.value) for other in b_dates) or any(
                _overlaps(y.value, other.value) for other in a_dates
            ):
                continue
            found.append(
                Conflict(
                    "date",
                    i,
                    j,
                    x.value,
                    y.value,
                    _topic(x, y, "date"),
                    f"'{x.text}' ({x.value}) against '{y.text}' ({y.value})",
                    left_words=x.text,
                    right_words=y.text,
                )
            )
    return found


def _time_conflicts(a: Claim, b: Claim, i: int, j: int) -> list[Conflict]:
    found = []
    for x in (s for s in a.slots if s.kind == "time"):
        for y in (s for s in b.slots if s.kind == "time"):
            hx, mx = map(int, x.value.split(":"))
            hy, my = map(int, y.value.split(":"))
            if _shared_context(x, y) and abs((hx * 60 + mx) - (hy * 60 + my)) >= 60:
                found.append(
                    Conflict(
                        "date", i, j, x.value, y.value, _topic(x, y, "time"), f"time '{x.text}' against '{y.text}'"
                    )
                )
    return found


def _numeric(slot: Slot) -> tuple[str, float]:
    text = slot.value.replace(",", "")
    bound = text[0] if text[0] in "<>~" else "="
    number = text.lstrip("<>~")
    if slot.unit == "score":
        return "=", float(sum(float(p) / 1000**k for k, p in enumerate(re.findall(r"\d+(?:\.\d+)?", number))))
    return bound, float(number)


def numbers_agree(x: Slot, y: Slot) -> bool:
    """Whether two quantities of one unit can both be true (bounds, hedges and rounding allowed)."""
    bx, vx = _numeric(x)
    by, vy = _numeric(y)
    if vx == vy:
        return True
    for bound, value, other in ((bx, vx, vy), (by, vy, vx)):
        if bound in ("<", ">"):
            return other > value if bound == ">" else other < value
    tolerance = 0.1 if "~" in (bx, by) else 0.0
    if tolerance == 0.0 and x.unit != "score":
        # "1.2 million" and "1,234,000": the less precise value is the other rounded.
        tolerance = 0.05 if _significant(x.text) != _significant(y.text) else 0.0
    return abs(vx - vy) <= tolerance * max(abs(vx), abs(vy))


def _significant(text: str) -> int:
    digits = re.sub(r"\D", "", text.split(".")[0]) + "".join(re.findall(r"\.(\d+)", text))
    return len(digits.strip("0")) or 1


def _number_conflicts(a: Claim, b: Claim, i: int, j: int) -> list[Conflict]:
    found = []
    quantities = ("number", "money", "percent")
    for x in (s for s in a.slots if s.kind in quantities):
        for y in (s for s in b.slots if s.kind in quantities):
            if x.kind != y.kind or x.unit != y.unit or not _shared_context(x, y):
                continue
            same_unit_b = [s for s in b.slots if s.kind == y.kind and s.unit == y.unit]
            if any(numbers_agree(x, other) for other in same_unit_b):
                continue
            same_unit_a = [s for s in a.slots if s.kind == x.kind and s.unit == x.unit]
            if any(numbers_agree(y, other) for other in same_unit_a):
                continue
            unit = x.unit or x.kind
            found.append(
                Conflict(
                    "number",
                    i,
                    j,
                    x.text,
                    y.text,
                    _topic(x, y, unit),
                    f"'{x.text}' against '{y.text}' ({unit})",
                    facet=f"{x.kind}:{unit}",
                )
            )
    return found


def _name_conflicts(a: Claim, b: Claim, i: int, j: int) -> list[Conflict]:
    found = []
    a_people = [s for s in a.slots if s.kind == "name" and s.unit == "person"]
    b_people = [s for s in b.slots if s.kind == "name" and s.unit == "person"]
    a_text, b_text = a.text.lower(), b.text.lower()
    for x in a_people:
        for y in b_people:
            if x.value == y.value or x.value.lower() in b_text or y.value.lower() in a_text:
                continue
            if same_person(x.value, y.value):
                continue
            similarity = fuzz.ratio(x.value.lower(), y.value.lower())
            spelling = similarity >= 80
            same_role = (
                len(_shared_context(x, y)) >= 2 and _role_before(a, x) and _role_before(a, x) == _role_before(b, y)
            )
            if spelling or same_role:
                reason = "spelled differently" if spelling else f"in the same role ({_role_before(a, x)})"
                found.append(
                    Conflict(
                        "name",
                        i,
                        j,
                        x.value,
                        y.value,
                        _topic(x, y, "name"),
                        f"'{x.value}' against '{y.value}', {reason}",
                    )
                )
    return found


def _role_before(claim: Claim, slot: Slot) -> str:
    evidence = claim.evidence[0]
    offset = slot.start - evidence.start
    words = re.findall(r"[a-z]+", evidence.quote[max(0, offset - 40) : max(0, offset)].lower())
    return " ".join(words[-2:]) if words else ""


def _quotes(claim: Claim) -> list[str]:
    text = claim.evidence[0].quote
    return [text[s:e].strip('“”"‘’ ,.') for s, e in quote_spans(text) if len(text[s:e].split()) >= 6]


def _attribution_conflict(a: Claim, b: Claim, i: int, j: int) -> Conflict | None:
    if not (a.attribution and b.attribution) or a.anonymous or b.anonymous:
        return None
    if same_person(a.attribution, b.attribution) or a.attribution.lower() == b.attribution.lower():
        return None
    if len(a.attribution.split()) < 2 or len(b.attribution.split()) < 2:
        return None
    if not (a.attribution[0].isupper() and b.attribution[0].isupper()):
        return None  # roles such as "the ministry" are too loose to call a conflict
    for left in _quotes(a):
        for right in _quotes(b):
            if fuzz.partial_ratio(left.lower(), right.lower()) >= 90:
                return Conflict(
                    "attribution",
                    i,
                    j,
                    a.attribution,
                    b.attribution,
                    left[:60],
                    f"the same words are credited to {a.attribution} and to {b.attribution}",
                )
    return None


def _wording_conflict(a: Claim, b: Claim, i: int, j: int, score: float) -> Conflict | None:
    a_words, b_words = set(content_words(a.text)), set(content_words(b.text))
    overlap = len(a_words & b_words) / max(1, len(a_words | b_words))
    a_plain, b_plain = mask_quotes(a.text).lower(), mask_quotes(b.text).lower()
    tables: tuple[tuple[DiscrepancyKind, list[tuple[str, str]]], ...] = (
        ("fact", _ANTONYMS),
        ("characterization", _FRAMES),
    )
    for kind, table in tables:
        for left, right in table:
            for first, second in ((left, right), (right, left)):
                if (
                    _has(a_plain, first)
                    and _has(b_plain, second)
                    and not _has(a_plain, second)
                    and not _has(b_plain, first)
                ):
                    return Conflict(
                        kind,
                        i,
                        j,
                        first,
                        second,
                        ", ".join(sorted(a_words & b_words)[:4]),
                        f"'{first}' against '{second}'",
                    )
    if score >= FACT_FLOOR and overlap >= 0.5 and bool(_NEGATION.search(a_plain)) != bool(_NEGATION.search(b_plain)):
        negated = a if _NEGATION.search(a_plain) else b
        return Conflict(
            "fact",
            i,
            j,
            "negated" if negated is a else "affirmed",
            "affirmed" if negated is a else "negated",
            ", ".join(sorted(a_words & b_words)[:4]),
            "one source negates what the other asserts",
        )
    return None


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", text) is not None


def merge_conflicts(conflicts: list[Conflict], claims: list[Claim], sources: dict[str, str]) -> list[Discrepancy]:
    """Join pairwise conflicts of one kind that share a claim; sides group claims by value."""
    parent = list(range(len(conflicts)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_claim: dict[tuple[str, str, int], int] = {}
    for index, conflict in enumerate(conflicts):
        for member in (conflict.left, conflict.right):
            key = (conflict.kind, conflict.facet, member)
            if key in by_claim:
                parent[root(index)] = root(by_claim[key])
            else:
                by_claim[key] = index
    clusters: dict[int, list[Conflict]] = defaultdict(list)
    for index, conflict in enumerate(conflicts):
        clusters[root(index)].append(conflict)
    discrepancies = []
    for group in clusters.values():
        discrepancy = _discrepancy(group, claims, sources)
        if discrepancy is not None:
            discrepancies.append(discrepancy)
    discrepancies.sort(key=lambda d: (-len({a for s in d.sides for a in s.article_ids}), d.kind, d.topic))
    for number, discrepancy in enumerate(discrepancies, start=1):
        discrepancy.id = f"D{number}"
    return discrepancies


def _discrepancy(group: list[Conflict], claims: list[Claim], sources: dict[str, str]) -> Discrepancy | None:
    values: dict[str, set[int]] = defaultdict(set)
    words: dict[str, str] = {}
    for conflict in group:
        values[conflict.left_value].add(conflict.left)
        values[conflict.right_value].add(conflict.right)
        words.setdefault(conflict.left_value, conflict.left_words)
        words.setdefault(conflict.right_value, conflict.right_words)
    # A claim holds one value per discrepancy: the one it was first seen with.
    placed: set[int] = set()
    sides = []
    for value, members in sorted(values.items(), key=lambda item: -len(item[1])):
        fresh = sorted(members - placed)
        placed.update(fresh)
        if not fresh:
            continue
        article_ids = sorted({claims[m].article_id for m in fresh}, key=lambda x: int(x[1:]))
        sides.append(
            Side(
                statement=claims[fresh[0]].text,
                claim_ids=[claims[m].id for m in fresh],
                article_ids=article_ids,
                value=value,
                words=words.get(value) or None,
            )
        )
    if len(sides) < 2 or len({a for s in sides for a in s.article_ids}) < 2:
        return None
    first = group[0]
    outlets = "; ".join(f"{', '.join(sources.get(a, a) for a in side.article_ids)}: {side.value}" for side in sides)
    return Discrepancy(
        id="",
        topic=first.topic,
        kind=first.kind,
        sides=sides,
        explanation=f"{first.explanation}. {outlets}",
    )
