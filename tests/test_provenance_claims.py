"""No shipped text says that the paper grades channels: friction is the curators' judgement.

The paper describes failures and their causes; it never puts a channel on the none-to-blocking scale. A
sentence such as "the grades are those the paper gives" turned the curators' judgement into a finding of the
paper, and such sentences crept into a scenario, a settings comment and the app. This test reads every text
file that ships (data, docs, README, code) and fails on the phrasings below, so one that reappears is caught.

The list is deliberately small and literal: each pattern is a way the claim was, or could naturally be,
written. A negation such as "the paper grades nothing" is allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("data", "docs", "graph", "ui", "pages", "cli", "loaders", "queries")
TOP_LEVEL = ("README.md", "app.py")
SUFFIXES = {".md", ".py", ".yaml", ".yml", ".cypher", ".txt", ".toml"}

# Each pattern, matched ignoring case and line breaks, with the claim it makes.
FORBIDDEN = {
    r"grades? (?:are|is) (?:those|the ones?) (?:that )?the paper gives": "the paper gives the grades",
    r"the paper gives (?:the )?(?:standing )?channels?": "the paper gives channels their grades",
    r"judgement from the paper": "friction is the paper's judgement",
    r"the paper grades(?! nothing| no )": "the paper grades channels",
    r"paper'?s (?:own )?(?:friction )?grad(?:e|es|ing)\b": "the paper has a grade of its own",
    r"graded (?:by|in) the paper": "the paper did the grading",
    r"graded from the paper'?s own words": "the grade is read off the paper",
    r"friction (?:levels? |grades? )?(?:given|set|assigned) by the paper": "the paper sets the friction",
    r"the paper (?:rates|scores) (?:this |the |each |every )?(?:channel|hop|link)": "the paper rates them",
}


def shipped_files() -> list[Path]:
    files = [ROOT / name for name in TOP_LEVEL if (ROOT / name).exists()]
    for folder in SHIPPED:
        files += [p for p in sorted((ROOT / folder).rglob("*")) if p.suffix in SUFFIXES and p.is_file()]
    return files


def claims_in(text: str) -> list[str]:
    flat = re.sub(r"\s+", " ", text)
    return [
        f"{claim}: ...{flat[max(m.start() - 40, 0) : m.end() + 40]}..."
        for pattern, claim in FORBIDDEN.items()
        for m in re.finditer(pattern, flat, flags=re.IGNORECASE)
    ]


@pytest.mark.parametrize(
    ("text", "caught"),
    [
        # was in data/scenarios/pre_hruf.yaml, wrapped over two lines
        ("No friction is changed: the grades are those the\n  paper gives the standing channels.", True),
        ("Friction is an ordinal judgement from the paper; these numbers", True),  # was in graph/settings.py
        ("Each channel is graded from the paper's own words", True),  # was on the Assumptions tab
        ("The paper grades this channel high.", True),
        ("the paper's grade for the channel", True),
        ("grades are the curators' judgement; the paper grades nothing", False),  # the negation is fine
        ("The paper gives no reason for the inability to act.", False),  # 'gives' about facts is fine
    ],
)
def test_the_patterns_catch_the_claim_and_spare_its_negation(text, caught):
    assert bool(claims_in(text)) is caught


def test_no_shipped_text_says_the_paper_grades_channels():
    found = {
        str(path.relative_to(ROOT)): claims
        for path in shipped_files()
        if path.resolve() != Path(__file__).resolve()
        and (claims := claims_in(path.read_text(encoding="utf-8", errors="ignore")))
    }
    assert not found, f"friction grades are the curators' judgement, not the paper's: {found}"


def test_every_justification_argues_against_the_neighbouring_grades():
    """Each channel's and regrade's justification names the grade(s) next to its own and cites a locator.

    A justification that only restates the grade ("high because it is hard") would pass validation but
    not this: it has to say why not the grade below and why not the grade above (none and blocking have
    one neighbour each), and to argue from the paper at a locator (a section paragraph or an endnote).
    """
    from un_pathways.graph.model import FRICTIONS
    from un_pathways.loaders.dataset import read_dataset

    dataset = read_dataset()
    graded = [(e.key, e.friction, e.justification) for e in dataset.edges.values() if e.channel]
    for scenario in dataset.scenarios.values():
        added = [e for e in scenario.add_edges if e.channel]
        graded += [(f"{scenario.id}: {e.key}", e.friction, e.justification) for e in added]
        graded += [(f"{scenario.id}: {r.edge}", r.friction, r.justification) for r in scenario.regrade]
    weak = {}
    for key, friction, justification in graded:
        at = FRICTIONS.index(friction)
        neighbours = [FRICTIONS[i] for i in (at - 1, at + 1) if 0 <= i < len(FRICTIONS)]
        unnamed = [n for n in neighbours if not re.search(rf"\b{n}\b", justification, flags=re.IGNORECASE)]
        if unnamed or not re.search(r"¶\d+|n\.\d+", justification):
            weak[key] = f"{friction}: names no {unnamed} or cites no locator"
    assert len(graded) >= 79
    assert not weak, weak
