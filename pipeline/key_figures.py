"""The documents' key figures: the year, a chapter and an Action in figures, each counted from
the records (value, label), in the document's words."""

from __future__ import annotations

from .model import Action, Sources


def partner_institutions(actions) -> set:
    """Partner institutions, each once: by acronym or name within its country (a Ministry of
    the Interior in two countries is two institutions; one partner of two Actions is one)."""
    return {(a.country or a.id, p.acronym or p.name.translations) for a in actions
            for p in a.partners}


def chapter_figures(actions: list[Action], words) -> list[tuple[str, str]]:
    """A chapter in figures: its Actions, their countries, their partner institutions."""
    gettext = words.gettext
    countries = {a.country for a in actions if a.country}
    regions = [a for a in actions if a.region]
    counted = [(len(actions), gettext("Action featured"), gettext("Actions featured")),
               (len(countries), gettext("partner country"), gettext("partner countries")),
               (len(regions), gettext("regional network"), gettext("regional networks")),
               (len(partner_institutions(actions)), gettext("partner institution"),
                gettext("partner institutions"))]
    return [(words.number(n), one if n == 1 else many) for n, one, many in counted if n]


def action_figures(action: Action, words) -> list[tuple[str, str]]:
    """A factsheet's panel, each figure from the Action's records (value, label): its status,
    when its milestones fall, its partner institutions, milestones and countries covered."""
    gettext = words.gettext
    counted = [(len(partner_institutions([action])), gettext("partner institution"),
                gettext("partner institutions")),
               (len(action.milestones), gettext("milestone"), gettext("milestones")),
               (len(action.covers), gettext("country covered"), gettext("countries covered"))]
    period = words.period(action.milestones)
    return ([(words.status(action.status), gettext("Status"))]
            + ([(period, gettext("Dates"))] if period else [])
            + [(words.number(n), one if n == 1 else many) for n, one, many in counted if n])


def key_figures(sources: Sources, actions: tuple[Action, ...], words) -> list[tuple[str, str]]:
    """The year in figures, each counted from the records (value, label)."""
    year, gettext = sources.edition.year, words.gettext
    countries = {a.country for a in actions if a.country}
    regions = [a for a in actions if a.region]
    partners = partner_institutions(actions)
    milestones = [m for a in actions for m in a.milestones if m.start.year == year]
    counted = [(len(actions), gettext("Action featured"), gettext("Actions featured")),
               (len(countries), gettext("partner country"), gettext("partner countries")),
               (len(regions), gettext("regional network"), gettext("regional networks")),
               (len(sources.edition.achievements), gettext("area of achievement"),
                gettext("areas of achievement")),
               (len(partners), gettext("partner institution"),
                gettext("partner institutions")),
               (len(milestones), words.say("milestone in %(year)s", year=year),
                words.say("milestones in %(year)s", year=year))]
    return [(words.number(n), one if n == 1 else many) for n, one, many in counted if n]
