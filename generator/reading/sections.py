"""The headings a case study and a toolkit are expected to have, with what goes under each.

Part of the content contract: ``lekgotla new`` writes them into a new file and
the suggestion form offers them.
"""

CASE_STUDY_SECTIONS = {
    "Context": "The situation before: the problem, who it affected, the numbers.",
    "What was done": "The steps taken, by whom, with what budget and over what time.",
    "Results": "What changed, with figures and their source.",
    "Lessons learned": "What worked, what did not, and what you would do differently.",
    "How to replicate": "What another municipality needs to do the same: people, money, time, partners.",
}
TOOLKIT_SECTIONS = {
    "Who this is for": "The officials and councillors who will use it.",
    "Steps": "What to do, in order.",
    "Templates and examples": "The files below, and how to adapt them.",
}
