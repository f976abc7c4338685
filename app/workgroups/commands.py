"""`flask workgroups assign <location>`: the automatic assignment from the command line."""

import click
from flask.cli import AppGroup

from app.extensions import db
from app.programme.cli import find_location
from app.workgroups import assignment_services

workgroups_cli = AppGroup("workgroups", help="Workgroup assignment.")


@workgroups_cli.command("assign")
@click.argument("location")
@click.option("--mode", type=click.Choice(["convex", "rank_maximal"]), default="convex")
@click.option("--tie-break", type=click.Choice(["lottery", "registration_time"]), default="lottery")
@click.option("--seed", type=int, default=None, help="Lottery seed; the same seed and data give the same result.")
@click.option("--full", is_flag=True, help="Re-assign everyone except locked and manual assignments.")
def assign(location, mode, tie_break, seed, full):
    """Assign the confirmed participants of LOCATION (slug or id) to workgroups."""
    day = find_location(location)
    try:
        outcome = assignment_services.run_allocation(
            day, mode=mode, tie_break=tie_break, seed=seed, full_rerun=full, created_by="cli"
        )
    except assignment_services.AssignmentError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(format_report(outcome.run.report, day.city, assignment_services.attention(outcome.run)))


def format_report(report: dict, city: str, attention: assignment_services.Attention | None = None) -> str:
    best, fcfs = report["optimal"], report["first_come_first_served"]
    lines = [
        f"Workgroup assignment {city}: seed {best['seed']}, mode {best['mode']}, "
        f"tie-break {best['tie_break']}, {best['seconds'] * 1000:.1f} ms",
        f"{'':28}{'optimal':>16}{'first come':>16}",
    ]
    rows = [(f"{rank}{suffix} choice", rank) for rank, suffix in (("1", "st"), ("2", "nd"), ("3", "rd"))]
    for label, key in rows:
        lines.append(f"{label:28}{_cell(best, key, ranks=True):>16}{_cell(fcfs, key, ranks=True):>16}")
    for label, key in (("unranked", "unranked"), ("no preference", "no_preference"), ("unassigned", "unassigned")):
        lines.append(f"{label:28}{_cell(best, key):>16}{_cell(fcfs, key):>16}")
    lines += [
        f"{'average rank (unchosen = ' + str(best['outcome'].get('unchosen_rank', 4)) + ')':28}"
        f"{best['outcome']['average_rank']!s:>16}{fcfs['outcome']['average_rank']!s:>16}",
        f"{'first choices / maximum':28}{best['first_choices']:>9} / {best['first_choices_max']:<4}"
        f"{fcfs['first_choices']:>9} / {fcfs['first_choices_max']:<4}",
        f"{'repeats':28}{best['repeat_count']:>16}{fcfs['repeat_count']:>16}",
        "",
        "per workgroup: round, title, first-choice demand / capacity, assigned",
    ]
    lines += [
        f"  {o['round']}  {o['title'][:40]:40} {o['first_choice_demand']:>4} / {o['capacity']:<4} {o['assigned']:>4}"
        for o in best["offers"]
    ]
    for round_ in best["rounds"]:
        ranks = round_["outcome"]["ranks"]
        lines.append(
            f"round {round_['round']}: 1st {ranks['1']}, 2nd {ranks['2']}, 3rd {ranks['3']}, "
            f"unassigned {round_['outcome']['unassigned']}"
        )
    if attention and attention.unranked:
        lines.append("unranked: " + ", ".join(attention.unranked))
    if attention and attention.unassigned:
        lines.append("unassigned: " + ", ".join(attention.unassigned))
    return "\n".join(lines)


def _cell(report: dict, key: str, ranks: bool = False) -> str:
    outcome = report["outcome"]
    count = outcome["ranks"][key] if ranks else outcome[key]
    return f"{count} ({outcome['percent'][key]}%)"
