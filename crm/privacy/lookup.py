"""The one "find the party" step in front of the inzage page and the access-request export."""

from flask import redirect, render_template, url_for

from crm.privacy.forms import PartyLookupForm
from crm.services.subject_access import find_party
from crm.validation import InvalidInput


def party_lookup_page(target_endpoint: str, title: str, intro: str):
    """Ask for a BSN or partijnummer (posted, never in the URL) and go on to that party's page."""
    form = PartyLookupForm()
    if form.validate_on_submit():
        try:
            party = find_party(form.reference.data)
        except InvalidInput as error:
            form.reference.errors.append(error.message)
        else:
            return redirect(url_for(target_endpoint, party_id=party.id))
    return render_template("privacy/lookup.html", form=form, title=title, intro=intro)
