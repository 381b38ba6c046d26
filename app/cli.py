"""Command line: `flask --app wsgi demo`, `token create EMAIL`, `schedule ...`."""
import click
from flask import Flask
from flask.cli import AppGroup

token_cli = AppGroup("token", help="API tokens.")


@token_cli.command("create")
@click.argument("email")
def token_create(email: str) -> None:
    """Print a new API token for the account with EMAIL."""
    from app.services.accounts import AccountError, create_api_token

    try:
        click.echo(create_api_token(email))
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("demo")
@click.option("--reset", is_flag=True, help="Delete all event data first and load the demo again.")
def demo(reset: bool) -> None:
    """Load the demo event (the 2023 Social Innovation Hackathon) and print the demo logins."""
    from app.services.demo import DemoExists, load_demo

    try:
        logins = load_demo(reset=reset)
    except DemoExists as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(logins.describe())


@click.command("demo-if-empty", hidden=True)
def demo_if_empty() -> None:
    """Load the demo when the database holds no event (used by `make run`)."""
    from app.services.demo import DemoExists, load_demo, remind_demo_logins
    from app.services.events import current_event

    if current_event() is None:
        try:
            click.echo(load_demo().describe())
        except DemoExists as exc:  # demo accounts left without an event: say so, keep serving
            click.echo(str(exc))
    else:
        click.echo(remind_demo_logins())


outbox_cli = AppGroup("outbox", help="The email outbox.")


@outbox_cli.command("send")
def outbox_send() -> None:
    """Send the queued emails that are due, once, and say what happened."""
    from app.services.mail.outbox import deliver_due, mail_server_configured

    if not mail_server_configured():
        raise click.ClickException("No MAIL_SERVER is set: emails stay held in the outbox.")
    report = deliver_due()
    click.echo(f"sent {report.sent}, retrying later {report.retrying}, failed {report.failed}")


@outbox_cli.command("work")
def outbox_work() -> None:
    """Run the outbox worker in the foreground (a process of its own) until interrupted."""
    from flask import current_app

    from app.services.mail.worker import OutboxWorker

    if not current_app.config.get("MAIL_SERVER"):
        raise click.ClickException("No MAIL_SERVER is set: emails stay held in the outbox.")
    worker = OutboxWorker(current_app._get_current_object())
    click.echo("Sending the outbox's emails; stop with Ctrl+C.")
    try:
        worker.run()
    except KeyboardInterrupt:
        pass


def register(app: Flask) -> None:
    from app.schedule.cli import schedule_cli

    app.cli.add_command(token_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(schedule_cli)
    app.cli.add_command(demo)
    app.cli.add_command(demo_if_empty)
