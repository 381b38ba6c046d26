"""What a server process does once after start-up."""
import gc

from app import freeze_heap


def test_freeze_heap_keeps_startup_objects_out_of_full_collections(app):
    gc.unfreeze()
    try:
        freeze_heap()
        assert gc.get_freeze_count() > 10_000  # modules, the app, its routes
    finally:
        gc.unfreeze()  # tests build many apps: let them be collected
    assert gc.get_freeze_count() == 0


def test_make_serve_migrates_and_runs_gunicorn_without_the_demo():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    commands = subprocess.run(["make", "-n", "-B", "serve", "VENV=/nonexistent"], cwd=root,
                              capture_output=True, text=True, check=True).stdout
    assert "flask --app wsgi db upgrade" in commands
    assert "gunicorn -c gunicorn.conf.py wsgi:app" in commands
    assert "demo" not in commands


def test_gunicorn_conf_is_one_threaded_worker_sized_by_the_environment(monkeypatch):
    import runpy
    from pathlib import Path

    monkeypatch.setenv("SERVE_THREADS", "250")
    monkeypatch.setenv("PORT", "8123")
    conf = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    assert (conf["workers"], conf["worker_class"], conf["threads"]) == (1, "gthread", 250)
    assert conf["bind"] == "127.0.0.1:8123" and conf["worker_connections"] > 250
