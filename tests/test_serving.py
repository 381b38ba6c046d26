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
