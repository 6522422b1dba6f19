"""The ISF rules as plain functions over the cited parameters.

Each function cites the passages it implements (``@cites``), names the parameters it reads
(``@rule(uses=...)``) and says in Norwegian what it does for the site's readers (``label_nb``,
``description_nb``); ``tracker check`` verifies the citations and parameters against the extracted text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Literal

from tracker.errors import TrackerError
from tracker.rules.citations import cites
from tracker.rules.params import NoValue
from tracker.rules.registry import parameter, rule

Area = Literal["somatikk", "phv_tsb"]

_AREA_ALIASES = {
    "somatikk": "somatikk",
    "somatisk": "somatikk",
    "phv_tsb": "phv_tsb",
    "phv/tsb": "phv_tsb",
    "phv": "phv_tsb",
    "tsb": "phv_tsb",
    "psykisk helsevern": "phv_tsb",
    "psykisk helsevern og tsb": "phv_tsb",
}


class RuleError(TrackerError, ValueError):
    """Input the rules cannot answer; the message says why."""


class UnknownCode(RuleError, KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class CodeDiscontinued(RuleError):
    """The code ceased without a replacement ("utgår")."""


class NotCovered(RuleError):
    """The corpus does not state the rule for this case."""


def area_of(area: str) -> Area:
    key = " ".join(area.strip().casefold().replace("-", " ").split())
    try:
        return _AREA_ALIASES[key]  # type: ignore[return-value]
    except KeyError:
        raise RuleError(f"unknown area {area!r}; use 'somatikk' or 'phv_tsb'") from None


@rule(
    uses=("enhetspris.somatikk", "enhetspris.phv_tsb"),
    label_nb="ISF-refusjon i kroner",
    description_nb=(
        "Regner ut ISF-refusjonen i kroner for et antall ISF-poeng et gitt år: poengene ganget med "
        "enhetsprisen for somatikk eller for psykisk helsevern og TSB."
    ),
)
@cites(
    "isf-2027-presentasjon",
    "Enhetsprisen per ISF-poeng i somatikk 2026 er 55 704 kroner",
    title="Endring i enhetsrefusjonen innen somatikk i 2026",
    section_id="s-p4-endring-i-enhetsrefusjonen-inn",
    lineage="endring-enhetsrefusjonen-somatikk",
)
def isf_refund(points: float, year: int, area: str) -> float:
    """ISF refund in NOK for ``points`` ISF points in ``year`` and ``area``: points × the unit price.

    Raises :class:`~tracker.rules.params.NoValue` for a year whose unit price the corpus does not give.
    """
    if points < 0:
        raise RuleError(f"points must not be negative (got {points})")
    price = parameter(f"enhetspris.{area_of(area)}").value_at(year)
    return round(points * price, 2)


def _age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _value_or_none(name: str, day: dt.date) -> object | None:
    try:
        return parameter(name).value_at(day)
    except NoValue:
        return None


@rule(
    uses=(
        "egenandelsfritak.phv_tsb.til_og_med_aaret_de_fyller",
        "egenandelsfritak.phv_tsb.barn_under",
        "egenandelsfritak.alle.aldre",
    ),
    label_nb="Fritak for egenandel",
    description_nb=(
        "Avgjør om en pasient slipper egenandel for en kontakt, ut fra alder og fagområde: barn under 18 år "
        "og, fra 2025, unge voksne til og med året de fyller 26 år i psykisk helsevern og TSB, og 16- og "
        "17-åringer i alle helsetjenester fra 1. august 2026."
    ),
)
@cites(
    "isf-2025-grunnlagsdokument",
    "Alle kontakter opp til og med det året de fyller 26 år vil da får et poengtillegg tilsvarende satsen for egenandeler",
    section="8.2",
    section_id="s-8.2",
    title="Håndtering av egenandelsfritaket innen poliklinisk psykisk helsevern og TSB",
    lineage="handtering-egenandelsfritaket-poliklinisk-psykisk",
)
@cites(
    "isf-2027-presentasjon",
    "Opplegget omfatter alle egenandeler som inngår i skjermingstaket",
    title="Budsjettforliket RNB– egenandelsfritak 16-17 åringer",
    section_id="s-p5-budsjettforliket-rnb-egenandel",
    lineage="budsjettforliket-rnb-egenandelsfritak-aringer",
)
def copayment_exempt(birth_date: dt.date, contact_date: dt.date, area: str) -> bool:
    """Whether a patient born ``birth_date`` is exempt from the copayment for a contact on ``contact_date``.

    Psychiatric care/TSB: children under 18; from 2025 everyone up to and including the calendar year in
    which they turn 26. Every area: 16- and 17-year-olds from 1 August 2026. Raises :class:`NotCovered`
    for somatic patients under 16, whose rule the corpus does not state.
    """
    if birth_date > contact_date:
        raise RuleError(f"birth date {birth_date} is after the contact date {contact_date}")
    which = area_of(area)
    age = _age_on(birth_date, contact_date)
    young_ages = _value_or_none("egenandelsfritak.alle.aldre", contact_date)
    if isinstance(young_ages, list) and age in young_ages:
        return True
    if which == "phv_tsb":
        up_to_year_turning = _value_or_none("egenandelsfritak.phv_tsb.til_og_med_aaret_de_fyller", contact_date)
        if isinstance(up_to_year_turning, int) and contact_date.year - birth_date.year <= up_to_year_turning:
            return True
        children_under = _value_or_none("egenandelsfritak.phv_tsb.barn_under", contact_date)
        if isinstance(children_under, int):
            return age < children_under
        raise NotCovered(f"the corpus states no copayment rule for psychiatric care/TSB on {contact_date}")
    lowest_known = min(young_ages) if isinstance(young_ages, list) else None
    if lowest_known is None or age < lowest_known:
        raise NotCovered(
            f"the corpus states no copayment rule for somatic patients aged {age} on {contact_date}"
        )
    return False


_CODE_RE = re.compile(r"^[A-Z]{1,6}\d{1,5}[A-Z]?$")


def _norm_code(code: str) -> str:
    return unicodedata.normalize("NFKC", code).strip().upper()


@rule(
    uses=("saerkoder.endringer",),
    label_nb="Kode som erstatter en særkode",
    description_nb=(
        "Finner koden som skal rapporteres et år for en særkode fra 2024: før 2025 særkoden selv, fra 2025 "
        "prosedyrekoden som erstatter den. For en særkode som utgår uten erstatning (B0050), sier regelen fra "
        "om det."
    ),
)
@cites(
    "isf-2025-grunnlagsdokument",
    "Særkodene utgår som eget kodeverk og flere koder erstattes av prosedyrekoder for 2025",
    section="7.4",
    section_id="s-7.4",
    title="Særkoder 2025",
    lineage="saerkoder",
)
@cites(
    "isf-2024-grunnlagsdokument",
    "Særkoden, B0051 Konsentrerte tverrfaglige heldags behandlingstilbud, videreføres i 2024",
    section="4.2",
    section_id="s-4.2",
    title="Konsentrerte tverrfaglige heldagstilbud",
    lineage="polikliniske-halv-heldagstilbud",
)
@cites(
    "isf-2024-grunnlagsdokument",
    "Vi opprettholder koding av særkode B0050 Intensivpasient etter nærmere kriterier",
    section="5.5",
    section_id="s-5.5",
    title="Intensivbehandling",
    lineage="intensivbehandling",
)
def replacement_code(code: str, year: int) -> str:
    """The code to report in ``year`` for a særkode of 2024.

    Before 2025 the særkode itself; from 2025 its procedure code (A0099 → WWAA00, …). Raises
    :class:`CodeDiscontinued` for a code that ceased (B0050) and :class:`UnknownCode` for anything else.
    """
    wanted = _norm_code(code)
    table = parameter("saerkoder.endringer")
    change_start = table.values[0].start
    rows = {row["old_code"]: row for row in table.values[0].value}
    if wanted not in rows:
        shape = "" if _CODE_RE.match(wanted) else " (not even shaped like a code)"
        raise UnknownCode(f"{code!r} is not a særkode of 2024{shape}; known særkoder: {', '.join(sorted(rows))}")
    if year < change_start.year:
        return wanted
    row = {r["old_code"]: r for r in table.value_at(year)}[wanted]
    if row["change"] == "removed" or not row.get("new_code"):
        raise CodeDiscontinued(f"særkode {wanted} ({row['old_text']}) utgår from {change_start.isoformat()} without replacement")
    return str(row["new_code"])


@rule(
    uses=("respirator.varighetskoder",),
    label_nb="Varighetskode for respiratorbehandling",
    description_nb=(
        "Finner WWGX-koden for én sammenhengende periode med respiratorbehandling ut fra hvor mange timer den "
        "varte (et døgn er 24 timer)."
    ),
)
@cites(
    "isf-2027-presentasjon",
    "Kodene skal brukes sammen med GXAV01 respiratorbehandling og GXAV24 Respiratorbehandling med høyfrekvensventilasjon",
    title="Intensivbehandling – innføring av koder for varighet av respiratorbehandling",
    section_id="s-p23-intensivbehandling-innforing-a",
    lineage="intensivbehandling-innforing-koder-varighet",
)
def respirator_duration_code(hours: float) -> str:
    """The WWGX code for one continuous period of ventilator treatment lasting ``hours`` hours.

    <1 day WWGX00; ≥1 and <3 days WWGX01; ≥3 and <11 days WWGX02; ≥11 days WWGX03 (a day is 24 hours).
    """
    if hours < 0:
        raise RuleError(f"duration must not be negative (got {hours} hours)")
    days = hours / 24
    table = parameter("respirator.varighetskoder")
    for row in table.values[-1].value:
        upper = row["max_days"]
        if row["min_days"] <= days and (upper is None or days < upper):
            return str(row["code"])
    raise RuleError(f"no duration code covers {hours} hours ({table.where})")


def _norm_words(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"(\w)-\s+(og|eller)\b", r"\1 \2", text)  # "Dag- og døgn" → "dag og døgn"
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@rule(
    uses=("aktivitetsgrunnlag.somatikk", "aktivitetsgrunnlag.phv_tsb"),
    label_nb="Aktivitet som gir ISF-refusjon",
    description_nb=(
        "Avgjør om en type aktivitet (for eksempel poliklinikk eller dagkirurgi) hos en type virksomhet "
        "utløser ISF-refusjon til det regionale helseforetaket, etter tabellene over aktivitetsgrunnlaget."
    ),
)
@cites(
    "isf-2025-grunnlagsdokument",
    "Tabellen under oppsummerer hovedprinsippene for hvilken aktivitet som utløser ISF-refusjon til det regionale helseforetaket hvor pasienten er bosatt",
    section="9.2",
    section_id="s-9.2",
    title="Aktivitetsgrunnlag på overordnet nivå",
    lineage="aktivitetsgrunnlag-overordnet-niva",
)
def gives_isf_refund(unit: str, activity: str, area: str = "somatikk", year: int = 2025) -> bool:
    """Whether ``activity`` (e.g. "poliklinikk", "dagkirurgi") of ``unit`` (e.g. "Helseforetak") triggers ISF
    refund to the RHF (Tabell 9.1 somatikk, Tabell 9.2 psykisk helsevern og TSB)."""
    table = parameter(f"aktivitetsgrunnlag.{area_of(area)}")
    rows = table.value_at(year)
    unit_key, activity_key = _norm_words(unit), _norm_words(activity)
    unit_rows = [r for r in rows if _norm_words(r["unit_type"]) == unit_key]
    if not unit_rows:
        known = "; ".join(sorted({r["unit_type"] for r in rows}))
        raise RuleError(f"unknown unit {unit!r} for {area} {year}; the table lists: {known}")
    for row in unit_rows:
        if activity_key in {_norm_words(a) for a in row["activities"]}:
            return bool(row["refund"])
    listed = "; ".join(a for r in unit_rows for a in r["activities"])
    raise RuleError(f"the table lists no activity {activity!r} for {unit!r} ({area} {year}); it lists: {listed}")


@rule(
    uses=("npr.rapporteringsfrister",),
    label_nb="Frist for rapportering til NPR",
    description_nb=(
        "Finner fristen for å rapportere aktivitetsdata til Norsk pasientregister (NPR) for et tertial et "
        "gitt år, for første eller endelige leveranse."
    ),
)
@cites(
    "isf-2024-grunnlagsdokument",
    "Data rapporteres til NPR 2. virkedag i måneden etter avsluttet tertial",
    section="8.6",
    section_id="s-8.6",
    title="Rapporteringsfrister til Norsk pasientregister",
    lineage="rapporteringsfrister-norsk-pasientregister",
)
def npr_deadline(year: int, tertial: int, delivery: Literal["first", "final"] = "first") -> dt.date:
    """The NPR reporting deadline for ``tertial`` (1–3) of data year ``year``: the first delivery, or the
    second and final one."""
    if tertial not in (1, 2, 3):
        raise RuleError(f"tertial must be 1, 2 or 3 (got {tertial})")
    if delivery not in ("first", "final"):
        raise RuleError(f"delivery must be 'first' or 'final' (got {delivery!r})")
    rows = parameter("npr.rapporteringsfrister").value_at(year)
    row = next(r for r in rows if r["tertial"] == tertial)
    return row[f"{delivery}_delivery"]


@rule(
    uses=("grupper.endringer",),
    label_nb="Finansiering av en DRG-, STG- eller TFG-gruppe",
    description_nb=(
        "Avgjør om en aktivitetsgruppe gir finansiering et gitt år ut fra de registrerte endringene (den "
        "siste endringen til og med året gjelder). Svaret er ukjent når teksten ikke sier det."
    ),
)
@cites(
    "isf-2025-grunnlagsdokument",
    "Forløp for innsetting av kneprotese ble opprettet i 2020 uten finansiering",
    section="6.14",
    section_id="s-6.14",
    title="Forløp for innsetting av kneprotese",
    lineage="kneprotese-forlop",
)
def group_financed(system: str, code: str, year: int) -> bool | None:
    """Whether the DRG/STG/TFG group ``code`` gives financing in ``year`` according to the recorded
    changes (the latest change up to ``year`` wins); None when the text does not say."""
    wanted_system, wanted_code = system.strip().upper(), _norm_code(code)
    table = parameter("grupper.endringer")
    state: bool | None = None
    seen = False
    for entry in table.values:
        if entry.start.year > year:
            break
        for row in entry.value:
            if row["system"] == wanted_system and str(row["code"]) == wanted_code:
                seen = True
                state = False if row["change"] == "utgår" else row.get("with_financing")
    if not seen:
        raise UnknownCode(f"no recorded change for {wanted_system} {wanted_code} up to {year} ({table.where})")
    return state
