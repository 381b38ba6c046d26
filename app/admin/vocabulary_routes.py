"""Organiser pages for the managed lists (skill tags, languages) and conflicts of interest."""
from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms.fields.choices import SelectChoice

from app.admin import bp
from app.admin.event_forms import (
    ConflictForm,
    LanguageForm,
    LanguageNameForm,
    SkillTagForm,
    form_values,
)
from app.admin.helpers import (
    event_or_404,
    flash_refusal,
    found_or_404,
    render_form,
    submit_form,
)
from app.admin.list_forms import filter_form
from app.security import organiser_required
from app.services import conflicts, lists, vocabulary
from app.services.checks import ValidationFailed

# Skill tags

@bp.route("/tags", methods=["GET", "POST"])
@organiser_required
def tags():
    event = event_or_404()
    form = SkillTagForm()
    done = submit_form(form, partial(vocabulary.add_tag, event, form_values(form)),
                       lambda tag: _("Tag '%(name)s' added.", name=tag.name), "admin.tags")
    if done:
        return done
    return render_form("admin/vocabulary/tags.html", form, tags=vocabulary.list_tags(event))


@bp.route("/tags/<int:tag_id>/edit", methods=["GET", "POST"])
@organiser_required
def tag_edit(tag_id: int):
    event = event_or_404()
    tag = found_or_404(vocabulary.get_tag(event, tag_id), _("tag"))
    old_name = tag.name
    form = SkillTagForm(data={"name": tag.name, "label": tag.label})
    done = submit_form(
        form, partial(vocabulary.rename_tag, event, tag, form_values(form)),
        lambda changed: ngettext(
            "Tag '%(old)s' is now '%(new)s'; %(num)s person or team was updated.",
            "Tag '%(old)s' is now '%(new)s'; %(num)s people and teams were updated.",
            changed, old=old_name, new=tag.name),
        "admin.tags")
    if done:
        return done
    return render_form("admin/vocabulary/tag_edit.html", form, tag=tag, old_name=old_name)


@bp.post("/tags/<int:tag_id>/delete")
@organiser_required
def tag_delete(tag_id: int):
    event = event_or_404()
    tag = found_or_404(vocabulary.get_tag(event, tag_id), _("tag"))
    name = tag.name
    try:
        vocabulary.delete_tag(event, tag)
    except ValidationFailed as failed:
        flash_refusal(failed)
    else:
        flash(_("Tag '%(name)s' deleted.", name=name), "success")
    return redirect(url_for("admin.tags"))


# Languages

@bp.route("/languages", methods=["GET", "POST"])
@organiser_required
def languages():
    event = event_or_404()
    form = LanguageForm()
    done = submit_form(form, partial(vocabulary.add_language, event, form_values(form)),
                       lambda lang: _("Language '%(code)s' added.", code=lang.code),
                       "admin.languages")
    if done:
        return done
    return render_form("admin/vocabulary/languages.html", form,
                       languages=vocabulary.list_languages(event))


@bp.route("/languages/<int:language_id>/edit", methods=["GET", "POST"])
@organiser_required
def language_edit(language_id: int):
    event = event_or_404()
    lang = found_or_404(vocabulary.get_language(event, language_id), _("language"))
    form = LanguageNameForm(data={"name": lang.name})
    done = submit_form(form, partial(vocabulary.rename_language, lang, form_values(form)),
                       lambda saved: _("Language '%(code)s' is now called %(name)s.",
                                       code=saved.code, name=saved.name),
                       "admin.languages")
    if done:
        return done
    return render_form("admin/vocabulary/language_edit.html", form, lang=lang)


@bp.post("/languages/<int:language_id>/delete")
@organiser_required
def language_delete(language_id: int):
    event = event_or_404()
    lang = found_or_404(vocabulary.get_language(event, language_id), _("language"))
    code = lang.code
    try:
        vocabulary.delete_language(event, lang)
    except ValidationFailed as failed:
        flash_refusal(failed)
    else:
        flash(_("Language '%(code)s' deleted.", code=code), "success")
    return redirect(url_for("admin.languages"))


# Conflicts of interest

@bp.get("/conflicts")
@organiser_required
def conflicts_page():
    listing = lists.conflict_list(event_or_404(), request.args)
    return render_template("admin/conflicts/list.html", listing=listing,
                           filters=filter_form(listing))


# The form has its own page: it offers every team and partner (hundreds of each at 30x the
# event), which the list need not carry. Its first address, POST /conflicts, still works.
@bp.route("/conflicts/new", methods=["GET", "POST"])
@bp.post("/conflicts", endpoint="conflict_add")
@organiser_required
def conflict_new():
    event = event_or_404()
    teams, partners = conflicts.conflict_choices(event)
    form = ConflictForm()
    form.enterprise_id.choices = [SelectChoice(t.id, f"{t.name} ({t.organisation})")
                                  for t in teams]
    form.partner_id.choices = [SelectChoice(p.id, p.name) for p in partners]
    done = submit_form(form, partial(conflicts.add_conflict, event, form_values(form)),
                       lambda conflict: _("%(partner)s will not meet %(team)s.",
                                          partner=conflict.partner.name,
                                          team=conflict.enterprise.name),
                       "admin.conflicts_page")
    return done or render_form("admin/conflicts/new.html", form)


@bp.post("/conflicts/<int:conflict_id>/delete")
@organiser_required
def conflict_delete(conflict_id: int):
    event = event_or_404()
    conflict = found_or_404(conflicts.get_conflict(event, conflict_id), _("conflict"))
    conflicts.delete_conflict(conflict)
    flash(_("The conflict is removed."), "success")
    return redirect(url_for("admin.conflicts_page"))
