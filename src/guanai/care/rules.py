"""Frequency rules (关爱频次): how often care must happen, set per org unit for its subtree.

A rule of a unit holds for the unit and everything below it. A unit's rule with the same
``code`` as an ancestor's replaces it for the unit's subtree; one with ``active=False``
switches the inherited rule off there. Leaders of a unit write its rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.care import permissions
from guanai.care.models import CareKind, FrequencyRule, HelperRole, Period, RiskLevel, RuleTarget
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import fits
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Category

MAX_DAYS = 366
MAX_TIMES = 50

# The rules of the plans. The names are data, in Chinese, as a leader would type them.
GENERAL_RULES: list[dict[str, object]] = [
    {
        "code": "disabled-visit-yearly",
        "name": "贫困残疾人家庭每年至少走访慰问一次",
        "category": Category.DISABLED,
        "kinds": f"{CareKind.HOME_VISIT},{CareKind.CONDOLENCE_VISIT}",
        "period": Period.YEAR,
        "source": "篇八：走访慰问不得少于1次",
    },
    {
        "code": "left-behind-family-call",
        "name": "留守儿童每月至少一次亲情电话",
        "category": Category.LEFT_BEHIND,
        "kinds": CareKind.FAMILY_CALL.value,
        "period": Period.MONTH,
        "source": "篇一：亲情电话",
    },
    {
        "code": "high-risk-weekly",
        "name": "高风险对象每周至少联系一次",
        "risk_level": RiskLevel.HIGH,
        "period": Period.WEEK,
        "source": "个案管理",
    },
]
# The rules of a school's pupils and class teachers (篇一).
SCHOOL_RULES: list[dict[str, object]] = [
    {
        "code": "talk-every-4-weeks",
        "name": "每名特殊群体学生至少每4周谈心一次",
        "kinds": CareKind.TALK.value,
        "period": Period.DAYS,
        "days": 28,
        "source": "篇一：了解学习、生活、情绪、交友、身体情况",
    },
    {
        "code": "class-teacher-talks",
        "name": "班主任每周与3—5名特殊群体学生谈一次心",
        "target": RuleTarget.HELPER,
        "helper_role": HelperRole.CLASS_TEACHER,
        "kinds": CareKind.TALK.value,
        "period": Period.WEEK,
        "times": 3,
        "times_max": 5,
        "source": "篇一：各班教师每周与3—5名特殊群体学生谈一次心",
    },
]


@transaction.atomic
def seed_default_rules(unit: OrgUnit) -> int:
    """Give ``unit`` the plans' general rules and each school below it the school rules.

    Rules whose code the unit has already are left as they are, so seeding again (after
    new schools were added, say) only adds what is missing. Returns how many were made.
    """
    schools = list(OrgUnit.objects.filter(subtree_q([unit]), kind=OrgKind.SCHOOL, is_active=True))
    wanted = [(unit, spec) for spec in GENERAL_RULES]
    wanted += [(school, spec) for school in schools for spec in SCHOOL_RULES]
    have = set(
        FrequencyRule.objects.filter(org_unit__in=[unit, *schools]).values_list(
            "org_unit_id", "code"
        )
    )
    new = [
        FrequencyRule(org_unit=where, **spec)
        for where, spec in wanted
        if (where.pk, spec["code"]) not in have
    ]
    FrequencyRule.objects.bulk_create(new)
    return len(new)


# --- Which rules hold where -------------------------------------------------------------


@dataclass(frozen=True)
class RuleInForce:
    """A rule as it holds in a unit: ``inherited`` when it was set in a unit above."""

    rule: FrequencyRule
    inherited: bool

    @property
    def origin(self) -> OrgUnit:
        return self.rule.org_unit


def rules_on_paths(paths: Iterable[str]) -> list[FrequencyRule]:
    """Return every rule set in a unit on the given units' paths to the root (one query)."""
    ancestors: set[str] = set()
    for path in paths:
        ancestors.update(OrgUnit(path=path).ancestor_paths())
    if not ancestors:
        return []
    return list(
        FrequencyRule.objects.filter(org_unit__path__in=sorted(ancestors)).select_related(
            "org_unit"
        )
    )


def resolve(
    rules: Iterable[FrequencyRule], path: str, *, keep_off: bool = False
) -> list[RuleInForce]:
    """Return the rules holding in the unit at ``path``, from rules set on its way up.

    The nearest unit's rule of a code wins; switched-off rules are left out unless
    ``keep_off`` (the rules page shows them, marked).
    """
    on_path = [r for r in rules if path.startswith(r.org_unit.path)]
    on_path.sort(key=lambda r: (len(r.org_unit.path), r.pk))
    by_code: dict[str, FrequencyRule] = {}
    for rule in on_path:
        by_code[rule.code] = rule
    held = [
        RuleInForce(rule=rule, inherited=rule.org_unit.path != path)
        for rule in by_code.values()
        if keep_off or rule.active
    ]
    return sorted(held, key=lambda r: (r.rule.target != RuleTarget.PERSON, r.rule.code))


def rules_in_force(unit: OrgUnit, *, keep_off: bool = False) -> list[RuleInForce]:
    """Return the rules holding in ``unit``, each with where it was set."""
    return resolve(rules_on_paths([unit.path]), unit.path, keep_off=keep_off)


# --- Writing rules ----------------------------------------------------------------------


@dataclass
class RuleData:
    code: str
    name: str
    target: str = RuleTarget.PERSON
    category: str = ""
    risk_level: str = ""
    helper_role: str = ""
    kinds: list[str] | None = None
    period: str = Period.MONTH
    days: int | None = None
    times: int = 1
    times_max: int | None = None
    source: str = ""
    active: bool = True


def require_leader(acting_user: User, unit: OrgUnit) -> None:
    if not permissions.is_leader_of(acting_user, unit):
        raise PermissionRefused(_("Only a leader of this unit may change its care rules."))


def _choice(value: str, allowed: list[str], field: str) -> str:
    if value and value not in allowed:
        raise ValidationFailed(_("Choose one of the listed values."), field=field)
    return value


def rule_clean(data: RuleData) -> RuleData:
    """Check a rule's values; return them with what does not apply cleared."""
    code = data.code.strip().lower()
    if not code:
        raise ValidationFailed(_("Enter a short code for the rule."), field="code")
    fits(code, FrequencyRule, "code")
    name = data.name.strip()
    if not name:
        raise ValidationFailed(_("Give the rule a name."), field="name")
    fits(name, FrequencyRule, "name")
    source = fits(data.source.strip(), FrequencyRule, "source")
    _choice(data.target, RuleTarget.values, "target")
    if not data.target:
        raise ValidationFailed(_("Choose whom the rule applies to."), field="target")
    _choice(data.category, Category.values, "category")
    _choice(data.risk_level, RiskLevel.values, "risk_level")
    _choice(data.helper_role, HelperRole.values, "helper_role")
    kinds = list(dict.fromkeys(data.kinds or []))
    for kind in kinds:
        _choice(kind, CareKind.values, "kinds")
    if data.period not in Period.values:
        raise ValidationFailed(_("Choose how often."), field="period")
    if not 1 <= data.times <= MAX_TIMES:
        raise ValidationFailed(
            _("“At least” must be between 1 and %(max)s.") % {"max": MAX_TIMES}, field="times"
        )
    if data.times_max is not None and not data.times <= data.times_max <= MAX_TIMES:
        raise ValidationFailed(
            _("“At most” cannot be less than “at least” (nor more than %(max)s).")
            % {"max": MAX_TIMES},
            field="times_max",
        )
    days = data.days
    if data.period == Period.DAYS:
        if days is None or not 1 <= days <= MAX_DAYS:
            raise ValidationFailed(
                _("Enter the number of days, from 1 to %(max)s.") % {"max": MAX_DAYS},
                field="days",
            )
        if data.times != 1 or data.times_max is not None:
            raise ValidationFailed(
                _(
                    "A rule of “every so many days” asks for one contact in that time; "
                    "for more, use a week, a month or a year."
                ),
                field="times",
            )
    else:
        days = None
    person_rule = data.target == RuleTarget.PERSON
    return replace(
        data,
        code=code,
        name=name,
        kinds=kinds,
        days=days,
        category=data.category if person_rule else "",
        risk_level=data.risk_level if person_rule else "",
        helper_role="" if person_rule else data.helper_role,
        times_max=None if person_rule else data.times_max,
        source=source,
    )


def _apply(rule: FrequencyRule, data: RuleData) -> None:
    for name in (
        "name",
        "target",
        "category",
        "risk_level",
        "helper_role",
        "period",
        "days",
        "times",
        "times_max",
        "source",
        "active",
    ):
        setattr(rule, name, getattr(data, name))
    rule.kinds = ",".join(data.kinds or [])


@transaction.atomic
def rule_create(*, acting_user: User, unit: OrgUnit, data: RuleData) -> FrequencyRule:
    """Set a rule in ``unit``; with an ancestor's code it overrides that rule below here."""
    require_leader(acting_user, unit)
    data = rule_clean(data)
    if FrequencyRule.objects.filter(org_unit=unit, code=data.code).exists():
        raise ValidationFailed(
            _("This unit has a rule with this code already; edit that rule instead."),
            field="code",
        )
    rule = FrequencyRule(org_unit=unit, code=data.code)
    _apply(rule, data)
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError:
        raise ValidationFailed(
            _("This unit has a rule with this code already; edit that rule instead."),
            field="code",
        ) from None
    return rule


@transaction.atomic
def rule_update(
    *, acting_user: User, rule: FrequencyRule, version: int, data: RuleData
) -> FrequencyRule:
    """Save a leader's changes to a rule of their unit; the code stays as it was."""
    current = FrequencyRule.objects.select_for_update().select_related("org_unit").get(pk=rule.pk)
    require_leader(acting_user, current.org_unit)
    refuse_stale(
        current,
        version,
        message=_("Someone else saved this rule after you opened it. Reload it and try again."),
    )
    data = rule_clean(replace(data, code=current.code))
    _apply(current, data)
    bump(current)
    current.save()
    return current


def rule_data_of(rule: FrequencyRule) -> RuleData:
    """Return a rule's values, as an edit or an override starts from them."""
    return RuleData(
        code=rule.code,
        name=rule.name,
        target=rule.target,
        category=rule.category,
        risk_level=rule.risk_level,
        helper_role=rule.helper_role,
        kinds=rule.kind_list,
        period=rule.period,
        days=rule.days,
        times=rule.times,
        times_max=rule.times_max,
        source=rule.source,
        active=rule.active,
    )


def rules_visible(units: QuerySet[OrgUnit]) -> QuerySet[FrequencyRule]:
    """Return the rules set in ``units`` (a scoped queryset), for look-ups by id."""
    return FrequencyRule.objects.filter(org_unit__in=units).select_related("org_unit")
