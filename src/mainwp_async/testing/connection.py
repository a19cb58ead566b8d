"""How a site's connection state moves: sync, reconnect, disconnect, suspend.

A site's ``status`` is never stored: it is derived from the ``sync_errors`` and
``suspended`` columns (:attr:`.state.Site.status`). What the child would answer is kept
in :attr:`.state.Site.child_error` (``""``: it answers normally); contacting the child
copies that text into ``sync_errors`` the way the dashboard does.

Sources (MainWP Dashboard 6.1.2 and MainWP Child 6.1, read and re-expressed here):

* ``class/class-mainwp-sync.php::sync_site`` and ``::sync_information_array``: a failed
  sync stores ``"HTTP error - <curl error>"`` for a transport failure, the long "child
  not detected" text (``class/class-mainwp-error-helper.php::get_error_not_detected_connect``)
  when the child plugin does not answer, or ``"ERROR: "`` + the child's escaped error
  (e.g. its "Authentication failed" after a disconnect, MainWP Child
  ``class/class-mainwp-connect.php::parse_init_auth``); a successful one clears it.
* ``includes/abilities/class-mainwp-abilities-sites.php::execute_sync_sites`` (used by
  the REST sync routes): each failure becomes ``{identifier, code, message}``; the REST
  ``sync_item`` answers ``{"success": 0, "data": []}``, ``sync_items`` gives a failed
  site only ``{"result": "failed"}``.
* ``class/class-mainwp-manage-sites-view.php::m_reconnect_site``: reconnect syncs first,
  re-registers when that fails, and raises the error text when the child cannot be
  reached; the REST ``reconnect_item`` turns it into a 500
  ``mainwp_rest_reconnect_site_error``. ``reconnect_items`` walks the sites ordered by URL
  and stops at the first one without sync errors.
* MainWP Child ``class/class-mainwp-child-callable.php::disconnect``: the child drops the
  dashboard's key and answers ``{"result": "success"}``; the dashboard records nothing
  until the next contact fails with the child's authentication error.
* ``class-mainwp-rest-sites-controller.php::suspend_item``/``unsuspend_item`` only flip
  the ``suspended`` column and answer with the site as it was before.
"""

from __future__ import annotations

from .state import DashboardState, Site

__all__ = [
    "AUTH_FAILED",
    "NOT_DETECTED",
    "disconnect",
    "http_error",
    "reconnect",
    "sync",
    "unreachable",
]

#: ``MainWP_Error_Helper::get_error_not_detected_connect()`` (the anchors are in the text).
NOT_DETECTED = (
    "MainWP Child plugin not detected or could not be reached! Ensure the MainWP Child "
    "plugin is installed and activated on the child site, and there are no security rules "
    "blocking requests.  If you continue experiencing this issue, check the "
    '<a href="https://community.mainwp.com/c/community-support/5" target="_blank">'
    "MainWP Community</a> for help."
)

#: What a child whose key was removed answers, as the dashboard records it
#: (``"ERROR: "`` + ``esc_html`` of the child's message).
AUTH_FAILED = (
    "ERROR: Authentication failed! Please deactivate &amp; re-activate the MainWP Child "
    "plugin on this child site and try again."
)


def http_error(detail: str) -> str:
    """``sync_errors`` for a transport failure: ``"HTTP error - <curl error>"``."""
    return f"HTTP error - {detail}" if detail else "HTTP error"


def sync(state: DashboardState, site: Site) -> bool:
    """Contact the child; on success apply its data, else record its error."""
    if site.child_error:
        site.fields["sync_errors"] = site.child_error
        return False
    state.sync_site(site)
    return True


def reconnect(state: DashboardState, site: Site) -> str:
    """Sync, else re-register: ``""`` on success, else the error text raised."""
    if sync(state, site):
        return ""
    if site.child_error == AUTH_FAILED:  # the child accepts a fresh registration
        site.child_error = ""
        state.sync_site(site)
        return ""
    return site.child_error


def unreachable(site: Site) -> bool:
    """The child cannot be contacted at all (transport error or no child plugin)."""
    return site.child_error.startswith(("HTTP error", "MainWP Child plugin not detected"))


def disconnect(site: Site) -> str:
    """Ask the child to drop the connection: ``""`` when it did, else its error message.

    A child that is not reached at all is the caller's exception path
    (:func:`unreachable`); one that no longer knows the dashboard answers its
    authentication error, which the route passes on without the ``ERROR:`` prefix.
    """
    if site.child_error:
        return site.child_error.removeprefix("ERROR: ")
    site.child_error = AUTH_FAILED
    return ""
