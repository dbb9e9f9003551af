"""Login, logout, throttling, `next`, CSRF, profile."""

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import AuditEntry, LoginFailure, User
from tests import factories
from tests.conftest import DEMO_PASSWORD


@pytest.fixture
def user(app):
    u = factories.user(email="ilze@example.lv", display_name="Ilze Bērziņa")
    db.session.commit()
    return u


def test_login_page_has_named_fields(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in html and 'name="password"' in html


def test_login_good(client, user):
    response = client.post_form("/login", {"email": "Ilze@Example.lv ", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/profile").status_code == 200
    assert db.session.get(User, user.id).last_login_at is not None
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.login")).first()


@pytest.mark.parametrize("email,password", [
    ("ilze@example.lv", "wrong-password"),
    ("nobody@example.lv", DEMO_PASSWORD),
])
def test_login_bad_gives_one_message_for_both(client, user, email, password):
    response = client.post_form("/login", {"email": email, "password": password})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "E-pasts vai parole nav pareiza" in html
    assert f'value="{email}"' in html  # what the user typed is kept
    assert client.get("/profile").status_code == 302


def test_login_throttled_after_repeated_failures(app, client, user):
    app.config["LOGIN_MAX_FAILURES"] = 3
    for _ in range(3):
        assert client.post_form("/login", {"email": user.email, "password": "x"}).status_code == 400
    response = client.post_form("/login", {"email": user.email, "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "Pārāk daudz mēģinājumu" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(LoginFailure.id))) == 3


def test_successful_logins_do_not_count_towards_the_limit(app, client, user):
    app.config["LOGIN_MAX_FAILURES"] = 2
    for _ in range(5):
        client.login(user.email)
        client.logout()
    client.post_form("/login", {"email": user.email, "password": "x"})
    client.login(user.email)  # one failure is below the limit
    assert client.get("/profile").status_code == 200


def test_success_clears_earlier_failures(app, client, user):
    app.config["LOGIN_MAX_FAILURES"] = 3
    client.post_form("/login", {"email": user.email, "password": "x"})
    client.post_form("/login", {"email": user.email, "password": "x"})
    client.login(user.email)
    assert db.session.scalar(select(db.func.count(LoginFailure.id))) == 0


def test_throttle_by_address_holds_across_emails(app, client, user):
    app.config["LOGIN_MAX_FAILURES_PER_IP"] = 3
    for i in range(3):
        client.post_form("/login", {"email": f"guess{i}@example.lv", "password": "x"})
    response = client.post_form("/login", {"email": user.email, "password": DEMO_PASSWORD})
    assert response.status_code == 429


def test_deactivated_user_cannot_log_in(client, user):
    user.is_active = False
    db.session.commit()
    response = client.post_form("/login", {"email": user.email, "password": DEMO_PASSWORD})
    assert response.status_code == 400
    assert client.get("/profile").status_code == 302


def test_deactivated_user_is_logged_out_on_next_request(client, user):
    client.login(user.email)
    db.session.get(User, user.id).is_active = False
    db.session.commit()
    assert client.get("/profile").status_code == 302


def test_logout_is_post_only(client, user):
    client.login(user.email)
    assert client.get("/logout").status_code == 405
    assert client.get("/profile").status_code == 200
    client.logout()
    assert client.get("/profile").status_code == 302


def test_logout_without_csrf_is_refused(client, user):
    client.login(user.email)
    response = client.post("/logout")
    assert response.status_code == 400
    assert client.get("/profile").status_code == 200


@pytest.mark.parametrize("target,expected", [
    ("/admin/", "/admin/"),
    ("https://evil.example/", "/"),
    ("//evil.example/x", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
])
def test_next_only_to_local_paths(client, user, target, expected):
    token = client.csrf_token()
    response = client.post("/login", data={"csrf_token": token, "email": user.email,
                                           "password": DEMO_PASSWORD, "next": target})
    assert response.headers["Location"] == expected


def test_login_required_redirects_with_next(client):
    response = client.get("/profile")
    assert response.status_code == 302
    assert "/login?next=%2Fprofile" in response.headers["Location"]


def test_missing_csrf_gives_friendly_400(client, user):
    response = client.post("/login", data={"email": user.email, "password": DEMO_PASSWORD})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Veidlapas derīguma termiņš" in html or "Veidlapa" in html
    assert "CSRF" not in html


@pytest.mark.parametrize("bad", ["", "x" * 10_000, "ilze\x00@example.lv"])
def test_login_bad_input_never_500(client, user, bad):
    response = client.post_form("/login", {"email": bad, "password": bad})
    assert response.status_code == 400


def test_profile_change_name_and_language(client, user):
    client.login(user.email)
    response = client.post_form("/profile", {"profile-display_name": "Ilze Bērziņa-Ozola",
                                             "profile-locale": "en"})
    assert response.status_code == 302
    assert db.session.get(User, user.id).display_name == "Ilze Bērziņa-Ozola"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "My profile" in page
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "user.update_profile" in actions


@pytest.mark.parametrize("name", ["", "x" * 10_000, "Ilze\x00"])
def test_profile_bad_input_keeps_values(client, user, name):
    client.login(user.email)
    response = client.post_form("/profile", {"profile-display_name": name,
                                             "profile-locale": "lv"})
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert db.session.get(User, user.id).display_name == "Ilze Bērziņa"


def test_change_password_requires_current(client, user):
    client.login(user.email)
    response = client.post_form("/profile/password", {"pw-current_password": "wrong",
                                                      "pw-new_password": "jauna-parole-123"})
    assert response.status_code == 400
    assert "Pašreizējā parole nav pareiza" in response.get_data(as_text=True)
    response = client.post_form("/profile/password", {"pw-current_password": DEMO_PASSWORD,
                                                      "pw-new_password": "jauna-parole-123"})
    assert response.status_code == 302
    assert db.session.get(User, user.id).check_password("jauna-parole-123")


def test_change_password_too_short(client, user):
    client.login(user.email)
    response = client.post_form("/profile/password", {"pw-current_password": DEMO_PASSWORD,
                                                      "pw-new_password": "short"})
    assert response.status_code == 400
    assert db.session.get(User, user.id).check_password(DEMO_PASSWORD)


def test_language_switch_is_remembered_in_a_cookie(client):
    response = client.get("/?lang=en")
    assert "padome_lang=en" in response.headers.get("Set-Cookie", "")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    client.get("/?lang=lv")
    assert '<html lang="lv">' in client.get("/").get_data(as_text=True)


def test_language_switch_keeps_the_page(client):
    html = client.get("/councils/?lang=lv").get_data(as_text=True)
    assert 'href="/councils/?lang=en"' in html


def test_default_language_is_latvian(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="lv">' in html
    assert "Pieteikties" in html
