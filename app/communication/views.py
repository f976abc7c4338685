"""Organisers (any location) and coordinators (their own) write to a chosen group of a
day's participants: preview with the count and one example, then send through the outbox."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.accounts.access import managed_location_or_404, organiser_area, organiser_only
from app.communication import messages, rules
from app.communication.forms import AUDIENCE_LABELS, MailRuleForm, MessageForm
from app.communication.models import MailRule
from app.extensions import db
from app.programme.models import Edition, LocationDay
from app.registration.models import Registration, Status
from app.workgroups.models import WorkgroupOffer

bp = Blueprint("messages", __name__, url_prefix="/beheer")


def _form(location) -> MessageForm:
    form = MessageForm()
    offers = sorted(location.workgroup_offers, key=lambda offer: (offer.round, offer.workgroup.title))
    form.offer_id.choices = [SelectChoice(0, _("Alle werkgroepen"))] + [
        SelectChoice(offer.id, _("Ronde %(round)s: %(title)s", round=offer.round, title=offer.workgroup.title))
        for offer in offers
    ]
    return form


def _audience(form: MessageForm) -> messages.Audience:
    return messages.Audience(
        status=form.status.data,
        offer_id=form.offer_id.data or 0,
        checked_in=form.checked_in.data,
        evaluation=form.evaluation.data,
    )


@bp.route("/locaties/<int:location_id>/berichten", methods=["GET", "POST"])
@organiser_area
def compose(location_id: int):
    location = managed_location_or_404(location_id)
    form = _form(location)
    preview = None
    if form.validate_on_submit():
        audience = _audience(form)
        if request.form.get("action") == "send":
            message = messages.send(location, current_user.id, form.subject.data, form.body.data, audience)
            db.session.commit()
            flash(_("Het bericht gaat naar %(count)s deelnemers.", count=message.recipient_count), "success")
            return redirect(url_for("messages.log", location_id=location.id))
        people = messages.recipients(location, audience)
        example = messages.render_for(form.subject.data, form.body.data, people[0]) if people else None
        preview = dict(count=len(people), example=example)
    return render_template("communication/compose.html", location=location, form=form, preview=preview)


@bp.route("/locaties/<int:location_id>/berichten/verstuurd")
@organiser_area
def log(location_id: int):
    location = managed_location_or_404(location_id)
    offers = {offer.id: offer for offer in db.session.query(WorkgroupOffer).filter_by(location_day_id=location.id)}
    return render_template("communication/log.html", location=location, sent=messages.sent_at(location), offers=offers)


# --- scheduled mail rules (edition-wide: organisers only) ----------------------------------


def _rule_or_404(rule_id: int) -> MailRule:
    return db.get_or_404(MailRule, rule_id)


def _example_person(edition: Edition):
    return db.session.scalar(
        select(Registration)
        .join(LocationDay, LocationDay.id == Registration.location_day_id)
        .where(LocationDay.edition_id == edition.id, Registration.status == Status.CONFIRMED)
        .order_by(Registration.id)
        .limit(1)
    )


@bp.route("/edities/<int:edition_id>/mailregels", methods=["GET", "POST"])
@organiser_only
def mail_rules(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    form = MailRuleForm()
    if form.validate_on_submit():
        rule = rules.save_rule(MailRule(), edition, **form.rule_values())
        db.session.commit()
        flash(_("De regel is opgeslagen."), "success")
        return redirect(url_for("messages.edit_mail_rule", rule_id=rule.id))
    return render_template(
        "communication/rules.html",
        edition=edition,
        rules=rules.rules_of(edition),
        form=form,
        audience_labels=AUDIENCE_LABELS,
    )


@bp.route("/mailregels/<int:rule_id>/bewerken", methods=["GET", "POST"])
@organiser_only
def edit_mail_rule(rule_id: int):
    rule = _rule_or_404(rule_id)
    edition = db.get_or_404(Edition, rule.edition_id)
    form = MailRuleForm(obj=rule)
    if request.method == "GET":
        form.show(rule)
    if form.validate_on_submit():
        rules.save_rule(rule, edition, **form.rule_values())
        db.session.commit()
        flash(_("De regel is opgeslagen."), "success")
        return redirect(url_for("messages.edit_mail_rule", rule_id=rule.id))
    person = _example_person(edition)
    example = rules.preview(rule.subject, rule.body, person) if person is not None else None
    timing = [
        (location, rules.moment(rule, location), len(rules.audience_of(rule, location)))
        for location in sorted(edition.location_days, key=lambda location: location.date)
    ]
    return render_template(
        "communication/rule.html", edition=edition, rule=rule, form=form, example=example, timing=timing
    )


@bp.route("/mailregels/<int:rule_id>/aan-uit", methods=["POST"])
@organiser_only
def switch_mail_rule(rule_id: int):
    rule = _rule_or_404(rule_id)
    rules.switch(rule)
    db.session.commit()
    flash(_("De regel staat aan.") if rule.active else _("De regel staat uit."), "success")
    return redirect(url_for("messages.edit_mail_rule", rule_id=rule.id))


@bp.route("/mailregels/<int:rule_id>/inhalen", methods=["POST"])
@organiser_only
def catch_up_mail_rule(rule_id: int):
    rule = _rule_or_404(rule_id)
    rules.catch_up(rule)
    db.session.commit()
    flash(_("Ook wie het moment al gepasseerd is krijgt deze e-mail, binnen een minuut."), "success")
    return redirect(url_for("messages.edit_mail_rule", rule_id=rule.id))
