"""Dependents rules R-D01…R-D03 (rules.md "Dependents (随往人员)"), on `data["dependents"]`.

They judge a `new` case (`NewCaseFacts`) and a `dependents_change` (`CaseFacts`, whose data is
`{"permit_no", "dependents"}`) alike; only the sex of the person the dependents accompany comes
from different places (`rules.data.applicant_sex`: the applicant's ID number, or the permit holder).

A case without a `dependents` section, or with no spouse and no children, brings nobody: these
rules then hold. ID numbers of dependents are R-P09's.

R-D04 (children need a one-child certificate or a second-child birth permit; birth certificates for
twins) has no registered check, because the case data holds no fact about that paper: it is a
material. `rules.checklists` lists NEW-10D (rule R-D04) whenever a child accompanies, and R-W02
(`rules.process.r_w02_missing`) refuses the preliminary review until the district ticks it received.
"""

import datetime as dt
from typing import Any

from core.dates import age_on
from rules.data import applicant_sex, birth_and_sex, children, section, spouse
from rules.engine import Failure, fail, rule
from rules.facts import CaseFacts, NewCaseFacts

SCHOOL_LEVELS_BELOW_UNIVERSITY = ("kindergarten", "primary", "junior", "senior")  # 高中及以下


def child_age(child: dict[str, Any], today: dt.date) -> int | None:
    """周岁 on `today`, from the child's ID number (or a birth date given beside it)."""
    birth, _ = birth_and_sex(child)
    return None if birth is None else age_on(birth, today)


def child_over_16(child: dict[str, Any], today: dt.date) -> bool:
    age = child_age(child, today)
    return age is not None and age > 16


def brings_children_as_divorced_man(dependents: dict[str, Any] | None, sex: str | None) -> bool:
    """The case of R-D03's exception and of checklist items NEW-10F and DEP-07: `dependents` is the
    data's `dependents` section, `sex` that of the applicant or holder they accompany."""
    divorced = (dependents or {}).get("marital_status") == "divorced"
    return sex == "M" and divorced and bool(children(dependents))


@rule("R-D01", seed="篇2 新办 二.10(1)(3); 随往人员变更 (4)", zh="随往配偶须有在京单位聘用合同和结婚证",
      en="An accompanying spouse needs a labour contract with a Beijing employer and a marriage certificate")
def r_d01_spouse(facts: NewCaseFacts | CaseFacts, today: dt.date) -> list[Failure]:
    """A contract with less than 2 months left (the spouse's optional `contract_ends_on`) needs the
    renewed contract as well: a paper, not a fact of the data, so `rules.checklists` lists it
    (NEW-10AR, DEP-04R, rule R-D01) and R-W02 waits for the district to tick it, as for R-D04."""
    dependents = section(facts.data, "dependents")
    partner = spouse(dependents)
    if partner is None:
        return []
    out: list[Failure] = []
    if partner.get("beijing_employment_contract") is not True:
        out.append(fail("R-D01", "配偶须与在京工作单位签订聘用（劳动）合同才能随往",
                        "The spouse may accompany only with a labour contract with an employer in Beijing",
                        "dependents.spouse.beijing_employment_contract"))
    if (dependents or {}).get("marital_status") != "married":
        out.append(fail("R-D01", "配偶随往须为已婚（提供结婚证），请将婚姻状况填为“已婚”",
                        "A spouse may accompany only a married applicant (marriage certificate); set the "
                        "marital status to married", "dependents.marital_status"))
    return out


@rule("R-D02", seed="篇2 新办 二.10(5)", zh="超过16周岁的子女须在读高中及以下才能随往",
      en="A child older than 16 may accompany only while at senior high school or below")
def r_d02_child_in_school(facts: NewCaseFacts | CaseFacts, today: dt.date) -> list[Failure]:
    out: list[Failure] = []
    for i, child in enumerate(children(section(facts.data, "dependents"))):
        age = child_age(child, today)
        if age is None or age <= 16 or child.get("school_level") in SCHOOL_LEVELS_BELOW_UNIVERSITY:
            continue
        if child.get("school_level") == "university":
            zh, en = "大学在读的子女不能随往", "a university student may not accompany"
        else:
            zh, en = ("只有在读高中及以下（须学校出具在校证明）的才能随往",
                      "only one at senior high school level or below (with a school certificate) may")
        out.append(fail("R-D02", f"第{i + 1}个子女已满{age}周岁（超过16周岁），{zh}",
                        f"Child {i + 1} is {age}, older than 16: {en}",
                        f"dependents.children.{i}.school_level"))
    return out


@rule("R-D03", seed="篇2 新办 二.10(6)", zh="男性申请人的子女随往须配偶一同随往（离异且子女判给男方的除外）",
      en="A male applicant's children accompany only with his spouse, unless divorced with custody")
def r_d03_male_with_children(facts: NewCaseFacts | CaseFacts, today: dt.date) -> list[Failure]:
    dependents = section(facts.data, "dependents")
    sex = applicant_sex(facts)
    if sex != "M" or not children(dependents) or spouse(dependents) is not None:
        return []
    custody = (dependents or {}).get("custody_judgment") is True
    if brings_children_as_divorced_man(dependents, sex) and custody:
        return []
    return [fail("R-D03", "男性申请人的子女随往，须配偶一同随往；"
                          "只有离异且法院判决子女归男方的除外（须提供离婚协议和判决书）",
                 "A male applicant's children may accompany only together with his spouse, unless he is "
                 "divorced and a judgment gave him custody (divorce agreement and judgment required)",
                 "dependents.spouse")]
