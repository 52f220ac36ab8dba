"""The campaign says what the article says, measured on paired seeds under doctrine bots.

Two kinds of evidence, both paired (the same seeds, one change):

- four policy comparisons the article argues about — notifying before strikes, answering only
  symbolically, leaving Moscow's bill unpaid, Israel holding back;
- for every claim C1…C21, switching off everything that cites it (``wargame ablate --by
  claim``) moves a stated metric in the direction the article argues. Where possible the
  metric is downstream of the claim's own rules (e.g. C14's resentment is measured on
  tolerance, not on discomfort), so the test checks the model's dynamics, not a restatement.

docs/campaign.md reports the same comparisons over 2,000 seeds (benchmarks/campaign_stats.py).
"""

from __future__ import annotations

import pytest

from engine.analysis.measure.ablate import ablate
from engine.analysis.measure.compare import compare_results
from engine.analysis.run.batch import Arm, run_arms
from tests.campaign.conftest import CLAIM_IDS, load

#: One xdist worker runs this module (make test uses --dist loadgroup): its module-scoped
#: games are played once, not once per worker.
pytestmark = pytest.mark.xdist_group("campaign-claims")

DOCTRINE = {"all": "doctrine"}

#: claim -> (scenario, final track or counter, sign of the change when the claim's mechanics
#: are switched off, what the article argues). The single source for docs/campaign.md's table.
CLAIM_EFFECTS: dict[str, tuple[str, str, int, str]] = {
    "C1": (
        "russian-reaction",
        "tolerance",
        -1,
        "Moscow's wish for good ties, and events abroad, hold tolerance up",
    ),
    "C2": (
        "russian-reaction",
        "incident",
        +1,
        "continuous coordination keeps the risk of incidents down",
    ),
    "C3": (
        "russian-reaction",
        "incident",
        +1,
        "the deconfliction line protects both sides during strikes",
    ),
    "C4": ("russian-reaction", "incident", +1, "both sides act to avoid a clash"),
    "C5": (
        "russian-reaction",
        "border_entrenchment",
        +1,
        "Russia, as the power shaping a settlement, moves Iran off the frontier",
    ),
    "C6": (
        "iranian-entrenchment",
        "stability",
        -1,
        "Moscow shields the order it builds from what Israeli action does to it",
    ),
    "C7": (
        "russian-reaction",
        "entrenchment",
        +1,
        "Israel's shown capacity to strike holds Iran's build-up back",
    ),
    "C8": (
        "russian-reaction",
        "border_entrenchment",
        +1,
        "Israel's push against Iran at the frontier keeps it clearer",
    ),
    "C9": (
        "russian-reaction",
        "compensation",
        -1,
        "Russia's returns come from what it expects Israel to carry to Washington",
    ),
    "C10": (
        "russian-reaction",
        "sanctions",
        -1,
        "the US security establishment's distrust keeps pressure on Russia",
    ),
    "C11": (
        "iranian-entrenchment",
        "discomfort",
        -1,
        "the summit raises expectations, settles nothing, and the ranks resent it",
    ),
    "C12": (
        "iranian-entrenchment",
        "discomfort",
        -1,
        "value expected and not delivered feeds resentment",
    ),
    "C13": (
        "iranian-entrenchment",
        "discomfort",
        -1,
        "the 1982 gesture goes on the bill the ranks resent",
    ),
    "C14": (
        "russian-reaction",
        "tolerance",
        +1,
        "resentment of the unreturned favour erodes tolerance",
    ),
    "C15": (
        "russian-reaction",
        "legitimacy",
        -1,
        "Russia's asks bring Assad's Syria back toward the Arab League",
    ),
    "C16": (
        "russian-reaction",
        "sanctions",
        +1,
        "Russia's search for global returns eases sanctions",
    ),
    "C17": (
        "russian-reaction",
        "tolerance",
        +1,
        "unmet expectations deepen the security apparatus's frustration",
    ),
    "C18": (
        "russian-reaction",
        "tolerance",
        +1,
        "the military's unease wears down tolerance of operations",
    ),
    "C19": (
        "russian-reaction",
        "tolerance",
        +1,
        "Moscow's tolerance rests on Israel's care near its assets",
    ),
    "C20": (
        "russian-reaction",
        "tolerance",
        +1,
        "unpaid, Moscow weighs Israeli interests only where they suit it",
    ),
    "C21": (
        "russian-reaction",
        "stance",
        -1,
        "Moscow's flexibility is under review, and can harden",
    ),
}

RUNS = 600


def test_every_claim_has_a_stated_effect():
    assert sorted(CLAIM_EFFECTS, key=lambda c: int(c[1:])) == list(CLAIM_IDS)


@pytest.fixture(scope="module")
def claim_ablations():
    """Per scenario, the ablation of the claims the table measures there."""
    out = {}
    for sid in sorted({scenario for scenario, *_ in CLAIM_EFFECTS.values()}):
        claims = [c for c, (scenario, *_) in CLAIM_EFFECTS.items() if scenario == sid]
        result = ablate(load(sid), RUNS, seed=1, bots=DOCTRINE, by="claim", only=claims)
        assert not result.skipped, result.skipped
        out.update({unit.id: comparison for unit, comparison in result.rows})
    return out


@pytest.mark.parametrize("claim", CLAIM_IDS)
def test_switching_off_a_claims_mechanics_moves_the_game_as_the_article_argues(
    claim_ablations, claim
):
    _, track, sign, why = CLAIM_EFFECTS[claim]
    estimate = claim_ablations[claim].tracks[track]
    assert estimate.significant, (claim, why, estimate)
    assert estimate.diff * sign > 0, (claim, why, estimate)


# -- the four policy comparisons ------------------------------------------------------------
POLICIES = {
    "no_notice": ("params.israel_notifies=0",),
    "symbolic_only": ("params.israel_pays=0",),
    "unpaid": ("setup.tracks.owed_moscow=10",),
    "passive": ("params.israel_active=0",),
}


@pytest.fixture(scope="module")
def policies():
    """Russia's reckoning under doctrine bots: the base and each policy, on the same seeds."""
    arms = [Arm(load("russian-reaction"), DOCTRINE, "base")]
    arms += [
        Arm(load("russian-reaction", *sets), DOCTRINE, name) for name, sets in POLICIES.items()
    ]
    base, *others = run_arms(arms, 600, seed=1, chunk=600)
    return {
        arm.label: compare_results(base, result)
        for arm, result in zip(arms[1:], others, strict=True)
    }


def _moves(comparison, track: str, sign: int) -> bool:
    estimate = comparison.tracks[track]
    return estimate.significant and estimate.diff * sign > 0


def test_striking_without_notice_raises_the_risk_and_costs_tolerance(policies):
    """C3: the line lowers incident risk; C18/C19: surprises cost Moscow's tolerance."""
    result = policies["no_notice"]
    assert _moves(result, "incident", +1)
    assert _moves(result, "tolerance", -1)
    assert _moves(result, "discomfort", +1)
    assert result.endings["open_clash"].diff > 0


def test_symbolic_answers_are_not_real_compensation(policies):
    """C10/C12/C14: answering only symbolically leaves Russian attitudes worse than paying."""
    result = policies["symbolic_only"]
    assert _moves(result, "compensation", -1)
    assert _moves(result, "discomfort", +1)  # the ranks are not calmed by words
    assert _moves(result, "tolerance", -1)
    assert _moves(result, "stance", +1)  # and the review hardens more often
    assert result.wins["russia"].diff < 0


def test_an_unpaid_bill_turns_the_ranks_and_erodes_tolerance(policies):
    """C12/C14/C17/C18: a larger unpaid debt, more resentment, less tolerance."""
    result = policies["unpaid"]
    assert _moves(result, "discomfort", +1)
    assert _moves(result, "tolerance", -1)
    assert _moves(result, "stance", +1)


def test_holding_back_lets_iran_dig_in_and_costs_israel(policies):
    """C7/C8: Israel's strikes hold Iran back; C18: antagonism falls on Israeli operations;
    C6: Israeli action shakes the regime. A passive Israel keeps Moscow calmer but loses."""
    result = policies["passive"]
    assert _moves(result, "entrenchment", +1)
    assert _moves(result, "border_entrenchment", +1)
    assert _moves(result, "tolerance", +1)
    assert _moves(result, "stability", +1)
    assert _moves(result, "leverage", -1)
    assert result.wins["israel"].diff < 0 and result.wins["israel"].significant
