"""The compare rules: one small function per finding kind and reading (DESIGN.md 3.3), each
named and versioned by its ``@rule(name, version=N)`` decorator (``compare.model``), which
stamps its drafts.

Every rule takes the comparison's ``Context`` (documents, aligned sentences, similarity
vectors, sentence meanings, cue lists, aliases) and returns ``Draft`` findings; the engine
ranks and numbers them.  A rule's docstring says where it comes from.  Rules read sentence
text as well as claims, so they still work when the claim extractor misses something.

Modules by what they compare: ``sides`` (dropped/added), ``strength`` (softened and
strengthened), ``changes`` (figures, dates and scope inside aligned pairs), ``across``
(figures across unaligned sentences), ``requests`` (the petition's request), ``polarity``
(negation and figure clashes), ``opposites`` (a rebuttal that asserts the negated or
the opposite pole), ``reading``/``rebuttal``/``correction`` (what a
counter-statement does), ``tension`` (a text at odds with itself), ``cuts`` (truncation)
and ``residue`` (moved and reworded, run last).
"""

from __future__ import annotations

from textcheck.compare.model import Rule
from textcheck.compare.rules.across import rule_figures_across
from textcheck.compare.rules.changes import (
    rule_figure_changed,
    rule_scope_changed,
    rule_timing_changed,
)
from textcheck.compare.rules.correction import rule_correction, rule_counter_claims
from textcheck.compare.rules.cuts import rule_unverifiable
from textcheck.compare.rules.opposites import rule_asserts_the_negated, rule_opposite_poles
from textcheck.compare.rules.polarity import rule_contradiction, rule_denial
from textcheck.compare.rules.rebuttal import (
    rule_corrective_dates,
    rule_corrective_figures,
    rule_rebuttal,
)
from textcheck.compare.rules.requests import rule_refusal_added, rule_request_unaddressed
from textcheck.compare.rules.residue import rule_moved, rule_reworded
from textcheck.compare.rules.sides import rule_claim_added, rule_claim_dropped
from textcheck.compare.rules.strength import (
    rule_softened,
    rule_softened_across,
    rule_strengthened,
    rule_strengthened_across,
)
from textcheck.compare.rules.tension import (
    rule_concession,
    rule_internal_tension,
    rule_negation_tension,
)

RULES: tuple[Rule, ...] = (
    rule_claim_dropped,
    rule_claim_added,
    rule_softened,
    rule_strengthened,
    rule_figure_changed,
    rule_timing_changed,
    rule_scope_changed,
    rule_refusal_added,
    rule_request_unaddressed,
    rule_contradiction,
    rule_denial,
    rule_internal_tension,
    rule_unverifiable,
    rule_moved,
    rule_reworded,
)
"""The word-level rules, in the order they run (moved and reworded last: they report what
the others left unexplained)."""

STANCE_RULES: tuple[Rule, ...] = (
    rule_rebuttal,
    rule_correction,
    rule_corrective_figures,
    rule_corrective_dates,
    rule_asserts_the_negated,
    rule_opposite_poles,
    rule_concession,
    rule_negation_tension,
    rule_figures_across,
    rule_softened_across,
    rule_strengthened_across,
    rule_counter_claims,
)
"""The rules that read what a sentence does (a rebuttal's act, a corrective fact, a
concession, figures across unaligned sentences); they run after ``RULES``, and the engine
keeps only their findings whose kind and first quote no word-level rule already reported."""

__all__ = ["RULES", "STANCE_RULES"]
