"""Alliance days planning system: application factory."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import Config, ProductionConfig

app_log = logging.getLogger(__name__)


def create_app(config_class: type[Config] = Config) -> Flask:
    """Build the application; reads as a table of contents."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_path=os.environ.get("INSTANCE_PATH") or str(Path(__file__).parent.parent / "instance"),
    )
    if config_class is ProductionConfig or issubclass(config_class, ProductionConfig):
        config_class.validate()
    app.config.from_object(config_class)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    register_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXY_COUNT reverse proxies, take the client's address and scheme
    from the headers they add (the last N entries); never trust them otherwise."""
    count = int(app.config.get("TRUSTED_PROXY_COUNT") or 0)
    if count > 0:
        # Flask's documented way to wrap the WSGI application in middleware.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]


def register_extensions(app: Flask) -> None:
    from app.common import headers, language, routing
    from app.common.ratelimit import limiter
    from app.extensions import babel, csrf, db, login_manager, migrate

    routing.install(app)  # before any blueprint adds its rules
    headers.install(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent.parent / "migrations"))
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=language.select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    app.before_request(language.remember_chosen_language)
    login_manager.init_app(app)
    limiter.init_app(app)
    _import_models()
    _import_jobs_and_mail_kinds()

    from app import jobs

    jobs.init_app(app)

    from app.accounts.services import load_user
    from app.calendar.services import install_mail_attachments
    from app.reports.render import install_erasure_purge

    login_manager.user_loader(load_user)
    install_mail_attachments()
    install_erasure_purge()


def _import_models() -> None:
    """Every model module, so metadata and Alembic see all tables."""
    import app.accounts.models  # noqa: F401
    import app.archive.files  # noqa: F401  (its after-commit hook removes deleted files)
    import app.archive.models  # noqa: F401
    import app.communication.models  # noqa: F401
    import app.evaluation.models  # noqa: F401
    import app.jobs.models  # noqa: F401
    import app.mail.models  # noqa: F401
    import app.programme.models  # noqa: F401
    import app.registration.models  # noqa: F401
    import app.reports.models  # noqa: F401
    import app.workgroups.models  # noqa: F401


def _import_jobs_and_mail_kinds() -> None:
    """Every module that registers jobs or mail renderers, so a worker knows them all."""
    import app.accounts.notify  # noqa: F401
    import app.archive.notify  # noqa: F401
    import app.communication.messages  # noqa: F401
    import app.communication.notices  # noqa: F401
    import app.communication.rules  # noqa: F401
    import app.evaluation.mails  # noqa: F401
    import app.jobs.scheduling  # noqa: F401
    import app.mail.delivery  # noqa: F401
    import app.registration.notify  # noqa: F401
    import app.reports.documents  # noqa: F401
    import app.workgroups.notify  # noqa: F401


def register_blueprints(app: Flask) -> None:
    from app.accounts.manage import bp as accounts_manage_bp
    from app.accounts.views import bp as accounts_bp
    from app.archive.manage import bp as archive_manage_bp
    from app.archive.views import bp as archive_bp
    from app.archive.writer import bp as report_writer_bp
    from app.calendar.views import bp as calendar_bp
    from app.communication.views import bp as messages_bp
    from app.evaluation.manage import bp as evaluation_manage_bp
    from app.evaluation.views import bp as evaluation_bp
    from app.mail.manage import bp as mail_bp
    from app.programme.manage import bp as manage_bp
    from app.programme.views import bp as programme_bp
    from app.registration.check_in_manage import bp as door_bp
    from app.registration.manage import bp as registration_manage_bp
    from app.registration.views import bp as registration_bp
    from app.reports.manage import bp as reports_bp
    from app.seasons.manage import bp as seasons_bp
    from app.workgroups.assignment_manage import bp as assignment_bp
    from app.workgroups.facilitator import bp as facilitator_bp
    from app.workgroups.manage import bp as workgroups_manage_bp

    app.register_blueprint(registration_bp)
    app.register_blueprint(registration_manage_bp)
    app.register_blueprint(door_bp)
    app.register_blueprint(programme_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(messages_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(accounts_manage_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(workgroups_manage_bp)
    app.register_blueprint(assignment_bp)
    app.register_blueprint(facilitator_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(evaluation_bp)
    app.register_blueprint(evaluation_manage_bp)
    app.register_blueprint(mail_bp)
    app.register_blueprint(archive_bp)
    app.register_blueprint(archive_manage_bp)
    app.register_blueprint(report_writer_bp)
    app.register_blueprint(seasons_bp)


def register_template_helpers(app: Flask) -> None:
    from app import formatting

    formatting.register(app)


def register_errorhandlers(app: Flask) -> None:
    from flask_babel import gettext as _
    from flask_wtf.csrf import CSRFError

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            _("Formulier verlopen"),
            _("Het formulier was verlopen of niet compleet. Ga terug, vernieuw de pagina en probeer het opnieuw."),
        )

    @app.errorhandler(400)
    def bad_request(error):
        return render_error(
            400, _("Dat ging niet"), _("Deze vraag kunnen wij niet lezen. Ga terug en probeer het opnieuw.")
        )

    @app.errorhandler(403)
    def forbidden(error):
        return render_error(403, _("Geen toegang"), _("U heeft geen toegang tot deze pagina."))

    @app.errorhandler(404)
    def not_found(error):
        return render_error(404, _("Pagina niet gevonden"), _("Deze pagina bestaat niet (meer)."))

    @app.errorhandler(405)
    def method_not_allowed(error):
        return render_error(405, _("Niet toegestaan"), _("Deze actie is hier niet mogelijk."))

    @app.errorhandler(413)
    def too_large(error):
        return render_error(
            413,
            _("Dit is te groot"),
            _("Wat u stuurde is te groot om te verwerken. Stuur alleen tekst, geen bestanden, en probeer het opnieuw."),
        )

    @app.errorhandler(429)
    def too_many(error):
        return render_error(
            429, _("Even wachten"), _("Dat ging te vaak achter elkaar. Wacht een paar minuten en probeer het opnieuw.")
        )

    @app.errorhandler(500)
    def server_error(error):
        return render_server_error()


def render_error(status: int, title: str, message: str):
    from flask import render_template

    return render_template("errors/error.html", title=title, message=message), status


def render_server_error():
    """The site's own error page, also when the database is down: then the signed-in
    user cannot be loaded either, so the page is shown as to a visitor."""
    from flask import g
    from flask_babel import gettext as _
    from flask_login import AnonymousUserMixin, current_user

    from app.extensions import db

    try:
        db.session.rollback()
        current_user.is_authenticated  # noqa: B018 - loads the user now, while we can catch it
    except Exception:  # noqa: BLE001 - the database itself may be what failed
        app_log.warning("error page shown without the signed-in user", exc_info=True)
        g._login_user = AnonymousUserMixin()
    title = _("Er ging iets mis")
    message = _("Er ging iets mis aan onze kant. Uw gegevens zijn niet verloren; probeer het later opnieuw.")
    try:
        return render_error(500, title, message)
    except Exception:  # noqa: BLE001 - last resort: a page that needs nothing at all
        app_log.exception("the error page itself failed")
        return f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p>", 500


def register_commands(app: Flask) -> None:
    from app.accounts.commands import users_cli
    from app.archive.commands import archive_cli
    from app.demo.commands import demo_cli
    from app.evaluation.commands import evaluation_cli
    from app.jobs.commands import dev, jobs_cli
    from app.registration.commands import privacy_cli
    from app.reports.commands import reports_cli
    from app.workgroups.commands import workgroups_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(workgroups_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(evaluation_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(dev)
    app.cli.add_command(archive_cli)
