"""What a plan shows of its hearings (registered with planning.presentation in apps.py).

On each part of the plan a published proposal was traced to: `item.traces`, the proposals
("proposed at the hearing of <date>, proposal No. N"); on each direction: `priority.votes`, the
options of residents' priority votes linked to it; and in `plan.extras["hearings"]`, the hearings
held on the program. Public content only (published proposals of public hearings), for every
audience that shows them to residents: the public page and the PDF. Three queries, whatever
the size of the plan or the number of proposals.
"""

from __future__ import annotations

from hearings.models import Proposal

SHOWN_TO = frozenset({"public", "pdf"})


def extend_plan(plan) -> None:
    from hearings.selectors import hearings_of_program, proposals_by_plan_part, votes_for_program

    if plan.audience not in SHOWN_TO:
        return
    program = plan.program
    plan.extras["hearings"] = hearings_of_program(program)
    tree = plan.tree
    if tree is None:
        return
    traced = proposals_by_plan_part(program)
    votes = votes_for_program(program)
    P = Proposal.PlanPart
    for kind, items in (
        (P.PRIORITY, tree.priorities),
        (P.GOAL, tree.goals),
        (P.OBJECTIVE, tree.objectives),
        (P.ACTIVITY, tree.activities),
        (P.INDICATOR, tree.indicators),
    ):
        for item in items:
            item.traces = traced.get((kind, item.pk), [])
    for priority in tree.priorities:
        priority.votes = votes.get(priority.pk, [])
