"""The scanner page (organisers and scanner accounts) and its service worker script.

The page is a shell: js/scan/*.js talks to /api/checkins and keeps working offline."""
from flask import current_app, render_template, send_from_directory

from app.checkin import bp
from app.security import roles_required
from app.services.scanner_page import SCANNER_CSP, scanner_page


@bp.get("/scan")
@roles_required("organiser", "scanner")
def scan():
    response = current_app.make_response(render_template("checkin/scan.html", **scanner_page()))
    # The ZXing ponyfill compiles WebAssembly, which script-src 'self' alone forbids.
    response.headers["Content-Security-Policy"] = SCANNER_CSP
    return response


@bp.get("/scan/sw.js")
def service_worker():
    # Public like any static file (it holds no data); served here, not from /static, so that
    # its scope may cover /scan.
    response = send_from_directory(current_app.static_folder, "js/scan/sw.js",
                                   mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/scan"
    response.headers["Cache-Control"] = "no-cache"
    return response
