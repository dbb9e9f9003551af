from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField

from ..i18n import lazy_gettext as _l
from . import BaseForm, max_len, opts, required

LANGUAGE_CHOICES = opts([("lv", "Latviešu"), ("en", "English")])


class LoginForm(BaseForm):
    email = StringField(_l("E-mail"), validators=[required(), max_len(254)])
    password = PasswordField(_l("Password"), validators=[required(), max_len(200)])
    remember = BooleanField(_l("Keep me logged in on this device"))
    next = HiddenField()


class ProfileForm(BaseForm):
    display_name = StringField(_l("Name"), validators=[required(), max_len(200)])
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class PasswordForm(BaseForm):
    current_password = PasswordField(_l("Current password"), validators=[required(), max_len(200)])
    new_password = PasswordField(_l("New password"), validators=[required(), max_len(200)])
