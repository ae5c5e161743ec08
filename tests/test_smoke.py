"""The thin end-to-end path: the CLI runs and the app serves its page in a real browser."""

from support import run_cli

from dashboard.app import create_app


def test_cli_help_lists_subcommands():
    done = run_cli("--help")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for command in ("serve", "state", "passages", "resolve", "check", "index"):
        assert command in out


def test_page_loads_in_browser(dash_duo):
    app = create_app()
    dash_duo.start_server(app)
    dash_duo.wait_for_text_to_equal("h1", "Karabakh Atlas", timeout=10)
    assert dash_duo.get_logs() == []
