"""A commentary corpus for the text gate: officers' commentary as councils write it, and labelled cases.

The base is one council's quarter: public (Part 1) commentary in the style of the reference report
("Whilst there have been significant improvements in this area, such as ..."), Part 2 commentary
that names children's circumstances, schools, homes and dates, and the council's boilerplate line
under most indicators. Each case then changes one public commentary and says whether the export
must stop (a pasted Part 2 passage, a quoted figure, date or name) or go ahead (commonplace wording
shared by chance). `generated_commentary` writes varied commentary for any number of indicators.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

BOILERPLATE = "Performance is reviewed monthly by the Children's Services Leadership Team."

PART_2 = {
    "5": "Exclusions rose to 62 at the end of the 2018/19 academic year, concentrated in two schools; the "
         "Inclusion Team is working with both on managed moves.",
    "22": "Fifteen episodes in October relate to four young people; each has a multi-agency missing plan and "
          "return home interviews were offered within 72 hours.",
    "23": "Two of five children were placed within 12 months; the other three have complex needs and matching is "
          "under way with the regional adoption agency.",
    "31": "The two young people at Oakfield House were moved on 14 October after the home's manager left. Mrs "
          "Okafor, the Head of Service, is reviewing both placements with the Independent Reviewing Officer.",
    "33": "Three of the four children excluded from St Mary's Primary since June 2018 are now in Hartcliffe "
          "alternative provision. Caseloads are monitored weekly. Attendance at the pupil referral unit has "
          "fallen since the staffing changes in the summer term.",
    "36": "Monitored weekly.",
    "40": "One sibling group of three remains separated across two placements out of area. The social worker "
          "visits every six weeks and the family time plan was agreed at court in September. Kingsmead is the only "
          "home able to take all three.",
}

PUBLIC = {
    "1": "Contacts rose in the month as schools returned after the summer break, in line with the pattern seen in "
         "previous years.",
    "2": "Timeliness of decisions on contacts has improved following the introduction of the new front door "
         "screening tool.",
    "3": "The proportion of re-referrals remains within the target range; the service continues to audit a sample "
         "of cases each month to understand the reasons.",
    "4": "Assessments completed within 45 working days remain above target. Caseloads are monitored weekly by "
         "team managers.",
    "6": "Whilst there have been significant improvements in this area, such as the introduction of a family "
         "finder for long term fostering, this work will by definition take longer to show results in ensuring "
         "long term stability.",
    "7": "The average caseload across the division stood at 16.8 cases, higher than the caseload promise of 12 to "
         "15 cases; there were also 6 vacant posts within the Referral and Assessment Service.",
    "8": "Child protection plans lasting two years or more remain low, and every plan over 18 months is reviewed "
         "by the Head of Service.",
    "9": "The number of children subject to a child protection plan has fallen for the third month in a row, in "
         "line with statistical neighbours.",
    "10": "Visits to children in care within statutory timescales dipped in August because of staff leave, and "
          "have since recovered.",
    "11": "Care leavers in education, employment or training remain above the national average; the virtual "
          "school continues to work with the leaving care team on apprenticeships.",
    "12": "Placement stability is improving. The service continues to work closely with partners to reduce "
          "placement moves.",
    "13": "Initial health assessments completed within 20 working days improved after a new booking process was "
          "agreed with the health provider.",
    "14": "Personal education plans are completed for almost all children in care; quality is checked by the "
          "virtual school each term.",
    "15": "Recruitment of foster carers is behind plan; a new marketing campaign starts in November.",
    "16": "The number of children missing from home fell this month. Return home interviews continue to be "
          "offered to every child.",
    "17": "Agency social worker numbers have reduced as the recruitment and retention strategy takes effect.",
    "18": "Early help assessments increased following the relaunch of the early help offer with schools.",
    "19": "Adoption timeliness remains a challenge; the service is working with the regional adoption agency on "
          "family finding.",
    "20": "Staff supervision within timescales remains above target across all teams.",
}


@dataclass(frozen=True)
class Case:
    """A public commentary written for `ref`; `stop` when the export must refuse it (a leak of `part2`)."""

    name: str
    ref: str
    text: str
    stop: bool
    part2: str = ""


CASES: tuple[Case, ...] = (
    # -- commonplace wording shared by chance: the export goes ahead -----------------------------------------
    Case("two words of a short Part 2 note", "4", "Caseloads are monitored weekly by team managers.", False),
    Case("the short Part 2 note in other words", "9", "Plans are monitored weekly at the performance clinic.", False),
    Case("the council's boilerplate", "12", f"Placement stability is improving. {BOILERPLATE}", False),
    Case("boilerplate beside the indicator's own words", "2",
         f"Timeliness improved with the new screening tool. {BOILERPLATE}", False),
    Case("a statutory timescale", "16", "Return home interviews were offered within 72 hours in almost all cases.",
         False),
    Case("a team of the council", "18", "The Inclusion Team is working with schools on the early help offer.",
         False),
    Case("a month name", "15", "A new marketing campaign starts in October.", False),
    Case("the regional adoption agency", "19", "Matching is under way with the regional adoption agency.", False),
    Case("a common phrase about complex needs", "10", "Some children have complex needs that take longer to meet.",
         False),
    Case("an ordinary word as a sentence opener", "20", "Attendance at supervision remains high across all teams.",
         False),
    Case("a period that every draft names", "1", "Contacts rose at the end of October, as expected.", False),
    Case("independent reviewing officers", "14",
         "Independent Reviewing Officer capacity was increased to support timely reviews.", False),
    Case("the pupil referral unit", "18", "Referrals from the pupil referral unit increased this quarter.", False),
    Case("a shared short clause", "17", "Agency numbers have reduced since the staffing changes in the summer term.",
         False),
    Case("a count of something else", "13", "Two new nurses joined the health team in the month.", False),
    Case("both, as a word", "11", "Both care leaver advisers are now in post.", False),
    Case("a count of schools by chance", "18", "Early help work started in two schools this term.", False),
    # -- what Part 2 says, in public commentary: the export stops ---------------------------------------------
    Case("a pasted Part 2 passage", "6", PUBLIC["6"] + " " + PART_2["22"], True, "22"),
    Case("a pasted Part 2 sentence", "12", "Placement stability is improving. The social worker visits every six "
         "weeks and the family time plan was agreed at court in September.", True, "40"),
    Case("a pasted passage, re-cased and re-spaced", "3", "each has a MULTI-AGENCY missing  plan and return "
         "home interviews were offered", True, "22"),
    Case("a quoted count in words", "16", "Missing episodes relate to four young people.", True, "22"),
    Case("a quoted count in digits", "1", "Exclusions rose to 62 this year.", True, "5"),
    Case("two of five", "19", "Only two of five children were placed quickly.", True, "23"),
    Case("a quoted date", "10", "The placements ended on 14 October.", True, "31"),
    Case("a quoted month and year", "18", "Exclusions have risen since June 2018.", True, "33"),
    Case("a school's name", "18", "Early help work is focused on St Mary's Primary this term.", True, "33"),
    Case("a children's home's name", "12", "Placement stability at Oakfield House is improving.", True, "31"),
    Case("a person's name", "20", "Supervision is overseen by Mrs Okafor.", True, "31"),
    Case("a place's name", "11", "A new apprenticeship scheme opened in Hartcliffe.", True, "33"),
    Case("a sibling group", "15", "We need carers for one sibling group of three.", True, "40"),
    Case("a quoted count with its noun", "8", "Fifteen episodes were recorded this month.", True, "22"),
    Case("three of the four", "13", "Three of the four children now attend alternative provision.", True, "33"),
    Case("a name that only opens Part 2's sentence", "12", "Placements at Kingsmead are stable.", True, "40"),
    Case("a paraphrase with nothing specific in it", "17", "A children's home lost its manager, and the young "
         "people living there had to move.", True, "31"),
    Case("a pasted sentence about the unit", "9", "Attendance at the pupil referral unit has fallen since the "
         "staffing changes in the summer term.", True, "33"),
)


def base_commentary() -> dict[str, str]:
    """Every indicator's commentary: the boilerplate line under most of them, Part 1 and Part 2 alike."""
    texts = {**PUBLIC, **PART_2}
    return {ref: (f"{text} {BOILERPLATE}" if int(ref) % 3 else text) for ref, text in texts.items()}


# -- varied commentary for a generated workbook -------------------------------------------------------------

_OPENINGS = (
    "Performance improved this month", "Performance dipped slightly", "The figure is stable", "Numbers rose",
    "Numbers fell", "Timeliness has improved", "The position is unchanged", "There has been steady progress",
    "Demand remains high", "The trend is positive",
)
_REASONS = (
    "following the introduction of a new screening tool", "as a result of additional recruitment",
    "because of staff leave over the summer", "after a review of the front door", "as schools returned",
    "in line with the seasonal pattern", "reflecting higher demand across the county",
    "following targeted audits of practice", "after changes to the recording system",
    "as the new practice model beds in",
)
_ACTIONS = (
    "Team managers review every case at supervision.", "The service continues to work closely with partners.",
    "An action plan is in place and overseen by the Head of Service.", "Audits continue each month.",
    "Data quality is checked weekly.", "A deep dive will be reported to the next board.",
    "Further training for practitioners is planned.", "The improvement plan sets out next steps.",
    "Recruitment to vacant posts is under way.", "Partner agencies have agreed a joint protocol.",
)
_SPECIFIC = (
    "{n} young people are placed at {home}.", "The review of {home} concluded on {day} {month}.",
    "{name} is working with the family of {n} siblings.", "Exclusions at {school} rose to {big}.",
    "{n} children moved placement after {home} closed on {day} {month}.",
)
_HOMES = ("Oakfield House", "Beech Lodge", "Riverside Close", "Elmhurst", "The Willows", "Kingsmead")
_SCHOOLS = ("St Mary's Primary", "Hillcrest Academy", "Brookside School", "Northgate Primary")
_NAMES = ("Mrs Okafor", "Mr Dempsey", "Ms Kaur", "Mrs Lindqvist", "Mr Adeyemi")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "November")


def generated_commentary(refs: list[str], part2: set[str], seed: int = 15) -> dict[str, str]:
    """Varied commentary for every ref: Part 1 from the council's ordinary phrases (with its boilerplate line
    under a third), Part 2 with what only Part 2 may say (homes, schools, names, dates, counts)."""
    rng = random.Random(seed)
    texts: dict[str, str] = {}
    for ref in refs:
        sentences = [f"{rng.choice(_OPENINGS)} {rng.choice(_REASONS)}.", rng.choice(_ACTIONS)]
        if rng.random() < 0.5:
            sentences.append(rng.choice(_ACTIONS))
        if ref in part2:
            sentences.insert(1, rng.choice(_SPECIFIC).format(
                n=rng.choice(("Two", "Three", "Four")), home=rng.choice(_HOMES), day=rng.randint(1, 28),
                month=rng.choice(_MONTHS), name=rng.choice(_NAMES), school=rng.choice(_SCHOOLS),
                big=rng.randint(30, 90)))
        elif rng.random() < 0.33:
            sentences.append(BOILERPLATE)
        texts[ref] = " ".join(dict.fromkeys(sentences))
    return texts
