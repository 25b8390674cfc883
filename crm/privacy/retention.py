"""Retention rules: the beheerder sets them and sees what they would do today."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from crm import permissions
from crm.extensions import db
from crm.models import CaseType, Channel, RetentionRule
from crm.privacy.blueprint import bp
from crm.privacy.forms import RetentionRuleForm
from crm.services.errors import NotFound
from crm.services.retention import create_retention_rule, deactivate_retention_rule, plan_retention
from crm.validation import InvalidInput


@bp.get("/bewaartermijnen")
@permissions.requires("retention.read")
def retention_rules():
    """All retention rules, and per active rule what a run today would pseudonymise or delete."""
    rules = db.session.scalars(select(RetentionRule).order_by(RetentionRule.active.desc(), RetentionRule.id)).all()
    plan = {step.rule.id: step for step in plan_retention()}
    return render_template("privacy/retention.html", rules=rules, plan=plan)


@bp.route("/bewaartermijnen/nieuw", methods=["GET", "POST"])
@permissions.requires("retention.manage")
def new_retention_rule():
    """Add a retention rule for a case type and/or a channel."""
    form = RetentionRuleForm()
    form.case_type_id.choices = [SelectChoice(0, _("— geen zaaktype —"))] + [
        SelectChoice(t.id, t.name) for t in db.session.scalars(select(CaseType).order_by(CaseType.name))
    ]
    form.channel_id.choices = [SelectChoice(0, _("— geen kanaal —"))] + [
        SelectChoice(c.id, c.name) for c in db.session.scalars(select(Channel).order_by(Channel.sort_order, Channel.name))
    ]
    if form.validate_on_submit():
        try:
            create_retention_rule(
                current_user,
                form.term_months.data,
                form.action.data,
                case_type_id=form.case_type_id.data or None,
                channel_id=form.channel_id.data or None,
                basis=form.basis.data,
            )
        except InvalidInput as error:
            getattr(form, error.field or "case_type_id", form.case_type_id).errors.append(error.message)
        else:
            flash(_("De bewaarregel is toegevoegd."), "success")
            return redirect(url_for("privacy.retention_rules"))
    return render_template("privacy/retention_new.html", form=form)


@bp.post("/bewaartermijnen/<int:rule_id>/uitzetten")
@permissions.requires("retention.manage")
def deactivate_rule(rule_id: int):
    """Switch a retention rule off."""
    try:
        deactivate_retention_rule(rule_id)
    except NotFound:
        abort(404)
    flash(_("De bewaarregel is uitgezet."), "success")
    return redirect(url_for("privacy.retention_rules"))
