from wtforms import DateField, IntegerField, PasswordField, SelectField, StringField

from ..i18n import lazy_gettext as _l
from ..models import CouncilRoleKind, GlobalRole
from . import BaseForm, email, max_len, optional, opts, required
from .auth import LANGUAGE_CHOICES


def role_choices():
    return opts([
        (GlobalRole.NONE.value, _l("No global role")),
        (GlobalRole.OFFICER.value, _l("Municipal officer")),
        (GlobalRole.ADMIN.value, _l("Administrator")),
    ])


def council_role_choices():
    return opts([
        (CouncilRoleKind.SECRETARY.value, _l("Secretary")),
        (CouncilRoleKind.MEMBER_ACCESS.value, _l("Member access")),
    ])


class UserForm(BaseForm):
    email = StringField(_l("E-mail"), validators=[required(), email(), max_len(254)])
    display_name = StringField(_l("Name"), validators=[required(), max_len(200)])
    role = SelectField(_l("Global role"), choices=role_choices)
    # Shown when the instance holds several municipalities; 0: every municipality.
    municipality_id = SelectField(_l("Officer of"), coerce=int, choices=[], default=0,
                                  validate_choice=True)
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    person_id = SelectField(_l("Linked person (council member)"), coerce=int, choices=[],
                            validate_choice=True)


class NewUserForm(UserForm):
    password = PasswordField(_l("Initial password"), validators=[required(), max_len(200)])


class ResetPasswordForm(BaseForm):
    password = PasswordField(_l("New password"), validators=[required(), max_len(200)])


class CouncilRoleForm(BaseForm):
    council_id = SelectField(_l("Council"), coerce=int, choices=[])
    role = SelectField(_l("Role"), choices=council_role_choices)


class UserSearchForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[optional(), max_len(200)])
    role = SelectField(_l("Global role"), choices=[], validate_choice=False)
    active = SelectField(_l("Status"), validate_choice=False, choices=opts([
        ("", _l("Any")), ("1", _l("Active")), ("0", _l("Deactivated"))]))


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    actor = IntegerField(_l("User ID"), validators=[optional()])
    object_type = SelectField(_l("Object"), validate_choice=False, choices=[])
    object_id = IntegerField(_l("Object ID"), validators=[optional()])
    since = DateField(_l("From"), validators=[optional()])
    until = DateField(_l("Until"), validators=[optional()])
